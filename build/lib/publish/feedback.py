"""The workbook sent back to a commune whose report was rejected: its own cells, each problem marked where it is.

Every offending cell gets a light-red fill and a note (comment) saying in Vietnamese and English what to fix; a
first sheet, "Danh sách lỗi", lists every problem with a link to its cell. An .xlsx/.xlsm is annotated in place
(values, formulas, styles and sheet protection kept; macros dropped, so an .xlsm comes back as .xlsx). An .xls or
.ods, which openpyxl cannot open, is rebuilt as .xlsx from the values python-calamine reads, cell for cell.
Every sheet prints on A4 with its text at 8 pt or larger, so that the commune can work from a printout.

Nothing here evaluates a formula, and every text this module writes is stored as text, never as a formula.
"""

import os
import re
from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from publish.cells import MAX_CELL_TEXT, clean_text, print_on_a4, print_scale, set_text, wrapped_height
from vocabulary.labels import ROW_NUMBER_LABEL
from vocabulary.text import fold

LIST_SHEET = "Danh sách lỗi"
AUTHOR = "giamngheo"
ERROR_FILL = PatternFill(fill_type="solid", start_color="FFFFC7CE", end_color="FFFFC7CE")  # Excel's "bad" red
HEADERS = ("STT", "Trang / Sheet", "Ô / Cell", "Giá trị / Value", "Lỗi cần sửa", "What to fix")
WIDTHS = (6, 16, 9, 16, 44, 44)  # one A4 page wide at a legible size, the messages wrapping
TITLE_SIZE = 12
REBUILT_SUFFIXES = (".xls", ".ods")

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_MAX_ROW, _MAX_COLUMN = 1_048_576, 16_384
_BAD_TITLE = re.compile(r"[\\*?:/\[\]]")
_DEFAULT_WIDTH = 8.43  # Excel's width of a column the file gives none
_DEFAULT_FONT_SIZE = 11
_COMMENT_WIDTH = 320  # px
_COMMENT_CHARS_PER_LINE = 45
_LINE_PX = 16


def _position(cell) -> tuple[int, int] | None:
    """(row, column) of an address like "F6" or "$F$6", or None when it names no single cell of a sheet."""
    match = _CELL.match(str(cell or "").strip())
    if not match:
        return None
    column, row = column_index_from_string(match.group(1).upper()), int(match.group(2))
    return (row, column) if 1 <= row <= _MAX_ROW and 1 <= column <= _MAX_COLUMN else None


# --- opening the source ---------------------------------------------------------------------------------------


def _open_with_openpyxl(source: Path) -> tuple[Workbook, dict[str, str]]:
    # keep_vba=False: the macros are not copied, so nothing in the returned file can run.
    book = openpyxl.load_workbook(source, keep_vba=False, data_only=False, keep_links=False, rich_text=True)
    return book, {name: name for name in book.sheetnames}


def _title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (an .ods may have longer names, or characters Excel forbids), unique."""
    base = _BAD_TITLE.sub("_", clean_text(name)).strip("'") or "Sheet"
    title, n = base[:31], 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[:31 - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def _rebuild(source: Path) -> tuple[Workbook, dict[str, str]]:
    """An .xlsx holding the values of every sheet at the same positions (calamine keeps the empty rows and
    columns before the data when skip_empty_area is False). Formulas come as the values last calculated."""
    calamine = CalamineWorkbook.from_path(str(source))
    book = Workbook()
    book.remove(book.active)
    titles: dict[str, str] = {}
    taken = {LIST_SHEET.casefold()}
    for name in calamine.sheet_names:
        sheet = book.create_sheet(_title(name, taken))
        titles[name] = sheet.title
        widths: dict[int, int] = defaultdict(int)
        for r, row in enumerate(calamine.get_sheet_by_name(name).to_python(skip_empty_area=False), start=1):
            filled = [(c, value) for c, value in enumerate(row, start=1) if value is not None and value != ""]
            for c, value in filled:
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, str):
                    set_text(cell, value)
                else:
                    cell.value = value
                if len(filled) > 1:  # a title or a note alone on its row runs on over the empty cells instead
                    widths[c] = max(widths[c], len(str(value)))
        for c, width in widths.items():
            sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 50)
    return book, titles


def _open(source: Path) -> tuple[Workbook, dict[str, str]]:
    """The workbook to annotate, and for each sheet name as the reader saw it the title of its sheet here."""
    if source.suffix.lower() in REBUILT_SUFFIXES:
        return _rebuild(source)
    try:
        return _open_with_openpyxl(source)
    except Exception:  # noqa: BLE001 — e.g. an .xls saved under an .xlsx name; calamine reads it by its content
        return _rebuild(source)


# --- marking the cells ----------------------------------------------------------------------------------------


def _anchor(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell that holds what is shown at (row, column): the first cell of a merged range it belongs to."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(cell, MergedCell):
        for merged in sheet.merged_cells.ranges:
            if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
                return sheet.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _comment(errors: list[dict], earlier: Comment | None) -> Comment:
    blocks = [f"{clean_text(e.get('message_vi'))}\n\n{clean_text(e.get('message_en'))}".strip() for e in errors]
    if len(blocks) > 1:
        blocks = [f"{n}. {block}" for n, block in enumerate(blocks, start=1)]
    if earlier is not None and earlier.author != AUTHOR and earlier.text:
        blocks.append(f"Ghi chú trước đó / Earlier note:\n{clean_text(earlier.text)}")
    text = "\n\n".join(blocks)[:MAX_CELL_TEXT]
    lines = sum(max(1, -(-len(line) // _COMMENT_CHARS_PER_LINE)) for line in text.split("\n"))
    return Comment(text, AUTHOR, height=min(40 + lines * _LINE_PX, 900), width=_COMMENT_WIDTH)


def _mark(book: Workbook, titles: dict[str, str], errors: list[dict]) -> list[tuple[dict, str | None, str | None]]:
    """Fill and comment every offending cell; return each error with the sheet title and cell its link goes to
    (None for both when it is not one cell of a sheet of this workbook)."""
    located: list[tuple[dict, str | None, str | None]] = []
    by_cell: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for error in errors:
        sheet = error.get("sheet")
        title = titles.get(sheet) if sheet is not None else None  # titles has no None key
        position = _position(error.get("cell"))
        if title is None or position is None or not isinstance(book[title], Worksheet):
            located.append((error, None, None))
            continue
        cell = _anchor(book[title], *position)
        by_cell[(title, cell.coordinate)].append(error)
        located.append((error, title, cell.coordinate))
    for (title, coordinate), cell_errors in by_cell.items():
        cell = book[title][coordinate]
        cell.fill = ERROR_FILL  # the value, number format, font and protection of the cell stay as they were
        cell.comment = _comment(cell_errors, cell.comment)
    return located


# --- the list of problems -------------------------------------------------------------------------------------


def _order(book: Workbook, located: list) -> list:
    """Problems of the whole file first, then sheet by sheet in the workbook's order, row by row."""
    index = {title: i for i, title in enumerate(book.sheetnames)}

    def key(item):
        _, title, coordinate = item
        if title is None:
            return (0, 0, 0, 0)
        row, column = _position(coordinate)
        return (1, index[title], row, column)

    return sorted(located, key=key)


def _write_list(book: Workbook, located: list, file_name: str) -> Worksheet:
    sheet = book.create_sheet(LIST_SHEET, 0)
    title = set_text(sheet.cell(row=1, column=1),
                      f"Danh sách lỗi cần sửa – {file_name} ({len(located)} lỗi). Bấm vào địa chỉ ô để đến ô đó; "
                      f"ô lỗi được tô đỏ và có ghi chú.\n"
                      f"Problems to fix – {file_name} ({len(located)}). Click a cell address to go to it; each "
                      f"offending cell is shaded red and has a note.")
    title.font = Font(bold=True, size=TITLE_SIZE)
    title.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.row_dimensions[1].height = wrapped_height(title.value, TITLE_SIZE, sum(WIDTHS))
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        cell = set_text(sheet.cell(row=2, column=column), header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, (error, target_title, coordinate) in enumerate(_order(book, located), start=1):
        row = n + 2
        sheet.cell(row=row, column=1, value=n).alignment = wrap
        values = (error.get("sheet"), error.get("cell"), error.get("value"),
                  error.get("message_vi"), error.get("message_en"))
        for column, value in enumerate(values, start=2):
            set_text(sheet.cell(row=row, column=column), value).alignment = wrap
        sheet.row_dimensions[row].height = max(wrapped_height(clean_text(value), _DEFAULT_FONT_SIZE, width)
                                               for value, width in zip(values, WIDTHS[1:]))
        if target_title is not None:
            link = sheet.cell(row=row, column=3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(target_title)}!{coordinate}",
                                       tooltip=clean_text(f"{error.get('sheet')}!{coordinate}")[:255])
            link.font = Font(color="FF0563C1", underline="single")
    sheet.freeze_panes = "A3"
    print_on_a4(sheet, print_scale(WIDTHS), "1:2")
    return sheet


# --- printing the commune's sheets ---------------------------------------------------------------------------


def _widths(sheet: Worksheet) -> list[float]:
    """The width of each column up to the last used one, as the file stores them (often one width for a range)."""
    widths = [sheet.sheet_format.defaultColWidth or _DEFAULT_WIDTH] * sheet.max_column
    for dimension in sheet.column_dimensions.values():
        first = dimension.min or column_index_from_string(dimension.index)
        for column in range(first, min(dimension.max or first, sheet.max_column) + 1):
            widths[column - 1] = 0 if dimension.hidden else dimension.width
    return widths


def _smallest_font(sheet: Worksheet) -> float:
    return min((cell.font.sz or _DEFAULT_FONT_SIZE for cell in sheet._cells.values() if cell.value is not None),
               default=_DEFAULT_FONT_SIZE)


def _header_row(sheet: Worksheet) -> int | None:
    """The row of the table's header: the first whose column A says STT (or TT, Số TT), as the template's does."""
    labels = {fold(label) for label in (ROW_NUMBER_LABEL.label_vi, *ROW_NUMBER_LABEL.aliases)}
    rows = [cell.row for cell in sheet._cells.values()  # the cells there are, as in write_feedback
            if cell.column == 1 and isinstance(cell.value, str) and fold(cell.value) in labels]
    return min(rows, default=None)


def _print_legibly(sheet: Worksheet) -> None:
    """The commune's sheet on A4 at a scale that keeps its smallest text legible. A table too wide for that on one
    page spans pages, its header row and first two columns (STT, village) on each unless the sheet names print
    titles of its own (the template does)."""
    header = None if sheet.print_title_rows else _header_row(sheet)
    print_on_a4(sheet, print_scale(_widths(sheet), _smallest_font(sheet)),
                f"{header}:{header}" if header else None, "A:B" if header and not sheet.print_title_cols else None)


def _show_first(book: Workbook) -> None:
    """Open on the list: it is the active sheet and the only selected one (several selected tabs would group the
    sheets, and a change typed in one would go into all)."""
    book.active = 0
    first = book.worksheets[0]
    for sheet in book.worksheets + book.chartsheets:
        for view in sheet.views.sheetView:
            view.tabSelected = sheet is first
    for view in book.views:
        view.activeTab, view.firstSheet = 0, 0


def write_feedback(source: Path, errors: list[dict], target: Path) -> Path:
    """Write to ``target`` (given the suffix .xlsx) the commune's workbook ``source`` with each cell named in
    ``errors`` shaded and commented, behind a first sheet listing every error; return the path written.

    ``errors`` rows have sheet, cell ("F6", or "" for a problem of no one cell), value, rule, message_vi and
    message_en. An error whose sheet is not in the workbook, or whose cell is not a cell address, is only listed.
    """
    source, target = Path(source), Path(target)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    book, titles = _open(source)
    if LIST_SHEET in book.sheetnames:
        # A workbook sent back before and resubmitted: its old list goes, and so do the old notes on fixed cells.
        book.remove(book[LIST_SHEET])
        titles = {name: title for name, title in titles.items() if title != LIST_SHEET}
    for sheet in book.worksheets:
        for cell in list(sheet._cells.values()):  # the cells there are; iter_rows would create every empty one
            if cell.comment is not None and cell.comment.author == AUTHOR:
                cell.comment = None
    located = _mark(book, titles, list(errors))
    for sheet in book.worksheets:
        _print_legibly(sheet)
    _write_list(book, located, source.name)
    _show_first(book)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        book.save(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target
