"""Vietnamese text typed in the legacy 8-bit encodings TCVN3 (ABC) and VNI, read back as Unicode.

Workbooks typed with the fonts ``.VnTime``/``.VnArial`` (TCVN3) or ``VNI-Times`` (VNI) store the
legacy bytes as if they were Windows-1252 text, so a modern reader hands us e.g. "Hé nghÌo" (TCVN3)
or "Hoä ngheøo" (VNI) for "Hộ nghèo". Every code both encodings use lies in 0xA0-0xFF, where
Windows-1252 and Latin-1 agree, so a string's code points *are* the legacy bytes.

What is handled and what is not:

* TCVN3: the ``.VnTime`` (normal font) table: all 67 lower-case letters and the seven capitals the
  font has (Ă Â Ê Ô Ơ Ư Đ). Capitals with a tone mark (Ắ, Ộ, Ý ...) do not exist in it; people type
  them with the same byte as the lower-case letter and switch to an upper-case font (``.VnTimeH``).
  The cell value cannot tell which font was used, so such a byte is read as the lower-case letter,
  except that a word without lower-case ASCII that has a capital after such a byte ("TæNG" ->
  "TỔNG") is upper-cased, and so is every word of a string made only of such words ("Hé NGHÌO" ->
  "HỘ NGHÈO"). Not handled: capital words whose toned letter comes last, alone or among title-case
  words ("Hé" stays "Hộ" even if meant "HỘ"; "X·" stays "Xã"), lower-case ASCII displayed as
  capitals by ``.VnTimeH``, and the full TCVN 5712 "VN1" table, whose capitals live in control codes
  and 0x80-0x9F (Windows-1252 turns those into “ ” – … etc.).
* VNI (VNI-Windows): complete, both cases; a tone or hat byte is accepted after a base letter of
  either case (the base letter decides the case of the result).
* Workbooks mixing Unicode and legacy cells are not treated cell by cell: ``detect`` gives the
  majority reading.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

ENCODINGS = ("tcvn3", "vni")

# Tone order used in the tables below: none, sắc, huyền, hỏi, ngã, nặng.
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _letter(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONE_MARKS[tone])


# --- TCVN3 (.VnTime) -------------------------------------------------------------------------------
# One byte per lower-case letter; the rows follow each vowel's tones in the order above.
# Cross-checked against glibc iconv "TCVN5712-1", whose lower-case half is the same as VN3.
_TCVN3_ROWS = {
    "a": "a\xb8\xb5\xb6\xb7\xb9",
    "ă": "\xa8\xbe\xbb\xbc\xbd\xc6",
    "â": "\xa9\xca\xc7\xc8\xc9\xcb",
    "e": "e\xd0\xcc\xce\xcf\xd1",
    "ê": "\xaa\xd5\xd2\xd3\xd4\xd6",
    "i": "i\xdd\xd7\xd8\xdc\xde",
    "o": "o\xe3\xdf\xe1\xe2\xe4",
    "ô": "\xab\xe8\xe5\xe6\xe7\xe9",
    "ơ": "\xac\xed\xea\xeb\xec\xee",
    "u": "u\xf3\xef\xf1\xf2\xf4",
    "ư": "\xad\xf8\xf5\xf6\xf7\xf9",
    "y": "y\xfd\xfa\xfb\xfc\xfe",
}
TCVN3_TO_UNICODE: dict[str, str] = {
    code: _letter(base, tone)
    for base, row in _TCVN3_ROWS.items()
    for tone, code in enumerate(row)
    if not code.isascii()
}
TCVN3_TO_UNICODE |= {"\xae": "đ", "\xa1": "Ă", "\xa2": "Â", "\xa3": "Ê", "\xa4": "Ô", "\xa5": "Ơ", "\xa6": "Ư",
                     "\xa7": "Đ"}
_TCVN3_CAPITALS = frozenset("\xa1\xa2\xa3\xa4\xa5\xa6\xa7")
_UNICODE_TO_TCVN3 = {uni: code for code, uni in TCVN3_TO_UNICODE.items()}
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)

# --- VNI-Windows -----------------------------------------------------------------------------------
# A base letter followed by a mark byte; ơ, ư, đ and the toned i (and ỵ) are single bytes.
# Lower-case marks, by vowel quality then tone; the capital forms are the same bytes minus 0x20.
_VNI_TONE = dict(zip("\xf9\xf8\xfb\xf5\xef", range(1, 6)))  # ù ø û õ ï
_VNI_HAT = dict(zip("\xe2\xe1\xe0\xe5\xe3\xe4", range(6)))  # â á à å ã ä: circumflex + tone
_VNI_BREVE = dict(zip("\xea\xe9\xe8\xfa\xfc\xeb", range(6)))  # ê é è ú ü ë: breve + tone
_VNI_SINGLE = {"\xf4": "ơ", "\xf6": "ư", "\xf1": "đ", "\xed": "í", "\xec": "ì", "\xe6": "ỉ", "\xf3": "ĩ",
               "\xf2": "ị", "\xee": "ỵ"}


def _upper_code(code: str) -> str:
    return chr(ord(code) - 0x20)


# (base, mark) -> letter, for every combination VNI uses, in both cases.
_VNI_PAIRS: dict[tuple[str, str], str] = {}
for _base in "aeouy":
    for _mark, _tone in _VNI_TONE.items():
        if (_base, _tone) != ("y", 5):  # ỵ is the single byte î
            _VNI_PAIRS[_base, _mark] = _letter(_base, _tone)
for _base, _hatted in (("a", "â"), ("e", "ê"), ("o", "ô")):
    for _mark, _tone in _VNI_HAT.items():
        _VNI_PAIRS[_base, _mark] = _letter(_hatted, _tone)
for _mark, _tone in _VNI_BREVE.items():
    _VNI_PAIRS["a", _mark] = _letter("ă", _tone)
for _code in ("\xf4", "\xf6"):  # ơ and ư take the plain tone marks
    for _mark, _tone in _VNI_TONE.items():
        _VNI_PAIRS[_code, _mark] = _letter(_VNI_SINGLE[_code], _tone)
for (_base, _mark), _uni in list(_VNI_PAIRS.items()):
    _big = _base.upper() if _base.isascii() else _upper_code(_base)
    _VNI_PAIRS[_big, _upper_code(_mark)] = _uni.upper()
VNI_TO_UNICODE: dict[str, str] = {base + mark: uni for (base, mark), uni in _VNI_PAIRS.items()}
VNI_TO_UNICODE |= _VNI_SINGLE | {_upper_code(code): uni.upper() for code, uni in _VNI_SINGLE.items()}
_UNICODE_TO_VNI = {uni: code for code, uni in VNI_TO_UNICODE.items()}
_VNI_MARKS = frozenset(m for marks in (_VNI_TONE, _VNI_HAT, _VNI_BREVE) for m in marks)
_VNI_MARKS |= frozenset(_upper_code(m) for m in _VNI_MARKS)
# Characters a VNI mark byte may follow.
_VNI_BASES = frozenset(b for b, _ in _VNI_PAIRS)
del _base, _hatted, _mark, _tone, _code, _uni, _big


def _check(encoding: str) -> str:
    encoding = encoding.lower().replace("-", "").replace("_", "")
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")
    return encoding


# A run of letters (legacy codes included: they sit among Latin-1 symbols such as « and ¸).
_WORD = re.compile(r"[^\s\x21-\x40\x5b-\x60\x7b-\x7e]+")


def _recase_tcvn3(raw: str, converted: str) -> str:
    """Upper-case the words typed for an upper-case font (see the module docstring)."""
    raws, words = _WORD.findall(raw), _WORD.findall(converted)
    if len(raws) != len(words):  # converting never changes word boundaries; be safe anyway
        return converted

    def no_lower(word: str) -> bool:
        return not any("a" <= ch <= "z" for ch in word)

    def shouted(word: str) -> bool:
        # A capital *after* a small-letter code: "TæNG", "NGHÌO". Capitals only before it are
        # Jarai/Bahnar spellings ("RTô", "SRó", "RC¨m") and stay as typed.
        seen_small = False
        for ch in word:
            if ch in TCVN3_TO_UNICODE and ch not in _TCVN3_CAPITALS:
                seen_small = True
            elif seen_small and ("A" <= ch <= "Z" or ch in _TCVN3_CAPITALS):
                return True
        return False

    shouting = [no_lower(w) and shouted(w) for w in raws]
    whole = any(shouting) and all(no_lower(w) for w in raws)
    if not any(shouting):
        return converted
    pieces, pos = [], 0
    for match, flag in zip(_WORD.finditer(converted), shouting):
        pieces.append(converted[pos:match.start()])
        pieces.append(match.group().upper() if flag or whole else match.group())
        pos = match.end()
    pieces.append(converted[pos:])
    return "".join(pieces)


def _decode_vni(text: str) -> tuple[str, int]:
    out, i, left = [], 0, 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in _VNI_BASES and nxt in _VNI_MARKS:
            # Match the mark to the base's case, so a capital base with a lower-case mark still reads.
            key_mark = nxt if (nxt >= "\xe0") == (ch.islower()) else chr(ord(nxt) ^ 0x20)
            uni = _VNI_PAIRS.get((ch, key_mark))
            if uni is not None:
                out.append(uni)
                i += 2
                continue
        if ch in VNI_TO_UNICODE:
            out.append(VNI_TO_UNICODE[ch])
        else:
            out.append(ch)
            left += not ch.isascii()
        i += 1
    return "".join(out), left


def _decode(text: str, encoding: str) -> tuple[str, int]:
    """The converted text, and how many non-ASCII characters had no legacy meaning."""
    if encoding == "tcvn3":
        converted = _recase_tcvn3(text, text.translate(_TCVN3_TABLE))
        left = sum(not ch.isascii() and ch not in TCVN3_TO_UNICODE for ch in text)
    else:
        converted, left = _decode_vni(text)
    return unicodedata.normalize("NFC", converted), left


def to_unicode(text: str, encoding: str) -> str:
    """Convert one string read from a TCVN3 or VNI workbook to Unicode (NFC).

    >>> to_unicode("Hé nghÌo", "tcvn3"), to_unicode("Hoä ngheøo", "vni")
    ('Hộ nghèo', 'Hộ nghèo')
    >>> to_unicode("HuyÖn Kr«ng Pa", "tcvn3"), to_unicode("TOÅNG COÄNG", "vni")
    ('Huyện Krông Pa', 'TỔNG CỘNG')
    """
    return _decode(text, _check(encoding))[0]


def encode(text: str, encoding: str, strict: bool = False) -> str:
    """Unicode -> the legacy bytes as a Latin-1 string, as a reader of a legacy workbook sees them.

    TCVN3 has no toned capitals: they are written with the lower-case byte, as typists of
    ``.VnTimeH`` did, or raise ValueError when ``strict``. Other characters pass unchanged.

    >>> encode("Tổng số hộ", "tcvn3"), encode("Tổng số hộ", "vni")
    ('Tæng sè hé', 'Toång soá hoä')
    """
    encoding = _check(encoding)
    table = _UNICODE_TO_TCVN3 if encoding == "tcvn3" else _UNICODE_TO_VNI
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = table.get(ch)
        if code is None and encoding == "tcvn3" and ch.lower() in table and ch != ch.lower():
            if strict:
                raise ValueError(f"{ch!r} has no TCVN3 (.VnTime) code")
            code = table[ch.lower()]
        out.append(ch if code is None else code)
    return "".join(out)


# --- detection -------------------------------------------------------------------------------------
# A syllable is an initial (loose, so that Jarai/Bahnar names such as "Mláh", "Krông", "Đăk" pass),
# a Vietnamese vowel cluster and a final, with the tone mark on the vowel where Vietnamese puts it.
# The vowel clusters and the tone's place are what legacy text read as Latin-1 gets wrong: VNI puts
# its tone byte after the vowel ("Xaõ", "Mlaùh"), TCVN3 bytes land as odd letters ("nghÌo", "Tæng").
_NUCLEI = frozenset(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy "
    "ưa ưi ưu ươ yê iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu".split()
)
_CONSONANTS = frozenset("bcdđfghjklmnpqrstvwxz")
_FINALS = frozenset(["", "ch", "nh", "ng", *"cmnptkhlrs"])
_QUALITY = frozenset("ăâêôơư")
# -nh and -ch follow only front vowels ("anh", "ếch", "xoành", "huých"); TCVN3 "Tænh" would be "Tổnh".
_PALATAL = frozenset(["a", "ê", "i", "y", "oa", "uê", "uy"])
_TONE_INDEX = {mark: i for i, mark in enumerate(_TONE_MARKS) if mark}
_CASE = re.compile("U*l*")


def _tone_places(nucleus: str, final: str) -> tuple[int, ...]:
    """Where the tone mark may sit in a vowel cluster (old and new styles: "hoà" and "hòa")."""
    marked = [i for i, ch in enumerate(nucleus) if ch in _QUALITY]
    if marked:
        return (marked[-1],)
    if len(nucleus) == 3:
        return (1,)
    if nucleus == "oo":  # loanwords: "xoong" has no tone, "moóc" marks the second o
        return (1,) if final == "c" else ()
    if nucleus in ("oa", "oe", "uy"):
        return (1,) if final else (0, 1)
    return (0,)


def _spelling_ok(bare: str, tone: int | None, tone_at: int | None) -> bool:
    """Whether a lower-case, toneless word parses as initial + cluster + final with the tone well placed."""
    lead = 0
    while lead < len(bare) and bare[lead] in _CONSONANTS:
        lead += 1
    starts = [lead]
    if bare[lead - 1:lead + 1] in ("qu", "gi") and lead + 1 < len(bare):  # "qu-", "gi-" take a vowel along
        starts.append(lead + 1)
    for start in starts:
        for stop in range(start + 1, min(start + 3, len(bare)) + 1):
            nucleus, final = bare[start:stop], bare[stop:]
            if nucleus not in _NUCLEI or final not in _FINALS:
                continue
            if final in ("nh", "ch") and nucleus not in _PALATAL:
                continue
            if tone is None:
                return True
            assert tone_at is not None  # set with the tone
            if tone_at - start not in _tone_places(nucleus, final):
                continue
            # Checked syllables (-p -t -c -ch) only take sắc or nặng.
            if final in ("p", "t", "c", "ch") and tone not in (1, 5):
                continue
            return True
    return False


@lru_cache(maxsize=65536)
def _is_syllable(word: str) -> bool:
    """Whether ``word`` (one token, any normal form) is spelt like a Vietnamese syllable.

    >>> [_is_syllable(w) for w in ("Nguyễn", "hoà", "hòa", "QUẢ", "Mláh", "xaõ", "nghÌo", "Tæng")]
    [True, True, True, True, True, False, False, False]
    """
    word = unicodedata.normalize("NFC", word)
    # Capitals then small letters ("Hộ", "HỘ", and Jarai "KRông", "RTô"); never small then capital,
    # which is how TCVN3 reads as Latin-1 ("nghÌo": its bytes 0xC0-0xDF are Latin capitals).
    if not word.isalpha() or not _CASE.fullmatch("".join("U" if ch.isupper() else "l" for ch in word)):
        return False
    bare: list[str] = []
    tone, tone_at = None, None
    for ch in word.lower():
        parts = unicodedata.normalize("NFD", ch)
        marks = [_TONE_INDEX[m] for m in parts if m in _TONE_INDEX]
        if marks:
            if tone is not None or len(marks) > 1:
                return False
            tone, tone_at = marks[0], len(bare)
        bare.append(unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONE_INDEX)))
    if any(len(ch) != 1 for ch in bare):  # a stray combining mark the letter cannot carry
        return False
    return _spelling_ok("".join(bare), tone, tone_at)


@lru_cache(maxsize=65536)
def _readings(word: str) -> tuple[bool, ...]:
    """Whether a non-ASCII word is a valid syllable read as Unicode, then as each of ENCODINGS (TCVN3, VNI)."""
    legacy = []
    for encoding in ENCODINGS:
        converted, left = _decode(word, encoding)
        legacy.append(left == 0 and _is_syllable(converted))
    return (_is_syllable(word), *legacy)


def detect(strings: Iterable[str]) -> str | None:
    """Which legacy encoding the text cells of one workbook are in: "tcvn3", "vni", or None (Unicode).

    Each word with a non-ASCII character is scored by whether it spells a Vietnamese syllable read as
    Unicode, as TCVN3 and as VNI; a legacy encoding wins only if it explains more words than Unicode
    and than the other one. Plain ASCII gives None.

    >>> detect(["Tæng sè hé", "Hé nghÌo"]), detect(["Toång soá hoä"]), detect(["Tổng số hộ", "STT"])
    ('tcvn3', 'vni', None)
    """
    scores = [0, 0, 0]  # unicode, tcvn3, vni
    # one search over all the text: a workbook's labels are a few hundred short strings, mostly ASCII
    text = "\n".join(t for t in strings if isinstance(t, str) and not t.isascii())
    for word, count in Counter(_WORD.findall(text)).items():
        # One-character words ("½" is TCVN3 "ẵ") are too weak to count.
        if len(word) > 1 and not word.isascii():
            for i, ok in enumerate(_readings(word)):
                scores[i] += ok * count
    unicode_score, tcvn3, vni = scores
    if tcvn3 > unicode_score and tcvn3 > vni:
        return "tcvn3"
    if vni > unicode_score and vni > tcvn3:
        return "vni"
    return None
