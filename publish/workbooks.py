"""The consolidated workbook officials publish (Phụ lục 1–3), and Parquet copies of the marts.

One workbook per district for periods before the 2025 reform, one per province after it (there are no districts
then). Rates are rounded half-up here, for presentation only; the marts keep them unrounded.
"""

import os
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import duckdb
import xlsxwriter
from xlsxwriter.format import Format

from publish.cells import (
    PAGE_HEIGHT_PT, PAGE_WIDTH_PT, POINTS_PER_WIDTH_UNIT, ROW_PT, half_up, print_on_a4_xlsxwriter, print_scale,
    wrapped_height, write_text,
)
from publish.area import Unit, is_synthetic, notes, place, planned, worded_warnings
from publish.area import units as area_units
from publish.charts import write_chart_sheet
from publish.parquet import export_parquet
from publish.report import write_area_report
from vocabulary.labels import ABSENT, FIGURES_SOURCE, SUBMISSION_STATUS, WITHDRAWAL_KINDS
from vocabulary.periods import area_level, period_label_vi
from vocabulary.profile import Profile, load_profile
from vocabulary.text import fold

FONT = "Times New Roman"
COUNT, RATE, RATE_1 = "#,##0", "0.00", "0.0"
PLACES = {RATE: 2, RATE_1: 1}
HEADER_FILL = "#DDEBF7"
TITLE_FORMAT = {"font_name": FONT, "align": "center", "valign": "vcenter", "text_wrap": True}
BANNER_FONT = {"font_size": 11, "bold": True, "font_color": "#C00000"}
# Text stays text whatever it begins with, even in a cell written otherwise than by write_text; and the sheets are
# assembled in memory rather than in a temporary file each.
BOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
PIXELS_PER_WIDTH_UNIT = 7  # the widest digit of Calibri 11, the workbook's default font
BANNER_ROW = 4  # the provisional banner, blank when every commune reported
FIRST_DATA_ROW = 7  # title rows 1–3, the banner row, headers on rows 5–6 (Phụ lục 3: 5–7, data from row 8)

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


def title_block(sheet: Sheet, lines: list[str], ends: list[int], repeated: int = 2) -> None:
    """The title lines on rows 1–3 and the provisional banner, when there is one, on its own row; each merged
    over the first printed page's columns (``ends`` as layout returns them) and wrapped, so that none is cut at the
    page's edge. On a table printed across pages they start right of the ``repeated`` columns: pages after the
    first repeat those, and would show a cut piece of the titles."""
    first, last = (1 if len(ends) == 1 else repeated + 1), ends[0]
    width_units = sum(sheet.widths[first - 1:last])
    for row, text in enumerate(lines, start=1):
        font = BANNER_FONT if row == BANNER_ROW else \
            {"font_size": 13 if row <= 2 else 11, "bold": row <= 2, "italic": row > 2}
        cell_format = sheet.book.add_format(TITLE_FORMAT | font)
        sheet.merge_range(row, first, row, last, cell_format)
        write_text(sheet.worksheet, row - 1, first - 1, text, cell_format)
        height = wrapped_height(text, font["font_size"], width_units)
        if height > 2 * font["font_size"]:  # one line: the application's own height is right
            sheet.set_height(row, height)


def layout(sheet: Sheet, widths: dict[int, float], other_width: float, header_rows: tuple[int, int],
           freeze: str, title_columns: int = 2, break_after: set[int] | None = None) -> list[int]:
    """Column widths, frozen panes and printing; return the last column of each page across.
    A table too wide for one legible page spans pages across, its headers and first ``title_columns`` columns
    (the STT and the commune's name) repeated on each, a page ending only after a column of ``break_after``."""
    columns = [widths.get(col, other_width) for col in range(1, sheet.max_column + 1)]
    sheet.set_widths(columns)
    sheet.worksheet.freeze_panes(freeze)
    sheet.scale = print_scale(columns)
    print_on_a4_xlsxwriter(sheet.worksheet, sheet.scale, header_rows, title_columns)
    if sheet.scale is None:
        return [len(columns)]
    ends = _page_ends(columns, PAGE_WIDTH_PT * 100 / sheet.scale / POINTS_PER_WIDTH_UNIT,
                      sum(columns[:title_columns]), break_after)
    # breaks of our own (a break's id is the last column before it): the title block is merged over the first
    # page's columns
    sheet.worksheet.set_v_pagebreaks(ends[:-1])
    return ends


def poverty_columns(prefix: str, label: str, rate_label: str, reduction_label: str, reduced_label: str):
    """(key, header, format) of the result and plan columns of Phụ lục 1 (prefix "") or 2 (prefix "em_")."""
    result = [(f"{prefix}poor_households", label, COUNT), (f"{prefix}poverty_rate_pct", rate_label, RATE),
              (f"{prefix}rate_reduction_pp", reduction_label, RATE)]
    plan = [(f"target_{prefix}poor_households", label, COUNT), (f"target_{prefix}poverty_rate_pct", rate_label, RATE),
            (f"target_{prefix}rate_reduction_pp", reduction_label, RATE),
            (f"target_{prefix}poor_reduction", reduced_label, COUNT)]
    return result, plan


def write_poverty_sheet(book: xlsxwriter.Workbook, name: str, titles: list[str], period: str, target: str,
                        units: list[Unit], columns) -> Sheet:
    """Phụ lục 1 or 2: one row per commune, the period's result and the next period's plan, and the area's total."""
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
        bold = number is None
        put(sheet, row, 1, number, bold=bold)
        put(sheet, row, 2, unit_name, bold=bold)
        for col, (key, _, number_format) in enumerate(result + plan, start=3):
            put(sheet, row, col, planned(key, figures[key]), number_format, bold=bold)
    sheet.set_height(6, 66)  # the DTTS labels wrap to four lines
    title_block(sheet, titles, layout(sheet, {1: 5, 2: 26}, 13, (5, 6), f"C{FIRST_DATA_ROW}"))
    return sheet


def write_deprivation_sheet(book: xlsxwriter.Workbook, titles: list[str], period: str, target: str,
                            units: list[Unit]) -> Sheet:
    """Phụ lục 3: three rows per commune (result, plan, fall), deprived households and rate per indicator.
    Its headers take three rows, so its table starts a row lower than the other sheets'."""
    sheet = Sheet(book, "Phụ lục 3")
    # the total has every indicator of the period's standard (10 or 12), in the standard's order
    indicators = [(i["indicator_code"], i["indicator_label_vi"]) for i in units[-1][2]["indicators"]]
    width = 5 + 2 * len(indicators)
    top, bottom = BANNER_ROW + 1, FIRST_DATA_ROW  # the header rows
    for col, text in enumerate(("STT", "Xã/Phường/Thị trấn", "Năm", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)"), start=1):
        header(sheet, top, col, bottom, col, text)
    for n, (_, label) in enumerate(indicators):
        header(sheet, top + 1, 6 + 2 * n, top + 1, 7 + 2 * n, label)
        header(sheet, bottom, 6 + 2 * n, bottom, 6 + 2 * n, "Số hộ thiếu hụt")
        header(sheet, bottom, 7 + 2 * n, bottom, 7 + 2 * n, "Tỷ lệ thiếu hụt (%)")
    kinds = (  # label, then keys of: poor households, poverty rate, deprived households, deprivation rate
        (f"Thực hiện {period_label_vi(period)}", "poor_households", "poverty_rate_pct", "deprived_households",
         "deprivation_rate_pct"),
        (f"Kế hoạch {period_label_vi(target)}", "target_poor_households", "target_poverty_rate_pct",
         "target_deprived_households", "target_deprivation_rate_pct"),
        ("Số hộ và tỷ lệ giảm", "target_poor_reduction", "target_rate_reduction_pp", "target_deprived_reduction",
         "target_deprivation_rate_reduction_pp"),
    )
    for index, (number, unit_name, figures) in enumerate(units):
        first = bottom + 1 + 3 * index
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
    for row in (top + 1, bottom):
        sheet.set_height(row, 45)
    # printed across pages, STT, name and row kind on each, and an indicator's two columns never apart
    ends = layout(sheet, {1: 5, 2: 22, 3: 20}, 10, (top, bottom), f"D{bottom + 1}", title_columns=3,
                  break_after={5, *range(7, width + 1, 2)})
    _group_heading(sheet, top, ends, "Phân loại số hộ thiếu hụt các dịch vụ xã hội cơ bản")
    title_block(sheet, titles, ends, repeated=3)
    _keep_units_on_a_page(sheet, (top, bottom))
    return sheet


def _group_heading(sheet: Sheet, row: int, ends: list[int], text: str) -> None:
    """The heading over the indicator columns (from F), merged over each printed page's share of them: one merged
    cell across pages would print its centred text on none of them."""
    first, height = 6, ROW_PT
    for end in ends:
        if end >= first:
            part = text if first == 6 else f"{text} (tiếp)"
            header(sheet, row, first, row, end, part)
            height = max(height, wrapped_height(part, 11, sum(sheet.widths[first - 1:end])))
        first = max(first, end + 1)
    sheet.set_height(row, height)


def _keep_units_on_a_page(sheet: Sheet, header_rows: tuple[int, int]) -> None:
    """Page breaks between communes, never inside one's three rows: the name, merged over them, prints on the
    first part only. Rows are estimated as tall as ROW_PT, so that the application's own break never comes first."""
    scale = sheet.scale or 100  # none when fitted to the page, at 100 % at most
    heights = [sheet.heights.get(r, ROW_PT) for r in range(1, sheet.max_row + 1)]
    top, bottom = header_rows
    ends = _page_ends(heights, PAGE_HEIGHT_PT * 100 / scale, sum(heights[top - 1:bottom]),
                     set(range(bottom + 3, sheet.max_row + 1, 3)))
    sheet.worksheet.set_h_pagebreaks(ends[:-1])


def write_warnings_sheet(book: xlsxwriter.Workbook, titles: list[str], warnings: list[dict]) -> Sheet:
    """Figures that loaded but that the district should confirm with the commune: one row per warning."""
    sheet = Sheet(book, "Cảnh báo")
    columns = ("STT", "Xã / Commune", "Tệp / File", "Ô / Cell", "Giá trị / Value", "Cần xác nhận", "To confirm")
    widths = dict(enumerate((5, 18, 20, 16, 10, 36, 36), start=1))  # the messages wrap, the sheet one page wide
    for col, text in enumerate(columns, start=1):
        header(sheet, 5, col, 6, col, text)
    for number, warning in enumerate(warnings, start=1):
        row = FIRST_DATA_ROW + number - 1
        cell = f"{warning['sheet']}!{warning['cell']}" if warning["cell"] else warning["sheet"] or ""
        values = (number, warning["commune_name"], warning["file_name"], cell, warning["value"],
                  warning["message_vi"], warning["message_en"])
        for col, value in enumerate(values, start=1):
            put(sheet, row, col, value)
        sheet.set_height(row, max(wrapped_height(str(value), 11, widths[col])
                                  for col, value in enumerate(values, start=1) if value is not None))
    if not warnings:
        put(sheet, FIRST_DATA_ROW, 2, "Không có cảnh báo / no warnings")
    title_block(sheet, titles, layout(sheet, widths, 12, (5, 6), f"A{FIRST_DATA_ROW}"))
    return sheet


def write_completeness_sheet(book: xlsxwriter.Workbook, titles: list[str], communes: list[dict],
                             withdrawn: list[dict]) -> Sheet:
    """Which communes of the area reported, on time or late against the due date, and which did not; then the
    files that no longer count (withdrawn, or gone from the inbox)."""
    sheet = Sheet(book, "Tình hình nộp")
    columns = ("STT", "Xã / Commune", "Mã xã / Code", "Tình hình / Status", "Số tệp / Files",
               "Ngày nhận / Received", "Hạn nộp / Due", "Số liệu từ / Figures from")
    for col, text in enumerate(columns, start=1):
        header(sheet, 5, col, 6, col, text)
    for number, commune in enumerate(communes, start=1):
        received = commune["first_received_at"]
        values = (number, commune["commune_name"], commune["commune_code"],
                  SUBMISSION_STATUS[commune["submission_status"]], commune["files"],
                  f"{received:%d/%m/%Y %H:%M}" if received else "", f"{commune['due_date']:%d/%m/%Y}",
                  FIGURES_SOURCE.get(commune["figures_source"], ""))
        for col, value in enumerate(values, start=1):
            put(sheet, FIRST_DATA_ROW + number - 1, col, value, COUNT if col == 5 else None,
                bold=commune["submission_status"] in ABSENT)
    if withdrawn:
        row = FIRST_DATA_ROW + len(communes) + 1
        put(sheet, row, 2, "Tệp không còn được tính / files no longer counted", bold=True)
        for number, gone in enumerate(withdrawn, start=1):
            reason = WITHDRAWAL_KINDS[gone["kind"]] + (f": {gone['reason']}" if gone["reason"] else "")
            for col, value in enumerate((number, gone["commune_name"], gone["commune_code"], reason, None,
                                         f"{gone['since']:%d/%m/%Y %H:%M}", gone["file_name"]), start=1):
                put(sheet, row + number, col, value)
    title_block(sheet, titles, layout(sheet, {1: 5, 2: 22, 3: 10, 4: 22}, 16, (5, 6), f"A{FIRST_DATA_ROW}"))
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
    return found


def write_area_workbook(period: str, area: dict, level: str, tables: dict[str, list[dict]], path: Path,
                        profile: Profile | None = None) -> Path:
    """One area's workbook from its rows of ``AREA_TABLES``, as the district ``profile`` issues it."""
    target = area["target_period"]
    said = notes(period, tables)
    banner = [" — ".join(said)] if said else []

    def titled(*lines: str) -> list[str]:
        return [*lines, place(area, period), *banner]

    units = area_units(area, tables, level)
    plan_year = period_label_vi(target).upper()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")  # a reader never opens a half-written workbook
    book = xlsxwriter.Workbook(str(partial), BOOK_OPTIONS)  # nothing is written before close
    write_poverty_sheet(
        book, "Phụ lục 1", titled("PHỤ LỤC 1", f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO {plan_year}"), period, target, units,
        poverty_columns("", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Mức giảm tỷ lệ hộ nghèo (%)", "Số hộ nghèo giảm"))
    write_poverty_sheet(
        book, "Phụ lục 2", titled("PHỤ LỤC 2", f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO ĐỒNG BÀO DTTS {plan_year}"),
        period, target, units,
        poverty_columns("em_", "Số hộ nghèo DTTS", "Tỷ lệ hộ nghèo DTTS so với dân cư DTTS (%)",
                        "Mức giảm tỷ lệ hộ nghèo trong đồng bào DTTS (%)", "Số hộ nghèo DTTS giảm"))
    write_deprivation_sheet(
        book, titled("PHỤ LỤC 3",
                     f"KẾ HOẠCH GIẢM CÁC CHỈ SỐ CỦA HỘ NGHÈO TRONG TIẾP CẬN CÁC DỊCH VỤ XÃ HỘI {plan_year}"),
        period, target, units)
    write_warnings_sheet(book, titled("CẢNH BÁO", f"SỐ LIỆU {period_label_vi(period).upper()} CẦN XÃ XÁC NHẬN"),
                         worded_warnings(tables["warnings"]))
    write_completeness_sheet(book, titled("TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC XÃ", f"Kỳ {period_label_vi(period)}"),
                             tables["completeness"], tables["withdrawals"])
    write_chart_sheet(book, area.get("district_name") or area["province_name"], period, target, units,
                      tables["history"], is_synthetic(period, tables))
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
    districts = con.execute("""select distinct district_code, district_name from intermediate.int_period_units
                               where period = ? and district_code is not null""", [period]).fetchall()
    return Counter(_slug(name) for _, name in districts)


def report_path(workbook: Path) -> Path:
    """The HTML report beside an area's workbook: bao-cao-… for tong-hop-…"""
    return workbook.with_name(workbook.name.replace("tong-hop-", "bao-cao-", 1)).with_suffix(".html")


def _emptied(con: duckdb.DuckDBPyConnection, period: str, level: str, with_figures: set[str],
             only: list[str] | None) -> list[dict]:
    """The period's areas (those of ``only``, when given) without figures now: one whose last commune's file was
    withdrawn must not keep the workbook published before."""
    names = "district_code, district_name, province_name" if level == "district" else "province_code, province_name"
    units = _rows(con, f"""select distinct {names} from intermediate.int_period_units
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


def write_job(job: Job) -> dict:
    """Write one job's workbook and its HTML report beside it; say what was written or
    why not (one area's failure must not keep the others from being written)."""
    try:
        return {"path": write_area_workbook(job.period, job.area, job.level, job.tables, job.path, job.profile),
                "report": write_area_report(job.period, job.area, job.level, job.tables, report_path(job.path),
                                            job.profile)}
    except Exception as error:  # noqa: BLE001
        label = job.area.get("district_name") or job.area["province_name"]
        return {"failed": {"area": label, "area_code": job.area[f"{job.level}_code"], "path": str(job.path),
                           "error": f"{type(error).__name__}: {error}"}}


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
    emptied = _emptied(con, period, level, {area[f"{level}_code"] for area in areas}, only)
    if only is not None:
        areas = [area for area in areas if area[f"{level}_code"] in only]
    directory = Path(out_dir) / period
    tables = _tables_by_area(con, period, level, [area[f"{level}_code"] for area in areas])
    shared = _shared_district_names(con, period)
    jobs = [Job(period, area, level, tables[area[f"{level}_code"]], directory / workbook_name(area, period, shared),
                profile) for area in areas]
    gone = [directory / workbook_name(area, period, shared) for area in emptied]
    workbooks, reports, failed = [], [], []
    with mappers(len(jobs)) as mapper:
        for done, result in enumerate(mapper(write_job, jobs), start=1):
            if "path" in result:
                workbooks.append(result["path"])
                reports.append(result["report"])
            else:
                failed.append(result["failed"])
            if progress:
                progress("publish", done, len(jobs))
    published = {"workbooks": workbooks, "reports": reports,
                 "parquet": export_parquet(con, period, Path(out_dir) / "parquet"),
                 "emptied": [*gone, *(report_path(path) for path in gone)]}
    return {**published, "failed": failed} if failed else published
