"""Text as people type it in Vietnamese spreadsheets: Unicode forms, accents, number formats."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import cast

# "đ" has no combining mark, so NFD leaves it; fold it by hand.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})
_SPACES = re.compile(r"\s+")
# Characters that show nothing and mean nothing in a code, a number or a name, pasted along with text from a web page
# or a PDF: the byte order mark, zero-width space, non-joiner and joiner, word joiner, soft hyphen. Left in, '\u200b29'
# is "not a number" and '\ufeff24076' "not in the list" while the message looks as if it named 29 and 24076.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Full-width forms, as an East Asian input method types them: NFKC makes them the ASCII letters, digits and signs
# they stand for. Only these: NFKC of the whole text would also make '29²' read 292.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]+")
# either kind, found in one pass: most text has neither, and is then returned as it is
_UNUSUAL = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\uff01-\uff5e\u3000]")
# what stays invisible once those are gone (direction marks, other format and control characters): named in messages
_SHOWN_AS_IS = frozenset("\t\n\r")


def nfc(text: str) -> str:
    """Unicode NFC, which is how Vietnamese should be stored whatever the file used."""
    return unicodedata.normalize("NFC", text)


def plain(text: str) -> str:
    """``text`` without the invisible characters that carry no meaning in a code, a number or a name, and with
    full-width digits, letters and signs as the ASCII ones they stand for.

    >>> plain("\ufeff２４０７６\u200b"), plain("Phú T\u00adúc")
    ('24076', 'Phú Túc')
    """
    if text.isascii() or not _UNUSUAL.search(text):
        return text
    text = _INVISIBLE.sub("", text)
    if _FULL_WIDTH.search(text):
        text = _FULL_WIDTH.sub(lambda found: unicodedata.normalize("NFKC", found[0]), text)
    return text


def clean(text: str) -> str:
    """NFC with runs of white space (line breaks in merged headers too) collapsed to one space, and without the
    characters ``plain`` removes: what is stored, compared and shown of a text cell."""
    return _SPACES.sub(" ", nfc(plain(text))).strip()


def visible(text: str) -> str:
    """``text`` with each format or control character that is left in it named, for a message: a reader sees that
    the value holds one (a direction mark turns what follows around; an escape is not shown at all).

    >>> visible("\u202e29 hộ"), visible("Buôn\x1b 1"), visible("Phú Túc")
    ('⟨U+202E⟩29 hộ', 'Buôn⟨U+001B⟩ 1', 'Phú Túc')
    """
    if text.isprintable():
        return text
    return "".join(f"⟨U+{ord(ch):04X}⟩" if ch not in _SHOWN_AS_IS and unicodedata.category(ch) in ("Cc", "Cf")
                   else ch for ch in text)


# Labels and village names repeat across every workbook of a run; folding each anew was most of the reading time.
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A key for matching labels: lower case, no accents, no punctuation, single spaces.

    >>> fold("Tổng  số hộ\\n(hộ)")
    'tong so ho ho'
    """
    decomposed = unicodedata.normalize("NFD", plain(text).translate(_FOLD_EXTRA))
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
    not plainly a number (the caller reports it; nothing is guessed). Full-width digits are digits, and invisible
    characters (``plain``) are no part of a number.

    >>> parse_number("2.342"), parse_number("11,78"), parse_number(" 1.234,5 "), parse_number(7.0)
    (2342.0, 11.78, 1234.5, 7.0)
    >>> parse_number("２９"), parse_number("\u200b29"), parse_number("12 hộ"), parse_number("29²")
    (29.0, 29.0, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    text = plain(value).strip().replace("\u00a0", "").replace(" ", "")
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


def vn_figure(value) -> str:
    """A figure read from a file, as Vietnamese documents print it and with every decimal it has: 860,5 and 4.080.

    >>> vn_figure(860.5), vn_figure(4080.0), vn_figure(-3), vn_figure(None)
    ('860,5', '4.080', '-3', '')
    """
    if value is None:
        return ""
    exact = Decimal(str(value))
    # the exponent is an int for a number; typeshed's Literal['n', 'N', 'F'] is NaN's and infinity's
    decimals = max(0, -cast(int, exact.normalize().as_tuple().exponent)) if exact != exact.to_integral() else 0
    return vn_number(value, decimals)
