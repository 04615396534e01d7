"""Find a submission's tables in a workbook by their Vietnamese labels and lift out every figure with its cell.

Nothing here judges the figures; it records what is where (``checks/`` judges), and
reports only what stops the tables from being found at all.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from vocabulary import labels as layout
from vocabulary.messages import render
from vocabulary.periods import PeriodError, unit_structure
from vocabulary.standards import standards
from transforms.read import ReadError, Workbook, read_workbook, sha256_of
from vocabulary.text import clean, fold

HEADER_SEARCH_ROWS = 40
_TRAILING_NOTE = re.compile(r"\([^()]*\)\s*$")


@dataclass
class Problem:
    sheet: str
    cell: str
    value: str
    rule: str
    message_vi: str
    message_en: str


@dataclass
class Extracted:
    """One workbook's figures: ``info`` by field, ``cells`` one per figure, and what could not be found."""

    workbook: Workbook
    info: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # code -> (value, sheet, cell)
    hidden_sheets: str | None = None  # hidden sheets holding anything: never read, and warned of
    cells: list[tuple] = field(default_factory=list)  # (section, sheet, row, col, village, village_col, is_total, measure, raw)
    problems: list[Problem] = field(default_factory=list)
    kind: str = "aggregate"  # or "register": a household list (transforms/register.py)
    households: list[dict] = field(default_factory=list)  # a register's rows, pseudonymised

    def problem(self, rule: str, sheet: str = "", cell: str = "", value="", **fields):
        vi, en = render(rule, sheet=sheet, cell=f"{sheet}!{cell}" if cell else "", value=value, **fields)
        self.problems.append(Problem(sheet, cell, "" if value is None else str(value), rule, vi, en))


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


def _keys(labels) -> set[str]:
    return {label_key(label) for label in labels}


# how people begin a note typed under a table ("Ghi chú: số liệu đến 15/10", "* Nguồn: …")
_NOTE_WORDS = ("ghi chu", "chu thich", "luu y", "nguon", "note")


def _is_note(label) -> bool:
    return isinstance(label, str) and (label.lstrip().startswith(("*", "(", "-", "+"))
                                       or fold(label).startswith(_NOTE_WORDS))


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_keys(grid: list[list]) -> list[list[str]]:
    """The label keys of the rows a header may be on: computed once a sheet, then searched for every table."""
    return [[label_key(v) for v in row] for row in grid[:HEADER_SEARCH_ROWS]]


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
        found = {}
        for c, k in enumerate(keys):
            code = lookup.get(k)
            if code is not None and code not in found.values():
                found[c] = code
        if best is None or len(found) > len(best[2]):
            best = (r, anchor_cols[0], found)
    return best


def _best_sheet(sheets: dict[str, list[list[str]]], anchor, columns, required: str | None = None,
                excluded: frozenset = frozenset()):
    """Of ``sheets`` (name -> header_keys), the one whose header row has the anchor and most of the columns (and
    ``required``'s, and none of the ``excluded`` labels): (name, header) or None."""
    scored = []
    for name, rows in sheets.items():
        header = _find_header(rows, anchor, columns)
        if header and excluded and any(k in excluded for k in rows[header[0]]):
            continue
        if header and header[2] and (required is None or required in header[2].values()):
            scored.append((len(header[2]), name, header))
    if not scored:
        return None
    _, name, header = max(scored, key=lambda s: s[0])
    return name, header


def _indicator_columns() -> dict[str, set[str]]:
    columns: dict[str, set[str]] = {}
    for standard in standards():
        for indicator in standard.indicators:
            columns.setdefault(indicator.code, set()).add(label_key(indicator.label_vi))
    return columns


def extract(book: Workbook) -> Extracted:
    result = Extracted(book)
    # every table is looked for by its labels among the first rows of every sheet: folded once a sheet
    shown = {name: header_keys(grid) for name, grid in book.sheets.items()}
    hidden = {name: header_keys(grid) for name, grid in book.hidden.items()}
    _extract_info(book, result, shown)
    from transforms.register import extract_register  # which searches tables as this module does

    if extract_register(book, result, shown, hidden):
        return result
    household_columns = {m.code: _keys(m.labels) for m in layout.HOUSEHOLD_MEASURES}
    # the village targets table has some of the same labels; its target-only ones tell it apart
    target_only = frozenset(_keys(layout.TARGET_MEASURES[0].labels) | _keys(layout.TARGET_MEASURES[1].labels))
    _extract_village_table(book, result, (shown, hidden), "households", layout.HOUSEHOLDS_SHEET, household_columns,
                           excluded=target_only)
    _extract_village_table(book, result, (shown, hidden), "deprivation", layout.DEPRIVATION_SHEET,
                           _indicator_columns())
    # optional: a commune may set its targets per village too; the sheet is the one with the target-only columns
    _extract_village_table(book, result, (shown, hidden), "village_targets", layout.VILLAGE_TARGETS_SHEET,
                           {m.code: _keys(m.labels) for m in layout.TARGET_MEASURES}, required="total_households")
    _extract_targets(book, result, shown, hidden)
    return result


def _extract_info(book: Workbook, result: Extracted, keys: dict[str, list[list[str]]]):
    wanted = _lookup({info.code: _keys(info.labels) for info in layout.INFO_FIELDS})
    best: dict[str, tuple[str, str, str]] = {}
    for name, grid in book.sheets.items():
        found = {}
        for r, (row, row_keys) in enumerate(zip(grid, keys[name])):
            for c, (value, key) in enumerate(zip(row, row_keys)):
                code = wanted.get(key)
                if code is None or code in found:
                    continue
                right = next(((cc, v) for cc, v in enumerate(row[c + 1:], start=c + 1) if not _is_blank(v)), None)
                if right is not None:
                    raw = right[1]
                    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else clean(str(raw))
                    found[code] = (text, name, cell_name(r, right[0]))
                else:
                    found[code] = ("", name, cell_name(r, c + 1))
        if len(found) > len(best):
            best = found
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


def _extract_village_table(book, result, keys, section, sheet_field, columns, required: str | None = None,
                           excluded: frozenset = frozenset()):
    """A table of one row per village and its total row. ``required``: the table is optional (left out, or left
    without villages), and is the one with this column."""
    shown, hidden_keys = keys
    found = _best_sheet(shown, _keys(layout.VILLAGE_LABEL.labels), columns, required, excluded)
    if found is None:
        hidden = _best_sheet(hidden_keys, _keys(layout.VILLAGE_LABEL.labels), columns, required, excluded)
        if hidden:  # a reader of the file would not see these figures: they are not taken
            result.problem("sheet_hidden", hidden[0], value=hidden[0], expected=sheet_field.label_vi)
        elif required is None:
            result.problem("sheet_missing", expected=sheet_field.label_vi, labels=f"'{layout.VILLAGE_LABEL.label_vi}', …")
        return
    name, (header_row, village_col, measure_cols) = found
    grid = book.sheets[name]
    if section == "households":
        for measure in layout.HOUSEHOLD_MEASURES:
            if measure.code not in measure_cols.values():
                result.problem("column_missing", name, cell_name(header_row, village_col), expected=measure.label_vi)
    skip = {village_col, *measure_cols}
    total_keys = _keys(layout.TOTAL_LABELS)
    unknown_reported: set[int] = set()
    seen_total = seen_village = False
    cells = []
    closed = False  # past the total row of a table whose villages came first: notes may follow, figures may not
    for r in range(header_row + 1, len(grid)):
        row = grid[r]
        label = row[village_col] if village_col < len(row) else ""
        figures = {c: row[c] if c < len(row) else "" for c in measure_cols}
        if closed:
            if not all(_is_blank(v) for v in figures.values()) and not _is_note(label):
                result.problem("row_below_total", name, cell_name(r, village_col), clean(str(label)))
            continue
        is_total = label_key(label) in total_keys
        if _is_blank(label) and all(_is_blank(v) for v in figures.values()):
            if seen_total:
                break  # a total row above its villages: the table ends at the first empty row
            continue
        if _is_blank(label):
            result.problem("village_missing", name, cell_name(r, village_col))
            continue
        for c, value in enumerate(row):
            if c not in skip and c > village_col and not _is_blank(value) and c not in unknown_reported:
                header = grid[header_row][c] if c < len(grid[header_row]) else ""
                if isinstance(value, (int, float)) and not isinstance(value, bool) and c != 0:
                    unknown_reported.add(c)
                    result.problem("column_unknown", name, cell_name(header_row, c), clean(str(header)) or column_letter(c))
        village = None if is_total else clean(str(label))
        for c, code in measure_cols.items():
            value = figures[c]
            raw = None if _is_blank(value) else value
            cells.append((section, name, r + 1, column_letter(c), village, column_letter(village_col), is_total, code,
                          raw if raw is None or isinstance(raw, (int, float)) else clean(str(raw))))
        if is_total:
            seen_total = True
            closed = seen_village
        else:
            seen_village = True
    if required and not seen_village:
        return  # an optional table left unfilled
    result.cells += cells
    if not seen_total:
        result.problem("total_missing", name)


def _extract_targets(book, result, shown, hidden):
    labels = {m.code: _keys(m.labels) for m in layout.TARGET_MEASURES}
    for standard in standards():
        for indicator in standard.indicators:
            labels.setdefault(indicator.code, set()).add(label_key(layout.DEPRIVATION_TARGET_PREFIX + indicator.label_vi))
    anchor = _keys(layout.TARGET_LABEL.labels)
    value_keys = _keys(layout.TARGET_VALUE_LABEL.labels)
    for name, grid in book.sheets.items():
        header = _find_header(shown[name], anchor, {"value": value_keys})
        if not header or not header[2]:
            continue
        header_row, label_col, value_cols = header
        value_col = next(iter(value_cols))
        for r in range(header_row + 1, len(grid)):
            row = grid[r]
            label = row[label_col] if label_col < len(row) else ""
            value = row[value_col] if value_col < len(row) else ""
            if _is_blank(label) and _is_blank(value):
                continue
            key = label_key(label)
            code = next((code for code, keys in labels.items() if key in keys), None)
            if code is None:
                if not _is_blank(value):
                    result.problem("target_unknown", name, cell_name(r, label_col), clean(str(label)))
                continue
            raw = None if _is_blank(value) else value
            result.cells.append(("targets", name, r + 1, column_letter(value_col), None, column_letter(label_col), False, code,
                                 raw if raw is None or isinstance(raw, (int, float)) else clean(str(raw))))
        return
    for name, rows in hidden.items():  # a reader of the file would not see these targets: they are not taken
        header = _find_header(rows, anchor, {"value": value_keys})
        if header and header[2]:
            result.problem("sheet_hidden", name, value=name, expected=layout.TARGETS_SHEET.label_vi)
            return
    result.problem("sheet_missing", expected=layout.TARGETS_SHEET.label_vi,
                   labels=f"'{layout.TARGET_LABEL.label_vi}', '{layout.TARGET_VALUE_LABEL.label_vi}'")


def read_submission(path) -> Extracted:
    """Read and extract one file; a file that cannot be read comes back with that as its only problem."""
    path = Path(path)
    try:
        book = read_workbook(path)
    except ReadError as error:
        stat = path.stat()
        item = Extracted(Workbook(path, sha256_of(path), stat.st_size, stat.st_mtime, {}))
        item.problem("unreadable", detail=error.message_vi, detail_en=error.message_en)
        return item
    try:
        item = extract(book)
    except Exception as error:  # noqa: BLE001  whatever a file holds, it must not stop the others being read
        item = Extracted(book)
        item.problem("unreadable", detail=f"không đọc được nội dung tệp ({type(error).__name__})",
                     detail_en=f"the file's content could not be read ({type(error).__name__}: {error})")
    item.hidden_sheets = book.filled_hidden_sheets
    book.sheets = book.hidden = {}  # the grids are no longer needed; a national run holds 10,000 of these
    return item
