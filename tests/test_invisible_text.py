"""Invisible characters and full-width digits: removed where their meaning is certain (codes, numbers, names), so that
a message never reads "'29' is not a number"; named where they stay (a direction mark), so that it never looks so."""

import polars as pl
import pytest

from checks.validate import validate
from tests.helpers import submission, write
from transforms.extract import read_submission
from transforms.frames import cells_frame, submissions_frame
from transforms.resolve import resolve_commune
from vocabulary.text import clean, fold, parse_number, plain, visible

INVISIBLE = {"byte order mark": "\ufeff", "zero-width space": "\u200b", "zero-width non-joiner": "\u200c",
             "zero-width joiner": "\u200d", "word joiner": "\u2060", "soft hyphen": "\u00ad"}


@pytest.mark.parametrize("character", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_is_no_part_of_a_number_a_code_or_a_name(character):
    assert parse_number(f"{character}29") == parse_number(f"2{character}9") == 29.0
    assert parse_number(f"1.{character}234") == 1234.0
    assert clean(f"{character}24076{character}") == "24076"
    assert clean(f"Phú T{character}úc") == "Phú Túc"
    assert fold(f"Ia M{character}lăh") == fold("Ia Mlăh") == "ia mlah"


def test_full_width_digits_letters_and_signs_are_the_ascii_ones():
    assert plain("２４０７６") == "24076"
    assert parse_number("２９") == 29.0 and parse_number("２.３４２") == 2342.0 and parse_number("１１，７８") == 11.78
    assert fold("Ｐｈú　Ｔúc") == "phu tuc"


def test_only_what_is_certain_is_changed():
    assert parse_number("29²") is None  # NFKC would make it 292
    assert clean("\u202e29") == "\u202e29"  # a direction mark changes what a reader sees: kept, and named
    assert clean("Buôn Đắk") == "Buôn Đắk"


@pytest.mark.parametrize("text, shown", [
    ("\u202e29", "⟨U+202E⟩29"), ("Thôn\u200e 1", "Thôn⟨U+200E⟩ 1"), ("a\x1bb", "a⟨U+001B⟩b"),
    ("dòng 1\ndòng 2", "dòng 1\ndòng 2"), ("Phú Túc", "Phú Túc"), ("1\u00a0234", "1\u00a0234"),
])
def test_visible_names_format_and_control_characters(text, shown):
    assert visible(text) == shown


def _errors(*paths):
    extracted = [read_submission(p) for p in paths]
    submissions = submissions_frame(extracted, "2020")
    return extracted, submissions, validate(extracted, submissions, cells_frame(extracted), "2020")


def test_a_commune_code_with_a_byte_order_mark_resolves(tmp_path):
    sub = submission("24091")
    sub.commune.commune_code = "\ufeff24091"
    extracted, submissions, errors = _errors(write(tmp_path / "a.xlsx", sub))
    assert errors.is_empty(), errors.to_dicts()
    assert submissions["resolved_commune_code"].to_list() == ["24091"]
    assert extracted[0].info["commune_code"][0] == "24091"  # stored without it


def test_a_commune_name_with_a_zero_width_space_is_matched_by_name(tmp_path):
    sub = submission("24091")
    sub.commune.commune_code = ""
    sub.commune.commune_name = "Xã Ia M\u200blăh"
    extracted, _, errors = _errors(write(tmp_path / "a.xlsx", sub))
    assert errors.is_empty(), errors.to_dicts()
    found = resolve_commune(extracted[0].info)
    assert (found.commune["commune_code"], found.method) == ("24091", "exact_name")  # not a near miss, matched fuzzily


def test_a_village_name_keeps_no_invisible_character(tmp_path):
    sub = submission("24091")
    sub.villages[0]["village"] = "\ufeffBuôn Ma\u200bLăm"
    extracted, _, _ = _errors(write(tmp_path / "a.xlsx", sub))
    assert "Buôn MaLăm" in {cell[4] for cell in extracted[0].cells}


def test_a_direction_mark_in_a_figure_is_named_in_both_messages(tmp_path):
    sub = submission("24091")
    sub.villages[0]["newly_poor_households"] = "\u202e1"
    _, _, errors = _errors(write(tmp_path / "a.xlsx", sub))
    [error] = errors.filter(pl.col("cell") == "K5").to_dicts()
    assert error["rule"] == "not_a_number" and error["value"] == "\u202e1"  # stored as written
    assert "'⟨U+202E⟩1'" in error["message_vi"] and "'⟨U+202E⟩1'" in error["message_en"]
    assert "\u202e" not in error["message_vi"] + error["message_en"]
