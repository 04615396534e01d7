"""Text as people type it in Vietnamese spreadsheets: Unicode forms, accents, number formats."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# "đ" has no combining mark, so NFD leaves it; fold it by hand.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC, which is how Vietnamese should be stored whatever the file used."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC with runs of white space (line breaks in merged headers too) collapsed to one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


# Labels and village names repeat across every workbook of a run; folding each anew was most of the reading time.
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A key for matching labels: lower case, no accents, no punctuation, single spaces.

    >>> fold("Tổng  số hộ\\n(hộ)")
    'tong so ho ho'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = re.sub(r"[^0-9a-z]+", " ", bare.lower())
    return bare.strip()


_VN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_VN_DECIMAL = re.compile(r"^[+-]?\d+(\.\d{3})*,\d+$")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number(value) -> float | None:
    """A cell value as a number, accepting Vietnamese number text.

    ``2.342`` is two thousand three hundred and forty-two and ``11,78`` is eleven point
    seven eight, as printed in Vietnamese documents. Returns None for anything that is
    not plainly a number (the caller reports it; nothing is guessed).

    >>> parse_number("2.342"), parse_number("11,78"), parse_number(" 1.234,5 "), parse_number(7.0)
    (2342.0, 11.78, 1234.5, 7.0)
    >>> parse_number("12 hộ") is None
    True
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if _VN_THOUSANDS.match(text):
        return float(text.replace(".", ""))
    if _VN_DECIMAL.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN.match(text):
        return float(text)
    return None


def vn_number(value, decimals: int = 0) -> str:
    """A number as Vietnamese documents print it, rounded half-up: 2.342 and 11,78.

    >>> vn_number(2342), vn_number(11.7771, 2), vn_number(None)
    ('2.342', '11,78', '')
    """
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
