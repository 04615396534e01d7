"""Find a submission's tables in a workbook by their Vietnamese labels and lift out every figure with its cell.

Nothing here judges the figures; it records what is where (``checks/`` judges), and
reports only what stops the tables from being found at all.

How a table's sheet is chosen, and the shapes a workbook is recorded in, are in ``tables``.
"""

from functools import cache
from pathlib import Path

from transforms.read import ReadError, Workbook, read_workbook, sha256_of
from transforms.register import extract_register
from transforms.tables import (
    AMBIGUOUS,
    Cell,
    Extracted,
    SheetLabels,
    candidates,
    cell_name,
    choose_sheet,
    column_letter,
    declared_year,
    extract_info,
    is_blank,
    is_note,
    keys_of,
    label_key,
    scored_sheets,
)
from vocabulary import labels as layout
from vocabulary.standards import standards
from vocabulary.text import clean


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
    village = keys_of(layout.VILLAGE_LABEL.labels)
    # the village targets table has some of the same labels; its target-only ones tell it apart
    target_only = frozenset(keys_of(layout.TARGET_MEASURES[0].labels) | keys_of(layout.TARGET_MEASURES[1].labels))
    return {
        "households": (layout.HOUSEHOLDS_SHEET, village,
                       {m.code: keys_of(m.labels) for m in layout.HOUSEHOLD_MEASURES}, None, target_only),
        "deprivation": (layout.DEPRIVATION_SHEET, village, _indicator_columns(), None, frozenset()),
        # optional: a commune may set its targets per village too; the sheet is the one with the target-only columns
        "village_targets": (layout.VILLAGE_TARGETS_SHEET, village,
                            {m.code: keys_of(m.labels) for m in layout.TARGET_MEASURES}, "total_households", frozenset()),
        "targets": (layout.TARGETS_SHEET, keys_of(layout.TARGET_LABEL.labels),
                    {"value": keys_of(layout.TARGET_VALUE_LABEL.labels)}, None, frozenset()),
        # optional: the figures at the start of the period, where the warehouse has no previous period
        "start": (layout.START_SHEET, keys_of(layout.START_LABEL.labels),
                  {"value": keys_of(layout.START_VALUE_LABEL.labels)}, None, frozenset()),
    }


def extract(book: Workbook) -> Extracted:
    result = Extracted(book)
    # every table is looked for by its labels among the rows of every sheet: folded once a sheet
    shown, hidden = SheetLabels(book.sheets), SheetLabels(book.hidden)
    extract_info(book, result, shown)
    tables = _tables()
    near_top = {section: scored_sheets(shown.rows, anchor, columns, required, excluded)
                for section, (_, anchor, columns, required, excluded) in tables.items()}
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
        _extract_items(book, result, chosen["start"], "start", {m.code: keys_of(m.labels) for m in layout.START_MEASURES},
                       keep_blank=False)
    return result


def declared_only(book: Workbook) -> Extracted:
    """What a file of a refused format declares (its commune, district, province, period), and the one problem
    that it is refused: the commune is told what to send instead, and counts as having sent a file."""
    result = Extracted(book)
    extract_info(book, result, SheetLabels(book.sheets))
    result.problems = []  # whatever it lacks, it is the format that is to be fixed
    assert book.refused_format is not None  # read_submission calls it for a refused format only
    result.problem(book.refused_format)
    return result


def _figure(book: Workbook, result: Extracted, sheet: str, r: int, c: int, value):
    """A figure as recorded: None when blank, the error a formula gives when that is why it is blank (and noted in
    ``result.formula_errors``), else the number or the text as written."""
    if is_blank(value):
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
        _village_table_absent(result, hidden, sheet_field, columns, required, excluded)
        return
    name, (header_row, village_col, measure_cols) = found
    grid = book.sheets[name]
    if section == "households":
        for measure in layout.HOUSEHOLD_MEASURES:
            if measure.code not in measure_cols.values():
                result.problem("column_missing", name, cell_name(header_row, village_col), expected=measure.label_vi)
    total_keys = keys_of(layout.TOTAL_LABELS)
    unknown_reported: set[int] = set()
    seen_total = seen_village = False
    cells = []
    closed = False  # past the total row of a table whose villages came first: notes may follow, figures may not
    for r in range(header_row + 1, len(grid)):
        row = grid[r]
        label = row[village_col] if village_col < len(row) else ""
        figures = {c: row[c] if c < len(row) else "" for c in measure_cols}
        if closed:
            if not all(is_blank(v) for v in figures.values()) and not is_note(label):
                result.problem("row_below_total", name, cell_name(r, village_col), clean(str(label)))
            continue
        is_total = label_key(label) in total_keys
        if is_blank(label) and all(is_blank(v) for v in figures.values()):
            if seen_total:
                break  # a total row above its villages: the table ends at the first empty row
            continue
        if is_blank(label):
            result.problem("village_missing", name, cell_name(r, village_col))
            continue
        _report_unknown_columns(result, grid, name, r, found[1], unknown_reported)
        village = None if is_total else clean(str(label))
        for c, code in measure_cols.items():
            value = figures[c]  # a number, as most are, is taken as it is without a call
            cells.append(Cell(section, name, r + 1, column_letter(c), village, column_letter(village_col), is_total, code,
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


def _village_table_absent(result, hidden: SheetLabels, sheet_field, columns, required: str | None,
                          excluded: frozenset) -> None:
    """No shown sheet holds the table: say that it is on a hidden sheet, or missing unless it is optional."""
    concealed = candidates(hidden, keys_of(layout.VILLAGE_LABEL.labels), columns, required, excluded)
    if concealed:  # a reader of the file would not see these figures: they are not taken
        name = max(concealed, key=lambda s: s[0])[1]
        result.problem("sheet_hidden", name, value=name, expected=sheet_field.label_vi)
    elif required is None:
        result.problem("sheet_missing", expected=sheet_field.label_vi, labels=f"'{layout.VILLAGE_LABEL.label_vi}', …")


def _report_unknown_columns(result, grid, name: str, r: int, table: tuple, reported: set[int]) -> None:
    """A number right of the village column in a column the table does not know: once a column (its figures would
    otherwise be lost without a word)."""
    header_row, village_col, measure_cols = table
    for c, value in enumerate(grid[r]):
        if (c > village_col and c not in measure_cols and c not in reported and not is_blank(value)
                and isinstance(value, (int, float)) and not isinstance(value, bool)):
            reported.add(c)
            header = grid[header_row][c] if c < len(grid[header_row]) else ""
            result.problem("column_unknown", name, cell_name(header_row, c), clean(str(header)) or column_letter(c))


def _extract_targets(book, result, found, hidden: SheetLabels):
    """The commune's targets for the next period, one row each, on the sheet ``found`` (``choose_sheet``)."""
    labels = {m.code: keys_of(m.labels) for m in layout.TARGET_MEASURES}
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
        if is_blank(label) and is_blank(value):
            continue
        key = label_key(label)
        code = next((code for code, keys in labels.items() if key in keys), None)
        if code is None:
            if not is_blank(value):
                result.problem("target_unknown", name, cell_name(r, label_col), clean(str(label)))
            continue
        if is_blank(value) and not keep_blank:
            continue
        result.cells.append(Cell(section, name, r + 1, column_letter(value_col), None, column_letter(label_col), False,
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
