"""Writing cells and pages, shared by the published workbooks (xlsxwriter) and the workbooks returned to communes
(openpyxl): text stored as text (never a formula, never a character the file cannot hold), rounding as printed,
A4 pages.
"""

import math
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet as XlsxWorksheet

MAX_CELL_TEXT = 32_767  # Excel's limit on the characters of one cell

# Printing. Widths are in Excel's character units. LibreOffice without Calibri prints one as 7 pt, wider than Excel
# or LibreOffice with Calibri's metric twin do, so a table estimated to fit a page fits it in every application.
PAGE_WIDTH_PT = 842 - 2 * 36  # A4 landscape less the 0.5" side margins of PRINT_MARGINS
PRINT_MARGINS = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
POINTS_PER_WIDTH_UNIT = 7
PAGE_HEIGHT_PT = 595 - 2 * 54  # less the 0.75" top and bottom margins
ROW_PT = 16  # a row of one line of 11 pt text, a little taller than LibreOffice (15 pt) or Excel draw it
SMALLEST_PRINTED_PT = 8.25  # no text under 8 pt, with room for an application rounding the scale it fits to
PAGE_NUMBERS = "Trang &P / &N"

def half_up(value, places: int = 2) -> float | None:
    """Round half away from zero as people do by hand (not Python's banker's rounding).

    >>> half_up(1.005), half_up(11.7771), half_up(44.26, 1), half_up(None)
    (1.01, 11.78, 44.3, None)
    """
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def clean_text(value) -> str:
    """Text that can go into a cell: the characters XML cannot hold (control characters) dropped, cut to what one
    cell holds."""
    text = "" if value is None else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]


def set_text(cell: Cell, text) -> Cell:
    """Store text as text: openpyxl makes any string beginning with "=" a formula, and a name typed (or crafted)
    that way must not run in the reader's Excel; and a control character in it must not stop the file being written."""
    cell.value = clean_text(text)
    cell.data_type = "s"
    return cell


def write_text(sheet: XlsxWorksheet, row: int, col: int, text, cell_format: Format | None = None) -> None:
    """set_text for xlsxwriter (row and column from 0): write_string, where write would make text beginning with "="
    a formula (unless the workbook says otherwise) and a web address a link."""
    text = clean_text(text)
    if text:
        sheet.write_string(row, col, text, cell_format)
    else:  # as openpyxl and Excel store an empty text: a blank cell
        sheet.write_blank(row, col, None, cell_format)


def _readable_scale(font_size: float) -> int:
    """The smallest print scale (%) at which text of this size stays legible; 100 for text already too small."""
    return min(100, math.ceil(100 * SMALLEST_PRINTED_PT / font_size))


def legible_page_width(font_size: float = 11) -> float:
    """How many width units of columns one A4 landscape page holds at the smallest legible scale."""
    return PAGE_WIDTH_PT * 100 / _readable_scale(font_size) / POINTS_PER_WIDTH_UNIT


def print_scale(widths: Sequence[float], font_size: float = 11) -> int | None:
    """None when the columns fit one A4 landscape page wide at a legible size (the application then fits them to
    the page); otherwise the smallest legible scale, at which they span pages across."""
    return None if sum(widths) <= legible_page_width(font_size) else _readable_scale(font_size)


def wrapped_height(text: str, font_size: float, width: float) -> float:
    """Row height (pt) for text wrapped in a cell ``width`` units wide. No application sizes a merged cell's row
    to its text, and LibreOffice keeps the rows of an openpyxl file as tall as one line. Characters are taken as
    0.7 em wide, as wide as capitals are, so that the text has room in every application."""
    per_line = max(1, int(width * POINTS_PER_WIDTH_UNIT / (0.7 * font_size)))
    lines = sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))
    return math.ceil(lines * font_size * 1.35)


def print_on_a4(sheet: Worksheet, scale: int | None, title_rows: str | None = None,
                title_columns: str | None = None) -> None:
    """A4 landscape with page numbers in the footer's centre (unless a commune's sheet has its own text there), one
    page wide (scale None) or at ``scale`` % across several pages, the title rows and columns on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins = copy(PRINT_MARGINS)
    if not sheet.oddFooter.center:
        sheet.oddFooter.center.text = PAGE_NUMBERS
    sheet.sheet_properties.pageSetUpPr.fitToPage = scale is None
    if scale is None:
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # as many pages down as rows need
    else:
        sheet.page_setup.scale = scale
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns


@dataclass(frozen=True)
class PageMarks:
    """What the top and bottom margins of every printed page of a sheet say besides its page number: ``header``,
    centred above, in bold red (made-up figures); ``note``, bottom left; ``right``, bottom right (a document with
    personal data says so). 11 pt: LibreOffice scales a page's header and footer with the sheet (Excel does not,
    told so), and a sheet prints at 75 % at least."""

    header: str = ""
    note: str = ""
    right: str = ""
    notice: str = ""  # centred above, in bold black: a document with personal data says so


def _margin_text(text: str) -> str:
    """Text in a page header or footer, its ampersands doubled (a single one starts a code)."""
    return clean_text(text).replace("&", "&&")


def header_footer(marks: PageMarks | None) -> tuple[str, str]:
    """The page header and footer codes of ``marks``, page numbers in the footer's centre."""
    marks = marks or PageMarks()
    header = f'&C&"Times New Roman,Bold"&11&KC00000{_margin_text(marks.header)}' if marks.header else ""
    if marks.notice and not header:
        header = f'&C&"Times New Roman,Bold"&11{_margin_text(marks.notice)}'
    footer = f"&C{PAGE_NUMBERS}"
    if marks.note:
        footer = f'&L&"Times New Roman,Italic"&11{_margin_text(marks.note)}' + footer
    if marks.right:
        footer += f'&R&"Times New Roman,Italic"&11{_margin_text(marks.right)}'
    return header, footer


def print_on_a4_xlsxwriter(sheet: XlsxWorksheet, scale: int | None, title_rows: tuple[int, int] | None = None,
                           title_columns: int = 0, marks: PageMarks | None = None, first_column: int = 0) -> None:
    """print_on_a4 for a sheet xlsxwriter writes: the title rows (first, last) numbered from 1 as on the sheet, and
    the first ``title_columns`` columns (from ``first_column``, from 0), on every page; ``marks`` in its margins."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(PRINT_MARGINS.left, PRINT_MARGINS.right, PRINT_MARGINS.top, PRINT_MARGINS.bottom)
    header, footer = header_footer(marks)
    sheet.set_header(header, {"scale_with_doc": False}, margin=PRINT_MARGINS.header)
    sheet.set_footer(footer, {"scale_with_doc": False}, margin=PRINT_MARGINS.footer)
    if scale is None:
        sheet.fit_to_pages(1, 0)  # as many pages down as rows need
    else:
        sheet.set_print_scale(scale)
    if title_rows:
        sheet.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)
    if title_columns:
        sheet.repeat_columns(first_column, first_column + title_columns - 1)
