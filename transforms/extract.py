"""Find a submission's tables in a workbook by their Vietnamese labels and lift out every figure with its cell.

Nothing here judges the figures; it records what is where (``checks/`` judges), and
reports only what stops the tables from being found at all.

Each table is read from one visible sheet, chosen in the open: every visible sheet whose header the table's labels
match is a candidate. One candidate is the table. Of several (a copy kept for reference, last year's sheet left in
front), the one whose name or title carries the period's year is read, and a warning names the others; when the year
does not single one out, the file waits for a person (``table_on_several_sheets``) and nothing of it is taken.
"""

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from vocabulary import labels as layout
from vocabulary.messages import render
from vocabulary.periods import PeriodError, parse_period, target_period, unit_structure
from vocabulary.standards import standards
from transforms.read import ReadError, Workbook, read_workbook, sha256_of
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
        found = {}
        for c, k in enumerate(keys):
            code = lookup.get(k)
            if code is not None and code not in found.values():
                found[c] = code
        if best is None or len(found) > len(best[2]):
            best = (r, anchor_cols[0], found)
    return best


def _scored(sheets: dict[str, list[list[str]]], anchor, columns, required: str | None = None,
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


def _best_sheet(sheets: dict[str, list[list[str]]], anchor, columns, required: str | None = None,
                excluded: frozenset = frozenset()):
    """Of ``sheets`` (name -> header_keys), the one whose header row has the anchor and most of the columns (and
    ``required``'s, and none of the ``excluded`` labels): (name, header) or None."""
    scored = _scored(sheets, anchor, columns, required, excluded)
    if not scored:
        return None
    _, name, header = max(scored, key=lambda s: s[0])
    return name, header


def candidates(labels: SheetLabels, anchor, columns, required: str | None = None, excluded: frozenset = frozenset(),
               deepen: bool = True) -> list[tuple[int, str, tuple]]:
    """The sheets holding a table (``_scored``), found in their first rows or, when none is there (and ``deepen``),
    anywhere."""
    found = _scored(labels.rows, anchor, columns, required, excluded)
    if not found and deepen and labels.deepen():
        found = _scored(labels.rows, anchor, columns, required, excluded)
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


def _indicator_columns() -> dict[str, set[str]]:
    columns: dict[str, set[str]] = {}
    for standard in standards():
        for indicator in standard.indicators:
            columns.setdefault(indicator.code, set()).add(label_key(indicator.label_vi))
    return columns


@cache
def _tables() -> dict[str, tuple]:
    """section -> (its sheet's field, anchor labels, columns, the column that tells it apart, labels it must not
    have), in the order they are read."""
    village = _keys(layout.VILLAGE_LABEL.labels)
    # the village targets table has some of the same labels; its target-only ones tell it apart
    target_only = frozenset(_keys(layout.TARGET_MEASURES[0].labels) | _keys(layout.TARGET_MEASURES[1].labels))
    return {
        "households": (layout.HOUSEHOLDS_SHEET, village,
                       {m.code: _keys(m.labels) for m in layout.HOUSEHOLD_MEASURES}, None, target_only),
        "deprivation": (layout.DEPRIVATION_SHEET, village, _indicator_columns(), None, frozenset()),
        # optional: a commune may set its targets per village too; the sheet is the one with the target-only columns
        "village_targets": (layout.VILLAGE_TARGETS_SHEET, village,
                            {m.code: _keys(m.labels) for m in layout.TARGET_MEASURES}, "total_households", frozenset()),
        "targets": (layout.TARGETS_SHEET, _keys(layout.TARGET_LABEL.labels),
                    {"value": _keys(layout.TARGET_VALUE_LABEL.labels)}, None, frozenset()),
        # optional: the figures at the start of the period, where the warehouse has no previous period
        "start": (layout.START_SHEET, _keys(layout.START_LABEL.labels),
                  {"value": _keys(layout.START_VALUE_LABEL.labels)}, None, frozenset()),
    }


def extract(book: Workbook) -> Extracted:
    result = Extracted(book)
    # every table is looked for by its labels among the rows of every sheet: folded once a sheet
    shown, hidden = SheetLabels(book.sheets), SheetLabels(book.hidden)
    _extract_info(book, result, shown)
    tables = _tables()
    near_top = {section: _scored(shown.rows, anchor, columns, required, excluded)
                for section, (_, anchor, columns, required, excluded) in tables.items()}
    from transforms.register import extract_register  # which searches tables as this module does

    # a register's header is looked for below the first rows only in a file with no other table near the top
    if extract_register(book, result, shown, hidden, deepen=not any(near_top.values())):
        return result
    chosen = {section: choose_sheet(result, shown, section, sheet_field.label_vi, anchor, columns, required, excluded,
                                    declared_year(result, targets=section in ("targets", "village_targets")),
                                    near_top[section])
              for section, (sheet_field, anchor, columns, required, excluded) in tables.items()}
    if AMBIGUOUS in chosen.values():
        return result  # which sheet holds the figures is for a person to settle: nothing of the file is taken
    for section in ("households", "deprivation", "village_targets"):
        sheet_field, anchor, columns, required, excluded = tables[section]
        _extract_village_table(book, result, chosen[section], hidden, section, sheet_field, columns, required,
                               excluded)
    _extract_targets(book, result, chosen["targets"], hidden)
    if chosen["start"] is not None:
        _extract_items(book, result, chosen["start"], "start", {m.code: _keys(m.labels) for m in layout.START_MEASURES},
                       keep_blank=False)
    return result


def declared_only(book: Workbook) -> Extracted:
    """What a file of a refused format declares (its commune, district, province, period), and the one problem
    that it is refused: the commune is told what to send instead, and counts as having sent a file."""
    result = Extracted(book)
    _extract_info(book, result, SheetLabels(book.sheets))
    result.problems = []  # whatever it lacks, it is the format that is to be fixed
    result.problem(book.refused_format)
    return result


def _extract_info(book: Workbook, result: Extracted, keys: SheetLabels):
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
    wanted = _lookup({info.code: _keys(info.labels) for info in layout.INFO_FIELDS})
    best: dict[str, tuple[str, str, str]] = {}
    for name, grid in book.sheets.items():
        found = {}
        for r, (row, row_keys) in enumerate(zip(grid, keys.rows[name])):
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
    return best


def _figure(book: Workbook, result: Extracted, sheet: str, r: int, c: int, value):
    """A figure as recorded: None when blank, the error a formula gives when that is why it is blank (and noted in
    ``result.formula_errors``), else the number or the text as written."""
    if _is_blank(value):
        error = book.formula_error(sheet, r, c)
        if error is None:
            return None
        result.formula_errors[(sheet, r + 1, column_letter(c))] = error
        return error
    return value if isinstance(value, (int, float)) else clean(str(value))


def _extract_village_table(book, result, found, hidden: SheetLabels, section, sheet_field, columns,
                           required: str | None = None, excluded: frozenset = frozenset()):
    """A table of one row per village and its total row, on the sheet ``found`` (``choose_sheet``). ``required``:
    the table is optional (left out, or left without villages), and is the one with this column."""
    if found is None:
        concealed = candidates(hidden, _keys(layout.VILLAGE_LABEL.labels), columns, required, excluded)
        if concealed:  # a reader of the file would not see these figures: they are not taken
            name = max(concealed, key=lambda s: s[0])[1]
            result.problem("sheet_hidden", name, value=name, expected=sheet_field.label_vi)
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
            value = figures[c]  # a number, as most are, is taken as it is without a call
            cells.append((section, name, r + 1, column_letter(c), village, column_letter(village_col), is_total, code,
                          value if isinstance(value, (int, float)) else _figure(book, result, name, r, c, value)))
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


def _extract_targets(book, result, found, hidden: SheetLabels):
    """The commune's targets for the next period, one row each, on the sheet ``found`` (``choose_sheet``)."""
    labels = {m.code: _keys(m.labels) for m in layout.TARGET_MEASURES}
    for standard in standards():
        for indicator in standard.indicators:
            labels.setdefault(indicator.code, set()).add(label_key(layout.DEPRIVATION_TARGET_PREFIX + indicator.label_vi))
    if found is None:
        _, anchor, columns, _, _ = _tables()["targets"]
        concealed = candidates(hidden, anchor, columns)
        if concealed:  # a reader of the file would not see these targets: they are not taken
            result.problem("sheet_hidden", concealed[0][1], value=concealed[0][1], expected=layout.TARGETS_SHEET.label_vi)
        else:
            result.problem("sheet_missing", expected=layout.TARGETS_SHEET.label_vi,
                           labels=f"'{layout.TARGET_LABEL.label_vi}', '{layout.TARGET_VALUE_LABEL.label_vi}'")
        return
    _extract_items(book, result, found, "targets", labels)


def _extract_items(book, result, found, section: str, labels: dict[str, set[str]], keep_blank: bool = True):
    """A table of one item a row (its label, then its figure) on the sheet ``found``: each figure as a cell of
    ``section``; a blank one too unless ``keep_blank`` is off (a table that may be left blank)."""
    name, (header_row, label_col, value_cols) = found
    grid = book.sheets[name]
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
        if _is_blank(value) and not keep_blank:
            continue
        result.cells.append((section, name, r + 1, column_letter(value_col), None, column_letter(label_col), False,
                             code, _figure(book, result, name, r, value_col, value)))


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
        item = declared_only(book) if book.refused_format else extract(book)
    except Exception as error:  # noqa: BLE001  whatever a file holds, it must not stop the others being read
        item = Extracted(book)
        item.problem("unreadable", detail=f"không đọc được nội dung tệp ({type(error).__name__})",
                     detail_en=f"the file's content could not be read ({type(error).__name__}: {error})")
    item.hidden_sheets = None if book.refused_format else book.filled_hidden_sheets
    # the grids and bytes are no longer needed; a national run holds 10,000 of these
    book.sheets = book.hidden = {}
    book.data = b""
    return item
