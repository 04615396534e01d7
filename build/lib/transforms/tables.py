"""Where a submission's tables are: headers found by their Vietnamese labels, the sheet each table is read from, the
information fields, and the shapes an extracted workbook is recorded in. ``extract`` (the commune's tables) and
``register`` (a household list) both search a workbook this way.

Each table is read from one visible sheet, chosen in the open: every visible sheet whose header the table's labels
match is a candidate. One candidate is the table. Of several (a copy kept for reference, last year's sheet left in
front), the one whose name or title carries the period's year is read, and a warning names the others; when the year
does not single one out, the file waits for a person (``table_on_several_sheets``) and nothing of it is taken.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from transforms.read import Workbook
from vocabulary import labels as layout
from vocabulary.messages import render
from vocabulary.periods import PeriodError, parse_period, target_period, unit_structure
from vocabulary.text import clean, fold, visible

# Every template puts its headers near the top: the first rows are searched first, the rest of a sheet only when a
# table (or a required field of the information sheet) is not found there, so that an ordinary file costs no more.
HEADER_SEARCH_ROWS = 40
_TRAILING_NOTE = re.compile(r"\([^()]*\)\s*$")
# A year in a sheet's name or title; a span of years ("2016-2020", the standard's name) names no one year.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEAR_SPAN = re.compile(r"(?<!\d)(?:19|20)\d\d\s*[-–—/]\s*(?:19|20)\d\d(?!\d)")
# what choose_sheet returns when several sheets hold the table and none is the period's
AMBIGUOUS = "ambiguous"


@dataclass
class Problem:
    sheet: str
    cell: str
    value: str
    rule: str
    message_vi: str
    message_en: str


class Cell(NamedTuple):
    """One figure as written, where it was: a tuple, since a national run holds 1.4 million of them."""

    section: str  # the table: households, deprivation, targets, village_targets, start
    sheet: str
    row: int  # as the spreadsheet numbers it, from 1
    col: str  # its column letter
    village: str | None  # the row's label in a village table; None in its total row and in the other tables
    village_col: str  # the column of the row's label
    is_total: bool
    measure: str
    raw: object  # the value as read: a number, or text a person wrote


@dataclass
class Extracted:
    """One workbook's figures: ``info`` by field, ``cells`` one per figure, and what could not be found."""

    workbook: Workbook
    info: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # code -> (value, sheet, cell)
    hidden_sheets: str | None = None  # hidden sheets holding anything: never read, and warned of
    cells: list[Cell] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    kind: str = "aggregate"  # or "register": a household list (transforms/register.py)
    households: list[dict] = field(default_factory=list)  # a register's rows, pseudonymised
    # a table read from one of several sheets that hold it: {"section", "sheet", "cell" of its header, "set_aside"}
    sheet_choices: list[dict] = field(default_factory=list)
    # figures whose formula gives an error (the reader sees them blank): (sheet, row, column letter) -> "#REF!"
    formula_errors: dict[tuple[str, int, str], str] = field(default_factory=dict)

    def problem(self, rule: str, sheet: str = "", cell: str = "", value="", **fields):
        vi, en = render_visibly(rule, sheet, cell, value, **fields)
        self.problems.append(Problem(sheet, cell, "" if value is None else str(value), rule, vi, en))


def render_visibly(rule: str, sheet: str, cell: str, value, **fields) -> tuple[str, str]:
    """The messages for a broken rule, with any format or control character of the file's text named (``visible``):
    a value that looks like 29 but holds a direction mark says so. Shell words are already quoted."""
    shown = {key: visible(v) if isinstance(v, str) and not key.endswith("_shell") else v for key, v in fields.items()}
    return render(rule, sheet=visible(sheet or ""), cell=visible(f"{sheet}!{cell}") if cell else "",
                  value=visible(value) if isinstance(value, str) else value, **shown)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def label_key(value) -> str:
    """A header or label cell folded for matching, without a trailing unit note such as "(hộ)"."""
    if not isinstance(value, str):
        return ""
    return _folded_label(value)


# Header search folds each cell of its rows once per table, and every workbook repeats the same labels.
@lru_cache(maxsize=65536)
def _folded_label(text: str) -> str:
    return fold(_TRAILING_NOTE.sub("", clean(text)))


def keys_of(labels) -> set[str]:
    return {label_key(label) for label in labels}


# how people begin a note typed under a table ("Ghi chú: số liệu đến 15/10", "* Nguồn: …")
_NOTE_WORDS = ("ghi chu", "chu thich", "luu y", "nguon", "note")


def is_note(label) -> bool:
    return isinstance(label, str) and (label.lstrip().startswith(("*", "(", "-", "+"))
                                       or fold(label).startswith(_NOTE_WORDS))


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_keys(grid: list[list]) -> list[list[str]]:
    """The label keys of the rows a header may be on: computed once a sheet, then searched for every table."""
    return [[label_key(v) for v in row] for row in grid[:HEADER_SEARCH_ROWS]]


class SheetLabels:
    """The label keys of some sheets, row by row, computed once and searched for every table: the first
    HEADER_SEARCH_ROWS rows of each, then all of them once ``deepen`` is called (only when a table is not found)."""

    def __init__(self, grids: dict[str, list[list]]):
        self.grids = grids
        self.rows = {name: header_keys(grid) for name, grid in grids.items()}

    def deepen(self) -> bool:
        """Fold the rest of every sheet (the reader bounds their rows); False when there was no more."""
        deeper = False
        for name, grid in self.grids.items():
            done = len(self.rows[name])
            if len(grid) > done:
                self.rows[name] += [[label_key(v) for v in row] for row in grid[done:]]
                deeper = True
        return deeper


def _lookup(columns: dict[str, set[str]]) -> dict[str, str]:
    """label key -> column code."""
    return {key: code for code, keys in columns.items() for key in keys}


def _find_header(rows: list[list[str]], anchor: set[str], columns: dict[str, set[str]]):
    """The row (of ``header_keys``) holding ``anchor`` and the most of ``columns``: (row, anchor col, {col: code})
    or None."""
    best, lookup = None, _lookup(columns)
    for r, keys in enumerate(rows):
        anchor_cols = [c for c, k in enumerate(keys) if k in anchor]
        if not anchor_cols:
            continue
        found: dict[int, str] = {}
        for c, k in enumerate(keys):
            code = lookup.get(k)
            if code is not None and code not in found.values():
                found[c] = code
        if best is None or len(found) > len(best[2]):
            best = (r, anchor_cols[0], found)
    return best


def scored_sheets(sheets: dict[str, list[list[str]]], anchor, columns, required: str | None = None,
                  excluded: frozenset = frozenset()) -> list[tuple[int, str, tuple]]:
    """Of ``sheets`` (name -> header_keys), in their order, those whose header row has the anchor and some of the
    columns (and ``required``'s, and none of the ``excluded`` labels): (how many columns, name, header)."""
    scored = []
    for name, rows in sheets.items():
        header = _find_header(rows, anchor, columns)
        if header and excluded and any(k in excluded for k in rows[header[0]]):
            continue
        if header and header[2] and (required is None or required in header[2].values()):
            scored.append((len(header[2]), name, header))
    return scored


def best_sheet(sheets: dict[str, list[list[str]]], anchor, columns, required: str | None = None,
               excluded: frozenset = frozenset()):
    """Of ``sheets`` (name -> header_keys), the one whose header row has the anchor and most of the columns (and
    ``required``'s, and none of the ``excluded`` labels): (name, header) or None."""
    scored = scored_sheets(sheets, anchor, columns, required, excluded)
    if not scored:
        return None
    _, name, header = max(scored, key=lambda s: s[0])
    return name, header


def candidates(labels: SheetLabels, anchor, columns, required: str | None = None, excluded: frozenset = frozenset(),
               deepen: bool = True) -> list[tuple[int, str, tuple]]:
    """The sheets holding a table (``scored_sheets``), found in their first rows or, when none is there (and
    ``deepen``), anywhere."""
    found = scored_sheets(labels.rows, anchor, columns, required, excluded)
    if not found and deepen and labels.deepen():
        found = scored_sheets(labels.rows, anchor, columns, required, excluded)
    return found


def years_of(name: str, rows: list[list]) -> set[int]:
    """The years a sheet's name and the text above its header (its title) carry, spans of years left out."""
    texts = [name, *(v for row in rows for v in row if isinstance(v, str))]
    return {int(year) for text in texts for year in _YEAR.findall(_YEAR_SPAN.sub(" ", text))}


def declared_year(result: "Extracted", targets: bool = False) -> int | None:
    """The year of the period the file declares, or, for the targets it sets, of the period they are for (what the
    template writes in those sheets' titles); None when it declares none that can be read."""
    try:
        period = result.info.get("period", ("",))[0]
        return int((target_period(period) if targets else str(parse_period(period)[0]))[:4])
    except PeriodError:
        return None


def choose_sheet(result: "Extracted", labels: SheetLabels, section: str, title: str, anchor, columns,
                 required: str | None = None, excluded: frozenset = frozenset(), year: int | None = None,
                 near_top: list | None = None, deepen: bool = True):
    """The visible sheet to read a table from: (name, header); None when no sheet holds it; AMBIGUOUS, with a
    problem naming the sheets, when several do and ``year`` (the period's) is in the name or title of not exactly
    one of them. A sheet chosen by its year is recorded in ``result.sheet_choices`` with the others, for a warning.
    ``near_top``: the candidates already found in the first rows, if any."""
    found = near_top or candidates(labels, anchor, columns, required, excluded, deepen)
    if len(found) < 2:
        return found[0][1:] if found else None
    carrying = [c for c in found if year is not None and year in years_of(c[1], labels.grids[c[1]][:c[2][0]])]
    if len(carrying) != 1:
        result.problem("table_on_several_sheets", found[0][1], value=", ".join(f"'{name}'" for _, name, _ in found),
                       expected=title, period=result.info.get("period", ("?",))[0] or "?",
                       year="?" if year is None else str(year))
        return AMBIGUOUS
    _, name, header = carrying[0]
    result.sheet_choices.append({"section": section, "sheet": name, "cell": cell_name(header[0], header[1]),
                                 "set_aside": [other for _, other, _ in found if other != name]})
    return name, header


def extract_info(book: Workbook, result: Extracted, keys: SheetLabels):
    best = _info_found(book, keys)
    if any(code not in best for code in ("province_name", "commune_name", "period")) and keys.deepen():
        best = _info_found(book, keys)
    result.info = {code: value for code, value in best.items() if value[0]}
    required = ["province_name", "commune_name", "period"]
    try:
        if unit_structure(result.info.get("period", ("",))[0]) == "legacy":
            required.append("district_name")
    except PeriodError:
        pass  # the period itself is reported by the checks
    for info in layout.INFO_FIELDS:
        if info.code in required and info.code not in result.info:
            sheet = best.get(info.code, ("", layout.INFO_SHEET.label_vi, ""))[1]
            result.problem("info_missing", sheet, best.get(info.code, ("", "", ""))[2], expected=info.label_vi)


def _info_found(book: Workbook, keys: SheetLabels) -> dict[str, tuple[str, str, str]]:
    """The information fields of the sheet that has the most of them: code -> (value, sheet, cell)."""
    wanted = _lookup({info.code: keys_of(info.labels) for info in layout.INFO_FIELDS})
    best: dict[str, tuple[str, str, str]] = {}
    for name, grid in book.sheets.items():
        found = {}
        for r, (row, row_keys) in enumerate(zip(grid, keys.rows[name])):
            for c, (_, key) in enumerate(zip(row, row_keys)):
                code = wanted.get(key)
                if code is None or code in found:
                    continue
                right = next(((cc, v) for cc, v in enumerate(row[c + 1:], start=c + 1) if not is_blank(v)), None)
                if right is not None:
                    raw = right[1]
                    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else clean(str(raw))
                    found[code] = (text, name, cell_name(r, right[0]))
                else:
                    found[code] = ("", name, cell_name(r, c + 1))
        if len(found) > len(best):
            best = found
    return best
