"""Read a household register (danh sách hộ): one row per household, found by its labels like the aggregate tables.

The head of household's name is only checked for being there, and the identity number becomes the household's
pseudonymous key (``transforms/pseudonym.py``) before anything else sees the row: neither is kept, nor repeated in
a message, since messages go to the warehouse, the run's summary and the Prefect UI. Nor is the text of any other
cell that is not what its column takes (a word among the figures, a village that reads as no village): it may be a
name typed in the wrong column, so its cell is named and its text is not kept.
"""

from collections import Counter
from functools import cache
from pathlib import Path

from transforms.pseudonym import KeyMissing, household_key, identity_digits, key_fingerprint, secret_key
from transforms.read import read_workbook
from transforms.tables import (
    AMBIGUOUS,
    Extracted,
    SheetLabels,
    best_sheet,
    candidates,
    cell_name,
    choose_sheet,
    column_letter,
    declared_year,
    extract_info,
    is_blank,
    keys_of,
    label_key,
)
from vocabulary.register_layout import (
    CLASSES,
    COLUMNS,
    DEPRIVED_PREFIX,
    HIDDEN_TEXT,
    ID_DIGITS,
    KINDS,
    VILLAGE_SHARED_BY,
    VILLAGE_WORDS,
    village_like,
)
from vocabulary.standards import standards
from vocabulary.text import clean, fold, parse_number

FIELDS = {f.code: f for f, _ in COLUMNS}
_CLASS_KEYS = {fold(label): code for label, code in CLASSES.items()}
REQUIRED = ("village", "household_number", "head_name", "id_number", "members", "income_vnd", "decided_class")


@cache
def _columns() -> dict[str, set[str]]:
    columns = {code: keys_of(f.labels) for code, f in FIELDS.items()}
    for standard in standards():
        for indicator in standard.indicators:
            columns.setdefault(indicator.code, set()).add(label_key(DEPRIVED_PREFIX + indicator.label_vi))
    return columns


def _flag(value) -> int | None:
    """1 or 0 as written (blank is 0), or None for anything else."""
    if is_blank(value):
        return 0
    if isinstance(value, (int, float)) and value in (0, 1):
        return int(value)
    text = str(value).strip()
    return int(text) if text in ("0", "1") else None


def extract_register(book, result: Extracted, shown: SheetLabels, hidden: SheetLabels, deepen: bool = True) -> bool:
    """Take the households of ``book`` into ``result`` when it is a register (its header has the identity number
    column); say whether it is one. ``deepen``: look below the sheets' first rows when it is not found there."""
    anchor = keys_of(FIELDS["id_number"].labels)
    columns = _columns()
    found = choose_sheet(result, shown, "register", FIELDS["id_number"].label_vi, anchor, columns,
                         year=declared_year(result), deepen=deepen)
    if found is None:
        concealed = candidates(hidden, anchor, columns, deepen=deepen)
        if not concealed:
            return False
        result.kind = "register"
        name = max(concealed, key=lambda s: s[0])[1]
        result.problem("sheet_hidden", name, value=name, expected=FIELDS["id_number"].label_vi)
        return True
    result.kind = "register"
    if found == AMBIGUOUS:
        return True
    name, (header_row, _, by_column) = found
    where = {code: column for column, code in by_column.items()}
    missing = [code for code in REQUIRED if code not in where]
    for code in missing:
        result.problem("column_missing", name, cell_name(header_row, 0), expected=FIELDS[code].label_vi)
    if missing:
        return True
    try:
        key = secret_key()
    except KeyMissing as error:
        result.problem("pii_key_missing", detail=error.message_vi, detail_en=error.message_en)
        return True
    _read_households(result, book.sheets[name], name, header_row, where, key)
    _check_villages(result, name, where["village"])
    return True


def _read_households(result: Extracted, grid, name: str, header_row: int, where: dict[str, int], key: bytes) -> None:
    """Each filled row below the header as a household of ``result``, identified by its keyed hash, every problem of
    its cells named; the head's name and the identity number go no further than this function."""
    fingerprint = key_fingerprint(key)
    indicators = [code for code in where if code not in FIELDS]
    flagged = [*indicators, *(c for c in where if KINDS.get(c) == "flag")]
    letters = {code: column_letter(column) for code, column in where.items()}
    seen: dict[str, int] = {}
    for r in range(header_row + 1, len(grid)):
        row = grid[r]
        values = {code: row[c] if c < len(row) else "" for code, c in where.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        _hide_stray_text(values)
        cell = {code: cell_name(r, where[code]) for code in where}
        if is_blank(values.pop("head_name")):
            result.problem("head_name_missing", name, cell["head_name"])
        hashed = _household_key(result, name, cell["id_number"], values.pop("id_number"), key, seen, r + 1)
        flags = {}
        for code in flagged:
            flags[code] = _flag(values[code])
            if flags[code] is None:
                result.problem("flag_invalid", name, cell[code])
        decided = _CLASS_KEYS.get(fold(str(values["decided_class"])))
        if decided is None:
            result.problem("class_invalid", name, cell["decided_class"], expected=", ".join(CLASSES))
        result.households.append({
            "sheet": name, "row": r + 1, "household_key": hashed,
            "village": None if is_blank(values["village"]) else clean(str(values["village"])),
            "household_number": values["household_number"], "members": values["members"],
            "income_vnd": values["income_vnd"], "decided_class": decided,
            "is_ethnic_minority": flags.get("ethnic_minority") == 1,
            "is_meritorious": flags.get("meritorious") == 1,
            "is_social_protection": flags.get("social_protection") == 1,
            "deprived_indicators": [code for code in indicators if flags[code] == 1],
            "key_fingerprint": fingerprint, "columns": letters,
        })


def _household_key(result: Extracted, sheet: str, cell: str, id_number, key: bytes, seen: dict[str, int],
                   row: int) -> str | None:
    """The keyed hash of a valid identity number (None for an invalid one, which is named); a number already seen
    in an earlier row is named with that row."""
    digits = identity_digits(id_number)
    if not (digits.isdigit() and len(digits) == ID_DIGITS):
        result.problem("id_number_invalid", sheet, cell, digits=ID_DIGITS)
        return None
    hashed = household_key(digits, key)
    if hashed in seen:
        result.problem("id_number_repeated", sheet, cell, other_row=seen[hashed])
    seen.setdefault(hashed, row)
    return hashed


# the columns of figures: text there that is no number is no figure, and may be anything, a name included
_FIGURES = tuple(field.code for field, kind in COLUMNS if kind in ("whole", "income"))


def _hide_stray_text(values: dict) -> None:
    """Text in a cell of figures that is not a number becomes HIDDEN_TEXT, before anything else sees it: a name
    typed one column off must reach neither a message nor the warehouse."""
    for code in _FIGURES:
        value = values[code]
        if isinstance(value, str) and not is_blank(value) and parse_number(value) is None:
            values[code] = HIDDEN_TEXT


def _check_villages(result: Extracted, sheet: str, column: int) -> None:
    """A village name that reads as none (``village_like``) and that fewer than VILLAGE_SHARED_BY households share
    is refused, its cell named and its text replaced by HIDDEN_TEXT: it may be the head's name, in the wrong
    column."""
    shared = Counter(fold(h["village"]) for h in result.households if h["village"])
    for household in result.households:
        village = household["village"]
        if village and not village_like(village) and shared[fold(village)] < VILLAGE_SHARED_BY:
            household["village"] = HIDDEN_TEXT
            result.problem("village_unrecognised", sheet, f"{column_letter(column)}{household['row']}",
                           words=", ".join(word.capitalize() for word in VILLAGE_WORDS[:8]))


def posting_rows(path) -> tuple[dict[str, str], list[dict]]:
    """For the list a commune posts publicly (danh sách niêm yết công khai), and for nothing else: what the register
    at ``path`` declares of itself, and its poor and near-poor households with their head's name, as written. Read
    from the commune's own file on request; never stored."""
    book = read_workbook(Path(path))
    shown = SheetLabels(book.sheets)
    result = Extracted(book)
    extract_info(book, result, shown)
    found = best_sheet(shown.rows, keys_of(FIELDS["id_number"].labels), _columns())
    if found is None:
        raise ValueError(f"{Path(path).name}: không phải danh sách hộ / not a household register")
    name, (header_row, _, by_column) = found
    where = {code: column for column, code in by_column.items()}
    rows = []
    for row in book.sheets[name][header_row + 1:]:
        value = {code: row[c] if c < len(row) else "" for code, c in where.items()}
        decided = _CLASS_KEYS.get(fold(str(value.get("decided_class", ""))))
        if decided in ("poor", "near_poor"):
            rows.append({"village": clean(str(value["village"])), "household_number": value["household_number"],
                         "head_name": clean(str(value["head_name"])), "members": value.get("members"),
                         "decided_class": decided})
    return {code: text for code, (text, _, _) in result.info.items()}, rows
