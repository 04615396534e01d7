import unicodedata

import pytest

from vocabulary.text import clean, fold, parse_number


@pytest.mark.parametrize("text, number", [
    ("2.342", 2342.0), ("11,78", 11.78), ("1.234.567", 1234567.0), ("1.234,5", 1234.5), ("107", 107.0),
    ("11.78", 11.78), (" 42 ", 42.0), (3.0, 3.0), (0, 0.0),
])
def test_parse_number_accepts_vietnamese_and_plain_numbers(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["12 hộ", "không", "-", "", "1,2,3", None, True])
def test_parse_number_refuses_what_is_not_plainly_a_number(text):
    assert parse_number(text) is None


def test_clean_returns_nfc_with_single_spaces():
    decomposed = unicodedata.normalize("NFD", "Hộ  nghèo\nDTTS")
    assert clean(decomposed) == "Hộ nghèo DTTS"
    assert unicodedata.is_normalized("NFC", clean(decomposed))


def test_fold_ignores_accents_case_and_d_stroke():
    assert fold("ĐẤT BẰNG") == fold("Đắt Bảng") == "dat bang"
