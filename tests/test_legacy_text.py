"""TCVN3 / VNI legacy text: tables, conversion both ways, detection, and a workbook read by calamine."""

import random
import shutil
import sqlite3
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from transforms.legacy_text import TCVN3_TO_UNICODE, VNI_TO_UNICODE, detect, encode, to_unicode

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
# Every Vietnamese letter that is not plain ASCII: 12 vowels x 6 tones, less the 6 bare ASCII vowels, plus đ.
LOWER = sorted(
    {unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES} - set("aeiouy") | {"đ"}
)
UPPER = [ch.upper() for ch in LOWER]
TCVN3_CAPITALS = list("ĂÂÊÔƠƯĐ")

LABELS = [
    "Tổng số hộ", "Hộ nghèo", "Hộ cận nghèo", "Thôn, buôn", "Tổng cộng", "Xã Ia Mláh", "Huyện Krông Pa",
    "Tỉnh Gia Lai", "Số khẩu", "Tỷ lệ hộ nghèo (%)", "Người lập biểu", "Chủ tịch UBND xã",
    "Buôn Chư Gu", "Thôn Đoàn Kết", "Ghi chú", "Đơn vị tính: hộ",
]
UNICODE_SENTENCES = LABELS + [
    "Hoàng Văn Thụ", "Nguyễn Thị Hương", "Phường Hội Phú, thành phố Pleiku", "Biểu số 01/BC-GN",
    "Ước thực hiện năm 2020", "Giảm nghèo bền vững", "Được phê duyệt", "Quyết định số 1234/QĐ-UBND",
    "Nhà ở, nước sinh hoạt, vệ sinh", "Tiếp cận dịch vụ y tế, giáo dục", "Khuyết tật", "Gia đình chính sách",
    "TỔNG HỢP KẾT QUẢ RÀ SOÁT", "Ia Rsai", "Đăk Pơ", "H'Bông", "Ayun Pa", "Kbang", "Chư Sê",
    "Xã Ia RTô", "KRông", "Xã SRó", "Nhoóng", "Thông tin", "hoà", "hòa", "thuý", "thúy", "Quyết định",
]


def test_tables_cover_every_letter():
    assert len(LOWER) == 67 and len(set(LOWER + UPPER)) == 134
    assert sorted(VNI_TO_UNICODE.values()) == sorted(LOWER + UPPER)
    assert sorted(TCVN3_TO_UNICODE.values()) == sorted(LOWER + TCVN3_CAPITALS)
    # Every legacy code is a single Latin-1 byte (or two for VNI), so Windows-1252 readers keep it intact.
    for code in list(TCVN3_TO_UNICODE) + list(VNI_TO_UNICODE):
        assert all(0xA0 <= ord(ch) <= 0xFF or ch.isascii() for ch in code)


@pytest.mark.parametrize("letter", LOWER + TCVN3_CAPITALS)
def test_tcvn3_round_trip(letter):
    code = encode(letter, "tcvn3")
    assert len(code) == 1 and not code.isascii()
    assert to_unicode(code, "tcvn3") == letter
    # Inside a word too (the decoder must not depend on neighbours).
    assert to_unicode(encode(f"b{letter}n", "tcvn3"), "tcvn3") == f"b{letter}n"


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trip(letter):
    code = encode(letter, "vni")
    assert 1 <= len(code) <= 2
    assert to_unicode(code, "vni") == letter
    word = f"{'B' if letter.isupper() else 'b'}{letter}{'N' if letter.isupper() else 'n'}"
    assert to_unicode(encode(word, "vni"), "vni") == word


def test_all_letters_in_one_string_round_trip():
    text = " ".join(LOWER + UPPER)
    assert to_unicode(encode(text, "vni"), "vni") == text
    lower_text = " ".join(LOWER + TCVN3_CAPITALS)
    assert to_unicode(encode(lower_text, "tcvn3"), "tcvn3") == lower_text


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs iconv")
def test_tcvn3_table_matches_glibc():
    # glibc's TCVN5712-1 ("VN1") has the same lower-case half and A1-AE as the VN3 fonts.
    for code, letter in TCVN3_TO_UNICODE.items():
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=code.encode("latin-1"),
                             capture_output=True, check=True).stdout.decode()
        assert unicodedata.normalize("NFC", out) == letter, hex(ord(code))


def test_known_legacy_spellings():
    assert encode("Hộ nghèo", "tcvn3") == "Hé nghÌo"
    assert encode("Hộ nghèo", "vni") == "Hoä ngheøo"
    assert encode("Người", "tcvn3") == "Ng\xadêi"
    assert encode("Đường", "vni") == "Ñöôøng"
    assert encode("ỵ Ỵ", "vni") == "î Î"
    assert to_unicode("Xin chaøo caùc baïn", "vni") == "Xin chào các bạn"
    # The base letter decides the case, whatever the case of the mark byte.
    assert to_unicode("OÁng Oáng oÁng", "vni") == "Ống Ống ống"
    assert to_unicode("Hé nghÌo", "TCVN3") == to_unicode("Hoä ngheøo", "VNI")


def test_tcvn3_capitals():
    # Toned capitals are typed with the lower-case byte in an upper-case font.
    assert encode("TỔNG CỘNG", "tcvn3") == "TæNG CéNG"
    with pytest.raises(ValueError):
        encode("TỔNG", "tcvn3", strict=True)
    assert encode("ĐÊ", "tcvn3", strict=True) == "§£"
    assert to_unicode("TæNG CéNG", "tcvn3") == "TỔNG CỘNG"
    assert to_unicode("Hé NGHÌO", "tcvn3") == "HỘ NGHÈO"  # "Hé nghÌo" typed for .VnTimeH
    assert to_unicode("§éI", "tcvn3") == "ĐỘI"
    # Title case and mixed strings stay as typed.
    assert to_unicode("Hé, X·", "tcvn3") == "Hộ, Xã"
    assert to_unicode("UBND x· Ia Ml¸h", "tcvn3") == "UBND xã Ia Mláh"
    assert to_unicode("X· IA ML¸H", "tcvn3") == "XÃ IA MLÁH"
    # Jarai spellings with a capital cluster are not shouting.
    assert to_unicode("X· Ia RTô, Ch\xad RC¨m, Ia RS\xad¬m", "tcvn3") == "Xã Ia RTụ, Chư RCăm, Ia RSươm"
    for text in UNICODE_SENTENCES:
        if text.isupper():
            assert to_unicode(encode(text, "tcvn3"), "tcvn3") == text


@pytest.mark.parametrize("text", UNICODE_SENTENCES)
def test_sentence_round_trip(text):
    assert to_unicode(encode(text, "vni"), "vni") == text
    if not any(ch.isupper() and encode(ch, "tcvn3") == encode(ch.lower(), "tcvn3") != ch.lower()
               for ch in text):
        assert to_unicode(encode(text, "tcvn3"), "tcvn3") == text


def test_result_is_nfc():
    assert to_unicode("Hoä", "vni") == unicodedata.normalize("NFC", "Hộ")
    assert to_unicode(unicodedata.normalize("NFD", "Hộ"), "vni") == "Hộ"


def test_unknown_encoding():
    with pytest.raises(ValueError):
        to_unicode("x", "viscii")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_detect_legacy(encoding):
    assert detect(encode(t, encoding) for t in LABELS) == encoding
    assert detect(encode(t, encoding) for t in UNICODE_SENTENCES) == encoding
    for label in ["Tổng số hộ", "Hộ nghèo", "Thôn, buôn", "Tổng cộng", "Xã Ia Mláh", "Huyện Krông Pa",
                  "Tỉnh Gia Lai"]:
        assert detect([encode(label, encoding), "STT", "1", ""]) == encoding, label
    # Numbers and ASCII headers mixed in do not matter; non-strings are ignored.
    assert detect([encode(t, encoding) for t in LABELS] + ["STT", "A", "12,5", None, 3.0]) == encoding


def test_detect_unicode():
    assert detect(UNICODE_SENTENCES) is None
    assert detect([unicodedata.normalize("NFD", t) for t in UNICODE_SENTENCES]) is None
    for text in UNICODE_SENTENCES:
        assert detect([text]) is None, text
        assert detect([unicodedata.normalize("NFD", text)]) is None, text


def test_detect_ascii_and_empty():
    assert detect([]) is None
    assert detect(["STT", "Ten thon", "Tong so ho", "Ho ngheo", "1", "2"]) is None
    assert detect(["25°C", "m²", "«quoted»", "½"]) is None


def test_calamine_reads_tcvn3_workbook(tmp_path):
    labels = ["Tỉnh Gia Lai", "Huyện Krông Pa", "Xã Ia Mláh", "Thôn, buôn", "Tổng số hộ", "Hộ nghèo",
              "Tổng cộng", "Người lập biểu"]
    path = tmp_path / "tcvn3.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Biểu 01"
    for row, label in enumerate(labels, start=1):
        sheet.cell(row=row, column=1, value=encode(label, "tcvn3"))
        sheet.cell(row=row, column=1).font = openpyxl.styles.Font(name=".VnTime")
        sheet.cell(row=row, column=2, value=row * 10)
    book.save(path)

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Biểu 01").to_python()
    texts = [value for row in rows for value in row if isinstance(value, str)]
    assert texts == [encode(label, "tcvn3") for label in labels]  # the reader hands back the legacy bytes
    assert detect(texts) == "tcvn3"
    assert [to_unicode(text, "tcvn3") for text in texts] == labels


def _place_names() -> list[str]:
    """Every Vietnamese-lettered name in vietnamadminunits' database (a project dependency)."""
    vau = pytest.importorskip("vietnamadminunits")
    database = Path(vau.__file__).parent / "data" / "dataset.db"
    if not database.exists():
        pytest.skip("vietnamadminunits has no dataset.db")
    letters = set(LOWER + UPPER)
    names = set()
    with sqlite3.connect(database) as con:
        for (table,) in con.execute("select name from sqlite_master where type = 'table'").fetchall():
            for row in con.execute(f'select * from "{table}" limit 20000'):
                names.update(v for v in row if isinstance(v, str) and len(v) < 80 and letters & set(v))
    return sorted(names)


def test_detect_on_place_names():
    names = _place_names()
    assert len(names) > 1000
    # No Unicode name, alone, is taken for legacy text, in NFC or NFD.
    assert [n for n in names if detect([n]) is not None] == []
    assert [n for n in names if detect([unicodedata.normalize("NFD", n)]) is not None] == []
    # Legacy copies are never taken for the other encoding; a lone short name may stay ambiguous
    # ("Phú Gia" in TCVN3 reads "Phó Gia", also good Vietnamese), but a handful of cells settle it.
    rng = random.Random(0)
    for encoding in ("tcvn3", "vni"):
        assert {detect([encode(n, encoding)]) for n in names} <= {encoding, None}
        for _ in range(200):
            sample = rng.sample(names, 8)
            assert detect(encode(n, encoding) for n in sample) == encoding, sample
            assert detect(sample) is None, sample
