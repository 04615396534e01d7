"""The consolidated workbook officials publish (Phụ lục 1–3), and Parquet copies of the marts.

One workbook per district for periods before the 2025 reform, one per province after it (there are no districts
then). Rates are rounded half-up here, for presentation only; the marts keep them unrounded.
"""

import math
import os
from collections import Counter, defaultdict
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import duckdb
import xlsxwriter
from xlsxwriter.format import Format

from publish.area import (
    CHANGES_SHEET,
    Unit,
    appendix_number,
    appendix_title,
    attached_line,
    is_synthetic,
    notes,
    place,
    planned,
    status_of,
    structure_note,
    version_of,
    worded_warnings,
)
from publish.area import units as area_units
from publish.cells import (
    PAGE_HEIGHT_PT,
    PAGE_WIDTH_PT,
    POINTS_PER_WIDTH_UNIT,
    ROW_PT,
    PageMarks,
    half_up,
    legible_page_width,
    print_on_a4_xlsxwriter,
    print_scale,
    wrapped_height,
    write_text,
)
from publish.charts import write_chart_sheet
from publish.columns import COUNT, PLACES, RATE, RATE_1, poverty_columns
from publish.official_files import official_wanted, write_official_report
from publish.parquet import export_parquet
from publish.report import write_area_report
from vocabulary.labels import (
    ABSENT,
    FIGURE_LABELS,
    FIGURES_SOURCE,
    SEPARATORS_NOTE,
    SUBMISSION_STATUS,
    SYNTHETIC_BANNER,
    WITHDRAWAL_KINDS,
    both,
    in_print,
)
from vocabulary.periods import area_level, period_label_vi
from vocabulary.profile import Profile, load_profile
from vocabulary.text import fold
from warehouse.versions import publishing_version

FONT = "Times New Roman"
HEADER_FILL = "#DDEBF7"
TITLE_FORMAT = {"font_name": FONT, "align": "center", "valign": "vcenter", "text_wrap": True}
BANNER_FONT = {"font_size": 11, "bold": True, "font_color": "#C00000"}
# Text stays text whatever it begins with, even in a cell written otherwise than by write_text; and the sheets are
# assembled in memory rather than in a temporary file each.
BOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
PIXELS_PER_WIDTH_UNIT = 7  # the widest digit of Calibri 11, the workbook's default font
BANNER_ROW = 4  # the provisional banner, blank when every commune reported
FIRST_DATA_ROW = 7  # title rows 1–3, the banner row, headers on rows 5–6

class Sheet:
    """A worksheet being written, its rows and columns numbered from 1 as the tables are laid out (xlsxwriter's from
    0), and what printing it needs to know that xlsxwriter keeps to itself: the rows and columns written, the
    column widths, the heights set and the print scale."""

    def __init__(self, book: xlsxwriter.Workbook, name: str):
        self.book, self.worksheet = book, book.add_worksheet(name)
        self.formats: dict[tuple, Format] = {}
        self.max_row = self.max_column = 0
        self.widths: list[float] = []
        self.heights: dict[int, float] = {}
        self.scale: int | None = None

    def reach(self, row: int, col: int) -> None:
        """Count a cell written in the sheet's extent."""
        self.max_row, self.max_column = max(self.max_row, row), max(self.max_column, col)

    def cell_format(self, number_format: str | None, bold: bool, header: bool, text: bool) -> Format:
        """The format of a table cell of this kind, added once per sheet (xlsxwriter merges equal formats)."""
        key = (number_format, bold, header, text)
        if key not in self.formats:
            properties = {"font_name": FONT, "font_size": 11, "bold": bold or header, "border": 1}
            if number_format:
                properties["num_format"] = number_format
            if header:
                properties |= {"bg_color": HEADER_FILL, "align": "center", "valign": "vcenter", "text_wrap": True}
            elif text and number_format:  # a mark in a column of figures (NO_PLAN), under their middle
                properties |= {"align": "center", "valign": "vcenter"}
            elif text:
                properties |= {"valign": "vcenter", "text_wrap": True}
            self.formats[key] = self.book.add_format(properties)
        return self.formats[key]

    def set_widths(self, widths: list[float]) -> None:
        """Column widths as stored in the file: set in characters, xlsxwriter would add the 5-pixel cell padding
        (13 stored as 13.71), which the print estimates of publish.cells do not count."""
        self.widths = widths
        for col, width in enumerate(widths):
            self.worksheet.set_column_pixels(col, col, round(width * PIXELS_PER_WIDTH_UNIT))

    def set_height(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.worksheet.set_row(row - 1, height)

    def merge_range(self, first_row: int, first_col: int, last_row: int, last_col: int, cell_format: Format) -> None:
        """Merge a range of more than one cell, every cell of it in the format (its borders are theirs). The caller
        writes the first cell after: xlsxwriter would write the value with write, not write_text."""
        self.reach(last_row, last_col)
        self.worksheet.merge_range(first_row - 1, first_col - 1, last_row - 1, last_col - 1, "", cell_format)


def put(sheet: Sheet, row: int, col: int, value, number_format: str | None = None, bold: bool = False,
        header: bool = False) -> None:
    """Write one cell in the tables' style. A rate is rounded to the places its format shows, so the stored
    value is the printed one and a reader's own sum agrees with the page."""
    cell_format = sheet.cell_format(number_format, bold, header, isinstance(value, str))
    sheet.reach(row, col)
    if isinstance(value, str):
        write_text(sheet.worksheet, row - 1, col - 1, value, cell_format)
    elif value is None:
        sheet.worksheet.write_blank(row - 1, col - 1, None, cell_format)
    else:
        rounded = half_up(value, PLACES[number_format]) if number_format in PLACES else value
        sheet.worksheet.write_number(row - 1, col - 1, rounded, cell_format)


def merge(sheet: Sheet, first_row: int, first_col: int, last_row: int, last_col: int, value,
          number_format: str | None = None, bold: bool = False, header: bool = False) -> None:
    """``value`` over a range of cells, merged unless it is one, in the tables' style."""
    if (first_row, first_col) != (last_row, last_col):
        sheet.merge_range(first_row, first_col, last_row, last_col,
                          sheet.cell_format(number_format, bold, header, isinstance(value, str)))
    put(sheet, first_row, first_col, value, number_format, bold, header)


def header(sheet: Sheet, first_row: int, first_col: int, last_row: int, last_col: int, text: str) -> None:
    merge(sheet, first_row, first_col, last_row, last_col, text, header=True)


def _page_ends(sizes: list[float], room: float, repeated: float = 0, break_after: set[int] | None = None) -> list[int]:
    """The last row or column (from 1) of each page, for rows or columns of these sizes on pages of ``room``.
    Pages after the first also hold the repeated print titles, of size ``repeated``; a page may end only after an
    index in ``break_after`` (any when None), so that what belongs together is printed together. The first page is
    filled, and the others evenly rather than the last with what is left over: they get the smallest room that
    needs no more pages than filling each does."""
    pages = len(_fill(sizes, room, room, repeated, break_after))
    low, high = 0.0, room
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(_fill(sizes, room, middle, repeated, break_after)) <= pages:
            high = middle
        else:
            low = middle
    return _fill(sizes, room, high, repeated, break_after)


def _fill(sizes: list[float], first: float, later: float, repeated: float,
          break_after: set[int] | None) -> list[int]:
    """_page_ends filling each page in turn as full as it goes: the first to ``first``, the others to ``later``."""
    ends, used, end, room = [], 0.0, None, first
    for index, size in enumerate(sizes, start=1):
        if used + size > room and end is not None:
            ends.append(end)
            used, end, room = repeated + sum(sizes[end:index - 1]), None, later
        used += size
        if break_after is None or index in break_after:
            end = index
    return [*ends, len(sizes)]


# Title lines: their font by kind. An appendix: "Phụ lục I" (14 pt bold), its title in capitals (13 pt bold) and the
# "(Kèm theo …)" line (13 pt italic), as Nghị định 30/2020 sets them (Phụ lục I, III.1.b–c); another sheet: its
# heading on two lines and where the area is. The banner, when there is one, on its own row below them.
TITLE_FONTS: dict[str, dict[str, Any]]  # xlsxwriter format options
TITLE_FONTS = {"number": {"font_size": 14, "bold": True}, "title": {"font_size": 13, "bold": True},
               "attached": {"font_size": 13, "italic": True}, "place": {"font_size": 11, "italic": True},
               "banner": BANNER_FONT}
Line = tuple[str, str]  # its text, its kind of TITLE_FONTS


def title_block(sheet: Sheet, lines: list[Line], ends: list[int], repeated: int = 2, first_row: int = 1) -> None:
    """Title lines on the rows from ``first_row``, each merged over the first printed page's columns (``ends`` as
    layout returns them) and wrapped, its row as tall as its lines, so that none is cut at the page's edge nor
    printed over the next row. On a table printed across pages they start right of the ``repeated`` columns:
    pages after the first repeat those, and would show a cut piece of the titles."""
    first, last = (1 if len(ends) == 1 else repeated + 1), ends[0]
    width_units = sum(sheet.widths[first - 1:last])
    for row, (text, kind) in enumerate(lines, start=first_row):
        font = TITLE_FONTS[kind]
        cell_format = sheet.book.add_format(TITLE_FORMAT | font)
        if last > first:
            sheet.merge_range(row, first, row, last, cell_format)
        write_text(sheet.worksheet, row - 1, first - 1, text, cell_format)
        sheet.reach(row, last)
        sheet.set_height(row, max(ROW_PT, wrapped_height(text, font["font_size"], width_units)))


def appendix_lines(number: int, title: str, area: dict, period: str, profile: Profile, banner: list[str],
                   ) -> list[Line]:
    return [(appendix_number(number), "number"), (appendix_title(title, area, period), "title"),
            (attached_line(profile), "attached"), *((text, "banner") for text in banner)]


def sheet_lines(heading: str, subtitle: str, area: dict, period: str, banner: list[str]) -> list[Line]:
    note = structure_note(period)
    where = place(area) + (f" ({note[0].lower()}{note[1:]})" if note else "")
    return [(heading, "title"), (subtitle, "title"), (where, "place"), *((text, "banner") for text in banner)]


def layout(sheet: Sheet, widths: Mapping[int, float], other_width: float, header_rows: tuple[int, int] | None,
           freeze: str, title_columns: int = 2, break_after: set[int] | None = None,
           marks: PageMarks | None = None, scale: int | None = None) -> list[int]:
    """Column widths, frozen panes and printing; return the last column of each page across.
    A table too wide for one legible page spans pages across, its headers and first ``title_columns`` columns
    (the STT and the commune's name) repeated on each, a page ending only after a column of ``break_after``.
    ``scale``: a print scale of the caller's (one whose rows it breaks into pages itself)."""
    columns = [widths.get(col, other_width) for col in range(1, sheet.max_column + 1)]
    sheet.set_widths(columns)
    sheet.worksheet.freeze_panes(freeze)
    sheet.scale = scale or print_scale(columns)
    print_on_a4_xlsxwriter(sheet.worksheet, sheet.scale, header_rows, title_columns if not scale else 0, marks)
    if sheet.scale is None or scale:
        return [len(columns)]
    ends = _page_ends(columns, PAGE_WIDTH_PT * 100 / sheet.scale / POINTS_PER_WIDTH_UNIT,
                      sum(columns[:title_columns]), break_after)
    # breaks of our own (a break's id is the last column before it): the title block is merged over the first
    # page's columns
    sheet.worksheet.set_v_pagebreaks(ends[:-1])
    return ends


def _absent_row(sheet: Sheet, row: int, last_col: int, number: int | None, name: str, status: str) -> None:
    """A commune not counted: its STT and name, and its status across the figures' columns, none of them."""
    put(sheet, row, 1, number)
    put(sheet, row, 2, name)
    merge(sheet, row, 3, row, last_col, f"{status} – chưa có số liệu")


def write_poverty_sheet(book: xlsxwriter.Workbook, name: str, titles: list[Line], period: str, target: str,
                        units: list[Unit], columns, marks: PageMarks | None = None,
                        bilingual: bool = False) -> Sheet:
    """Phụ lục 1 or 2: one row per commune, the period's result and the next period's plan, and the area's total;
    a commune not counted (a provisional publication) with its status in place of its figures."""
    result, plan = columns
    sheet = Sheet(book, name)
    width = 2 + len(result) + len(plan)
    header(sheet, 5, 1, 6, 1, "TT")
    header(sheet, 5, 2, 6, 2, "Tên xã, phường, thị trấn")
    header(sheet, 5, 3, 5, 2 + len(result), f"Thực hiện {period_label_vi(period)}")
    header(sheet, 5, 3 + len(result), 5, width, f"Kế hoạch {period_label_vi(target)}")
    for col, (_, label, _) in enumerate(result + plan, start=3):
        header(sheet, 6, col, 6, col, label)
    for row, (number, unit_name, figures) in enumerate(units, start=FIRST_DATA_ROW):
        status = status_of(figures, bilingual)
        if status:
            _absent_row(sheet, row, width, number, unit_name, status)
            continue
        bold = number is None
        put(sheet, row, 1, number, bold=bold)
        put(sheet, row, 2, unit_name, bold=bold)
        for col, (key, _, number_format) in enumerate(result + plan, start=3):
            put(sheet, row, col, planned(key, figures[key]), number_format, bold=bold)
    sheet.set_height(6, 66)  # the DTTS labels wrap to four lines
    title_block(sheet, titles, layout(sheet, {1: 5, 2: 26}, 13, (5, 6), f"C{FIRST_DATA_ROW}", marks=marks))
    return sheet


# Phụ lục 3's columns: STT, commune, row kind, poor households, poverty rate, then two per indicator; the
# indicators are split into groups that each print one legible page wide, one table under the other.
DEPRIVATION_FIXED = {1: 5, 2: 20, 3: 20, 4: 8, 5: 8}
INDICATOR_WIDTH = 7
DEPRIVATION_GROUP = "Phân loại số hộ thiếu hụt các dịch vụ xã hội cơ bản"
DEPRIVATION_HEADER_ROWS = 3


def indicator_groups(count: int) -> list[range]:
    """The indicators (by position) of each table of Phụ lục 3: as few tables as let each print one A4 page wide at
    a legible size, as even as can be (10 indicators: 5 and 5; 12: 6 and 6)."""
    room = legible_page_width() - sum(DEPRIVATION_FIXED.values())
    per_page = max(1, int(room // (2 * INDICATOR_WIDTH)))
    tables = math.ceil(count / per_page)
    size = math.ceil(count / tables)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _deprivation_headers(sheet: Sheet, top: int, period: str, indicators: list[tuple[str, str]]) -> None:
    bottom = top + DEPRIVATION_HEADER_ROWS - 1
    for col, text in enumerate(("STT", "Xã/Phường/Thị trấn", "Năm", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)"), start=1):
        header(sheet, top, col, bottom, col, text)
    last = 5 + 2 * len(indicators)
    header(sheet, top, 6, top, last, DEPRIVATION_GROUP)
    for n, (_, label) in enumerate(indicators):
        header(sheet, top + 1, 6 + 2 * n, top + 1, 7 + 2 * n, label)
        header(sheet, bottom, 6 + 2 * n, bottom, 6 + 2 * n, "Số hộ thiếu hụt")
        header(sheet, bottom, 7 + 2 * n, bottom, 7 + 2 * n, "Tỷ lệ thiếu hụt (%)")
    sheet.set_height(top, max(ROW_PT, wrapped_height(DEPRIVATION_GROUP, 11, 2 * INDICATOR_WIDTH * len(indicators))))
    sheet.set_height(top + 1, max(wrapped_height(label, 11, 2 * INDICATOR_WIDTH) for _, label in indicators))
    sheet.set_height(bottom, max(wrapped_height(text, 11, INDICATOR_WIDTH)
                                 for text in ("Số hộ thiếu hụt", "Tỷ lệ thiếu hụt (%)")))


def _deprivation_unit(sheet: Sheet, first: int, unit: Unit, kinds, indicators, bilingual: bool) -> int:
    """A unit's rows of one of Phụ lục 3's tables, from row ``first``; return how many."""
    number, unit_name, figures = unit
    last_col = 5 + 2 * len(indicators)
    status = status_of(figures, bilingual)
    if status:
        _absent_row(sheet, first, last_col, number, unit_name, status)
        return 1
    bold = number is None
    by_code = {i["indicator_code"]: i for i in figures["indicators"]}
    merge(sheet, first, 1, first + 2, 1, number, bold=bold)
    merge(sheet, first, 2, first + 2, 2, unit_name, bold=bold)
    for row, (label, poor, rate, deprived, deprived_rate) in enumerate(kinds, start=first):
        put(sheet, row, 3, label, bold=bold)
        put(sheet, row, 4, planned(poor, figures[poor]), COUNT, bold=bold)
        put(sheet, row, 5, planned(rate, figures[rate]), RATE, bold=bold)
        for n, (code, _) in enumerate(indicators):
            indicator = by_code.get(code, {})
            put(sheet, row, 6 + 2 * n, planned(deprived, indicator.get(deprived)), COUNT, bold=bold)
            put(sheet, row, 7 + 2 * n, planned(deprived_rate, indicator.get(deprived_rate)), RATE_1, bold=bold)
    return 3


def write_deprivation_sheet(book: xlsxwriter.Workbook, titles: list[Line], period: str, target: str,
                            units: list[Unit], marks: PageMarks | None = None, bilingual: bool = False) -> Sheet:
    """Phụ lục 3: three rows per commune (result, plan, fall), deprived households and rate per indicator.

    Its indicators do not fit one legible page wide: they are split into tables that each do (indicator_groups),
    one under the other, and each table into pages of whole communes. Each page after the first starts with
    'Phụ lục III (tiếp)' (and the banner, when there is one) and the table's three header rows, written there, so
    that every printed page says what it is and is read on its own, down the pages in order."""
    sheet = Sheet(book, "Phụ lục 3")
    # the total has every indicator of the period's standard (10 or 12), in the standard's order
    every = [(i["indicator_code"], i["indicator_label_vi"]) for i in units[-1][2]["indicators"]]
    groups = [[every[i] for i in group] for group in indicator_groups(len(every))]
    width = 5 + 2 * max(len(group) for group in groups)
    widths: list[float] = [DEPRIVATION_FIXED.get(col, INDICATOR_WIDTH) for col in range(1, width + 1)]
    sheet.set_widths(widths)
    scale = min(100, math.floor(PAGE_WIDTH_PT * 100 / (sum(widths) * POINTS_PER_WIDTH_UNIT)))
    room = PAGE_HEIGHT_PT * 100 / scale
    kinds = (  # label, then keys of: poor households, poverty rate, deprived households, deprivation rate
        (f"Thực hiện {period_label_vi(period)}", "poor_households", "poverty_rate_pct", "deprived_households",
         "deprivation_rate_pct"),
        (f"Kế hoạch {period_label_vi(target)}", "target_poor_households", "target_poverty_rate_pct",
         "target_deprived_households", "target_deprivation_rate_pct"),
        ("Số hộ và tỷ lệ giảm", "target_poor_reduction", "target_rate_reduction_pp", "target_deprived_reduction",
         "target_deprivation_rate_reduction_pp"),
    )
    banner = [line for line in titles if line[1] == "banner"]
    continued = [(f"{titles[0][0]} (tiếp)", "number"), *banner]
    ends = [width]
    title_block(sheet, titles, ends)
    row, page_top, breaks, first_data = max(len(titles), BANNER_ROW) + 1, 1, [], None

    def new_page() -> int:
        """A page break before ``row``, then the continued title; return the row after it."""
        breaks.append(row - 1)
        title_block(sheet, continued, ends, first_row=row)
        return row + len(continued)

    for index, group in enumerate(groups):
        if index:  # a new page for each table after the first
            page_top = row
            row = new_page()
        _deprivation_headers(sheet, row, period, group)
        row += DEPRIVATION_HEADER_ROWS
        first_data = first_data or row
        for unit in units:
            need = ROW_PT * (1 if status_of(unit[2], bilingual) else 3)
            used = sum(sheet.heights.get(r, ROW_PT) for r in range(page_top, row))
            if used + need > room:  # the page is full: the next starts with the title and headers again
                page_top = row
                row = new_page()
                _deprivation_headers(sheet, row, period, group)
                row += DEPRIVATION_HEADER_ROWS
            row += _deprivation_unit(sheet, row, unit, kinds, group, bilingual)
    sheet.worksheet.freeze_panes(f"D{first_data}")
    sheet.scale = scale
    print_on_a4_xlsxwriter(sheet.worksheet, scale, marks=marks)
    sheet.worksheet.set_h_pagebreaks(breaks)
    return sheet


def write_warnings_sheet(book: xlsxwriter.Workbook, titles: list[Line], warnings: list[dict],
                         marks: PageMarks | None = None, bilingual: bool = False) -> Sheet:
    """Figures that loaded but that the district should confirm with the commune: one row per warning. The
    message in English too when the profile prints both languages."""
    sheet = Sheet(book, "Cảnh báo")
    columns = [("STT", 5), (both("Xã", "Commune", bilingual), 18), (both("Tệp", "File", bilingual), 20),
               (both("Ô", "Cell", bilingual), 16), (both("Giá trị", "Value", bilingual), 10)]
    columns += [("Cần xác nhận", 36), ("To confirm", 36)] if bilingual else [("Cần xác nhận", 72)]
    widths = {col: width for col, (_, width) in enumerate(columns, start=1)}  # the messages wrap, one page wide
    for col, (text, _) in enumerate(columns, start=1):
        header(sheet, 5, col, 6, col, text)
    for number, warning in enumerate(warnings, start=1):
        row = FIRST_DATA_ROW + number - 1
        cell = f"{warning['sheet']}!{warning['cell']}" if warning["cell"] else warning["sheet"] or ""
        values = (number, warning["commune_name"], warning["file_name"], cell, warning["value"],
                  warning["message_vi"], *((warning["message_en"],) if bilingual else ()))
        for col, value in enumerate(values, start=1):
            put(sheet, row, col, value)
        sheet.set_height(row, max(wrapped_height(str(value), 11, widths[col])
                                  for col, value in enumerate(values, start=1) if value is not None))
    if not warnings:  # one line of the table, across it
        merge(sheet, FIRST_DATA_ROW, 1, FIRST_DATA_ROW, len(columns),
              both("Không có cảnh báo", "no warnings", bilingual))
    title_block(sheet, titles, layout(sheet, widths, 12, (5, 6), f"A{FIRST_DATA_ROW}", marks=marks))
    return sheet


def write_changes_sheet(book: xlsxwriter.Workbook, titles: list[Line], changes: list[dict],
                        marks: PageMarks | None = None, bilingual: bool = False) -> Sheet:
    """Every figure of this version that differs from the version before: the unit, the figure, before, after and
    the file that caused it."""
    sheet = Sheet(book, CHANGES_SHEET)
    columns = [("STT", 5), (both("Đơn vị", "Unit", bilingual), 22), (both("Chỉ tiêu", "Measure", bilingual), 28),
               (both("Lần trước", "Before", bilingual), 12), (both("Lần này", "Now", bilingual), 12),
               (both("Do tệp", "Caused by", bilingual), 30)]
    widths = {col: width for col, (_, width) in enumerate(columns, start=1)}
    for col, (text, _) in enumerate(columns, start=1):
        header(sheet, 5, col, 6, col, text)
    for number, change in enumerate(changes, start=1):
        row = FIRST_DATA_ROW + number - 1
        shown = RATE if change["measure"].endswith(("_pct", "_pp")) else COUNT
        for col, (value, number_format) in enumerate(
                ((number, None), (change["unit_name"], None),
                 (FIGURE_LABELS.get(change["measure"], change["measure"]), None),
                 (change["value_before"], shown), (change["value_after"], shown), (change["caused_by"] or "", None)),
                start=1):
            put(sheet, row, col, value, number_format)
    if not changes:
        merge(sheet, FIRST_DATA_ROW, 1, FIRST_DATA_ROW, len(columns),
              both("Không có số liệu nào khác lần trước", "no figure differs from the version before", bilingual))
    title_block(sheet, titles, layout(sheet, widths, 12, (5, 6), f"A{FIRST_DATA_ROW}", marks=marks))
    return sheet


def _when(moment) -> str:
    """A date and time received as the data has it: the date alone when the time is midnight (a date given with
    --received-on, or a file dated by day), the time too otherwise."""
    if moment is None:
        return ""
    if isinstance(moment, datetime) and moment.time() != time(0):
        return f"{moment:%d/%m/%Y %H:%M}"
    return f"{moment:%d/%m/%Y}"


def write_completeness_sheet(book: xlsxwriter.Workbook, titles: list[Line], communes: list[dict],
                             withdrawn: list[dict], marks: PageMarks | None = None, bilingual: bool = False) -> Sheet:
    """Which communes of the area reported, on time or late against the due date, and which did not; then the
    files that no longer count (withdrawn, or gone from the inbox). Each row as tall as its wrapped cells."""
    sheet = Sheet(book, "Tình hình nộp")
    columns = (("STT", 5), (both("Xã", "Commune", bilingual), 22), (both("Mã xã", "Code", bilingual), 10),
               (both("Tình hình", "Status", bilingual), 22), (both("Số tệp", "Files", bilingual), 10),
               (both("Ngày nhận", "Received", bilingual), 16), (both("Hạn nộp", "Due", bilingual), 12),
               (both("Số liệu từ", "Figures from", bilingual), 20))
    widths = {col: width for col, (_, width) in enumerate(columns, start=1)}
    for col, (text, _) in enumerate(columns, start=1):
        header(sheet, 5, col, 6, col, text)

    def fit(row: int, values) -> None:
        sheet.set_height(row, max([ROW_PT, *(wrapped_height(str(value), 11, widths.get(col, 16))
                                             for col, value in enumerate(values, start=1) if value is not None)]))

    values: tuple  # a row's cells
    for number, commune in enumerate(communes, start=1):
        values = (number, commune["commune_name"], commune["commune_code"],
                  in_print(SUBMISSION_STATUS[commune["submission_status"]], bilingual), commune["files"],
                  _when(commune["first_received_at"]), f"{commune['due_date']:%d/%m/%Y}",
                  in_print(FIGURES_SOURCE.get(commune["figures_source"], ""), bilingual))
        row = FIRST_DATA_ROW + number - 1
        for col, value in enumerate(values, start=1):
            put(sheet, row, col, value, COUNT if col == 5 else None, bold=commune["submission_status"] in ABSENT)
        fit(row, values)
    if withdrawn:
        row = FIRST_DATA_ROW + len(communes) + 1
        put(sheet, row, 2, both("Tệp không còn được tính", "files no longer counted", bilingual), bold=True)
        fit(row, (None, both("Tệp không còn được tính", "files no longer counted", bilingual)))
        for number, gone in enumerate(withdrawn, start=1):
            reason = in_print(WITHDRAWAL_KINDS[gone["kind"]], bilingual) + (
                f": {gone['reason']}" if gone["reason"] else "")
            values = (number, gone["commune_name"], gone["commune_code"], reason, None, _when(gone["since"]),
                      gone["file_name"])
            for col, value in enumerate(values, start=1):
                put(sheet, row + number, col, value)
            fit(row + number, values)
    title_block(sheet, titles, layout(sheet, widths, 16, (5, 6), f"A{FIRST_DATA_ROW}", marks=marks))
    return sheet


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    return con.sql(sql, params=params).pl().to_dicts()


def _areas(con: duckdb.DuckDBPyConnection, period: str, level: str) -> list[dict]:
    return _rows(con, f"""select * from marts.plan_vs_result_by_{level} where period = ?
                          order by province_code{', district_code' if level == 'district' else ''}""", [period])


# What a workbook shows of its area, from which mart, in which order. Read for all areas at once: a national
# period has 691 districts, and six queries a workbook cost more than writing it.
AREA_TABLES = {
    "communes": ("plan_vs_result_by_commune", "commune_code"),
    "indicators": ("deprivation_plan_vs_result_by_commune", "commune_code, indicator_position"),
    "totals": ("deprivation_plan_vs_result_by_{level}", "indicator_position"),
    "warnings": ("warnings", "commune_code, sheet, cell"),
    "completeness": ("completeness", "commune_code"),
    "withdrawals": ("withdrawals", "commune_code, since"),
}


def _tables_by_area(con: duckdb.DuckDBPyConnection, period: str, level: str,
                    codes: list[str]) -> dict[str, dict[str, list[dict]]]:
    found: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for name, (mart, order) in AREA_TABLES.items():
        rows = _rows(con, f"""select * from marts.{mart.format(level=level)}
                              where period = ? and {level}_code in (select unnest(?::varchar[]))
                              order by {level}_code, {order}""", [period, codes])
        for row in rows:
            found[row[f"{level}_code"]][name].append(row)
    # the area's rate in every period of the same unit structure up to this one, for the chart across periods
    for row in _rows(con, f"""select {level}_code, period, poverty_rate_pct, is_synthetic
                              from marts.poverty_by_{level}
                              where {level}_code in (select unnest(?::varchar[])) and period <= ?
                              and unit_structure = (select any_value(unit_structure) from marts.poverty_by_{level}
                                                    where period = ?)
                              order by {level}_code, period""", [codes, period, period]):
        found[row[f"{level}_code"]]["history"].append(row)
    _versions_by_area(con, period, level, codes, found)
    return found


def _versions_by_area(con: duckdb.DuckDBPyConnection, period: str, level: str, codes: list[str],
                      found: dict[str, dict[str, list[dict]]]) -> None:
    """The number of the publication being written (``publication``), and from version 2 on every figure of the
    area and its communes that differs from the version before (``changes``, from ``marts.publication_changes``)."""
    version = publishing_version(con, period)
    for code in codes:
        found[code]["publication"].append({"version": version, "published_on": date.today()})
    if version < 2:
        return
    for row in _rows(con, f"""select * from marts.publication_changes
                              where period = ? and from_version = ? and to_version = ? and unit_level <> ?
                              and coalesce({level}_code, unit_code) in (select unnest(?::varchar[]))
                              order by unit_level <> 'commune', unit_code, measure""",
                     [period, version - 1, version, "province" if level == "district" else "", codes]):
        found[row[f"{level}_code"] or row["unit_code"]]["changes"].append(row)


def write_area_workbook(period: str, area: dict, level: str, tables: dict[str, list[dict]], path: Path,
                        profile: Profile | None = None) -> Path:
    """One area's workbook from its rows of ``AREA_TABLES``, as the district ``profile`` issues it: the appendices
    numbered and headed as Nghị định 30/2020 sets them, every printed page in the profile's language, a made-up
    period marked at the top of every page, the separators' note at the bottom."""
    profile = profile or load_profile()
    bilingual = profile.bilingual
    target = area["target_period"]
    said = notes(period, tables, bilingual)
    banner = [" — ".join(said)] if said else []
    synthetic = is_synthetic(period, tables)
    marks = PageMarks(header=in_print(SYNTHETIC_BANNER, bilingual) if synthetic else "", note=SEPARATORS_NOTE)

    def appendix(number: int, title: str) -> list[Line]:
        return appendix_lines(number, title, area, period, profile, banner)

    units = area_units(area, tables, level)
    plan_year = period_label_vi(target).upper()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")  # a reader never opens a half-written workbook
    book = xlsxwriter.Workbook(str(partial), BOOK_OPTIONS)  # nothing is written before close
    write_poverty_sheet(
        book, "Phụ lục 1", appendix(1, f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO {plan_year}"), period, target, units,
        poverty_columns("", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Mức giảm tỷ lệ hộ nghèo (%)", "Số hộ nghèo giảm"),
        marks, bilingual)
    write_poverty_sheet(
        book, "Phụ lục 2", appendix(2, f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO ĐỒNG BÀO DTTS {plan_year}"),
        period, target, units,
        poverty_columns("em_", "Số hộ nghèo DTTS", "Tỷ lệ hộ nghèo DTTS so với dân cư DTTS (%)",
                        "Mức giảm tỷ lệ hộ nghèo trong đồng bào DTTS (%)", "Số hộ nghèo DTTS giảm"), marks, bilingual)
    write_deprivation_sheet(
        book, appendix(3, f"KẾ HOẠCH GIẢM CÁC CHỈ SỐ CỦA HỘ NGHÈO TRONG TIẾP CẬN CÁC DỊCH VỤ XÃ HỘI {plan_year}"),
        period, target, units, marks, bilingual)
    write_warnings_sheet(book, sheet_lines("CẢNH BÁO", f"SỐ LIỆU {period_label_vi(period).upper()} CẦN XÃ XÁC NHẬN",
                                           area, period, banner),
                         worded_warnings(tables["warnings"]), marks, bilingual)
    write_completeness_sheet(book, sheet_lines("TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC XÃ", f"Kỳ {period_label_vi(period)}",
                                               area, period, banner),
                             tables["completeness"], tables["withdrawals"], marks, bilingual)
    write_chart_sheet(book, area.get("district_name") or area["province_name"], period, target, units,
                      tables["history"], synthetic, marks, bilingual)
    if version_of(tables) > 1:
        write_changes_sheet(book, sheet_lines(CHANGES_SHEET.upper(), f"Kỳ {period_label_vi(period)}: lần "
                                              f"{version_of(tables) - 1} → lần {version_of(tables)}", area, period,
                                              banner), tables["changes"], marks, bilingual)
    book.close()
    os.replace(partial, path)
    return path


def _slug(name: str) -> str:
    return fold(name).replace(" ", "-")


def workbook_name(area: dict, period: str, shared: dict[str, int]) -> str:
    """tong-hop-<area>-<period>.xlsx, with the province too for a district whose name, as a file name, another
    district of the period's structure has (``shared``: how many districts each name slug stands for; there are
    eight Huyện Châu Thành, and Huyện Tam Dương and Huyện Tam Đường are both tam-duong): two areas must never write
    one file."""
    words = [area.get("district_name") or area["province_name"]]
    if shared.get(_slug(words[0]), 0) > 1 and area.get("district_name"):
        words.append(area["province_name"])
    return f"tong-hop-{'-'.join(_slug(word) for word in words)}-{period}.xlsx"


def _shared_district_names(con: duckdb.DuckDBPyConnection, period: str) -> dict[str, int]:
    districts = con.execute("""select distinct district_code, district_name from marts.period_units
                               where period = ? and district_code is not null""", [period]).fetchall()
    return Counter(_slug(name) for _, name in districts)


def report_path(workbook: Path) -> Path:
    """The HTML report beside an area's workbook: bao-cao-… for tong-hop-…"""
    return workbook.with_name(workbook.name.replace("tong-hop-", "bao-cao-", 1)).with_suffix(".html")


def official_paths(workbook: Path) -> tuple[Path, Path]:
    """The official report beside an area's workbook, the .docx an office edits and signs and its PDF: the HTML
    report's name, bao-cao-…, with their own suffixes."""
    return report_path(workbook).with_suffix(".docx"), report_path(workbook).with_suffix(".pdf")


def _emptied(con: duckdb.DuckDBPyConnection, period: str, level: str, with_figures: set[str],
             only: list[str] | None) -> list[dict]:
    """The period's areas (those of ``only``, when given) without figures now: one whose last commune's file was
    withdrawn must not keep the workbook published before."""
    names = "district_code, district_name, province_name" if level == "district" else "province_code, province_name"
    units = _rows(con, f"""select distinct {names} from marts.period_units
                           where period = ? and {level}_code is not null""", [period])
    return [unit for unit in units
            if unit[f"{level}_code"] not in with_figures and (only is None or unit[f"{level}_code"] in only)]


@dataclass(frozen=True)
class Job:
    """One area's publication to write, as plain values a writer process can take: its period, its row of the
    plan-vs-result mart, its level, its rows of ``AREA_TABLES``, its workbook's path and the district profile."""

    period: str
    area: dict
    level: str
    tables: dict
    path: Path
    profile: Profile
    official: bool = True  # whether to write the official report (publish.official_files.official_wanted)
    issued_on: date | None = None  # the official report's date: the run's


def write_job(job: Job) -> dict:
    """Write one job's workbook, its HTML report and its official report (.docx and PDF) beside it; say what was
    written or why not (one area's failure must not keep the others from being written). An official report that
    cannot be written is said as the area's failure too, though its workbook and HTML report are published: the
    next run writes the area again."""
    label = job.area.get("district_name") or job.area["province_name"]
    written: dict[str, Any]  # paths, and official's list or official_failed's dict
    try:
        written = {"path": write_area_workbook(job.period, job.area, job.level, job.tables, job.path, job.profile),
                   "report": write_area_report(job.period, job.area, job.level, job.tables, report_path(job.path),
                                               job.profile)}
    except Exception as error:  # noqa: BLE001
        return {"failed": {"area": label, "area_code": job.area[f"{job.level}_code"], "path": str(job.path),
                           "error": f"{type(error).__name__}: {error}"}}
    if not job.official:
        return written
    docx, pdf = official_paths(job.path)
    try:
        written["official"] = write_official_report(job.period, job.area, job.level, job.tables, job.profile, docx,
                                                    pdf, job.issued_on)
    except Exception as error:  # noqa: BLE001
        written["official_failed"] = {"area": label, "area_code": job.area[f"{job.level}_code"], "path": str(docx),
                                      "error": f"{type(error).__name__}: {error}"}
    return written


def publish_period(con: duckdb.DuckDBPyConnection, period: str, out_dir: Path, progress=None,
                   only: list[str] | None = None, mappers=lambda jobs: nullcontext(map),
                   profile: Profile | None = None) -> dict[str, list[Path]]:
    """Write ``out_dir/<period>/tong-hop-<area>-<period>.xlsx`` for each district (or, after the reform, province)
    with figures for the period (or those whose codes are in ``only``), its HTML report ``bao-cao-<area>-<period>.html``,
    and ``out_dir/parquet/<mart>/period=<period>/``; return ``{"workbooks": [...], "reports": [...], "parquet": [...]}``. ``progress(stage, done, total)`` hears of each workbook written;
    ``mappers(number of jobs)`` is a context giving the ``map`` that applies ``write_job`` to the jobs, in order (a
    process pool's, when there are many). ``profile``: the district's (default: ``load_profile()``)."""
    profile = profile or load_profile()
    level = area_level(period)  # also rejects a malformed period
    areas = _areas(con, period, level)
    if not areas and only is None:
        raise ValueError(f"không có số liệu kỳ {period} trong kho / no figures for period {period} in the warehouse")
    official = official_wanted(len(areas))  # by the period's areas: an area republished alone is as the others
    emptied = _emptied(con, period, level, {area[f"{level}_code"] for area in areas}, only)
    if only is not None:
        areas = [area for area in areas if area[f"{level}_code"] in only]
    directory = Path(out_dir) / period
    tables = _tables_by_area(con, period, level, [area[f"{level}_code"] for area in areas])
    shared = _shared_district_names(con, period)
    jobs = [Job(period, area, level, tables[area[f"{level}_code"]], directory / workbook_name(area, period, shared),
                profile, official, date.today()) for area in areas]
    gone = [directory / workbook_name(area, period, shared) for area in emptied]
    workbooks, reports, officials, failed = [], [], [], []
    with mappers(len(jobs)) as mapper:
        for done, result in enumerate(mapper(write_job, jobs), start=1):
            if "path" in result:
                workbooks.append(result["path"])
                reports.append(result["report"])
                officials += result.get("official", [])
                if "official_failed" in result:
                    failed.append(result["official_failed"])
            else:
                failed.append(result["failed"])
            if progress:
                progress("publish", done, len(jobs))
    published = {"workbooks": workbooks, "reports": reports, "official": officials,
                 "parquet": export_parquet(con, period, Path(out_dir) / "parquet"),
                 "emptied": [*gone, *(report_path(path) for path in gone),
                             *(official for path in gone for official in official_paths(path))]}
    return {**published, "failed": failed} if failed else published
