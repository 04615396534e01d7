"""Write the workbook a commune fills in (and, filled, the demo's submissions).

xlsxwriter is used because it stores each formula's result beside the formula, as
Excel does when a person saves; readers such as calamine then see the total row's values.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from publish.cells import PRINT_MARGINS, PageMarks, header_footer, legible_page_width, wrapped_height
from vocabulary import labels as layout
from vocabulary.periods import period_label_vi, target_period, unit_structure
from vocabulary.standards import Standard, standard_for_period

BLANK_VILLAGE_ROWS = 20  # and more inserted on the protected sheet, the totals following them
ROW_NUMBER_WIDTH, VILLAGE_WIDTH, MEASURE_WIDTH = 5, 24, 13
PADDING = 5 / 7  # xlsxwriter stores a width with Excel's 5-pixel cell padding added: 13 as 13.71


@dataclass
class CommuneInfo:
    province_name: str
    district_name: str
    commune_name: str
    commune_code: str

    @classmethod
    def of(cls, unit: dict) -> "CommuneInfo":
        """What the template's information sheet says of an official unit (``vocabulary.units``)."""
        return cls(unit["province_short"], unit.get("district_short", ""), unit["commune_name"], unit["commune_code"])


@dataclass
class Submission:
    """What one commune reports for one period; empty lists give a blank template."""

    commune: CommuneInfo
    period: str
    preparer: str = ""
    prepared_on: str = ""
    villages: list[dict] = field(default_factory=list)  # {"village": name, measure code: count}
    deprivations: list[dict] = field(default_factory=list)  # {"village": name, indicator code: count}
    targets: dict = field(default_factory=dict)  # measure or indicator code: count
    # {"village": name, target measure code: count}; the commune's targets of those measures are then their sums
    village_targets: list[dict] = field(default_factory=list)
    start: dict = field(default_factory=dict)  # measure code: count at the start of the period (layout.START_MEASURES)


def write_submission(path: Path, submission: Submission) -> Path:
    standard = standard_for_period(submission.period)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # strings_to_formulas off: text typed as "=..." in a submission is kept as text, never made a formula.
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    if submission.prepared_on:
        # the file's only varying part is its creation time: dated by its content, the same report is the same bytes
        workbook.set_properties({"created": datetime.fromisoformat(submission.prepared_on)})
    styles = input_styles(workbook)
    write_info_sheet(workbook, styles, submission, standard)
    measures = [(m.code, m.label_vi) for m in layout.HOUSEHOLD_MEASURES]
    _write_village_table(
        workbook, styles, layout.HOUSEHOLDS_SHEET.label_vi,
        f"HỘ NGHÈO, HỘ CẬN NGHÈO THEO THÔN, BUÔN – {submission.commune.commune_name}, {period_label_vi(submission.period)}",
        measures, submission.villages,
    )
    indicators = [(i.code, i.label_vi) for i in standard.indicators]
    _write_village_table(
        workbook, styles, layout.DEPRIVATION_SHEET.label_vi,
        f"HỘ NGHÈO THIẾU HỤT CÁC CHỈ SỐ ({standard.label}) – {submission.commune.commune_name}, {period_label_vi(submission.period)}",
        indicators, submission.deprivations,
    )
    village_totals = _write_village_table(
        workbook, styles, layout.VILLAGE_TARGETS_SHEET.label_vi,
        f"CHỈ TIÊU KẾ HOẠCH NĂM {target_period(submission.period)[:4]} THEO THÔN, BUÔN – "
        f"{submission.commune.commune_name}", [(m.code, m.label_vi) for m in layout.TARGET_MEASURES],
        submission.village_targets)
    _write_targets(workbook, styles, submission, standard, village_totals)
    _write_start(workbook, styles, submission)
    workbook.close()
    return path


def input_styles(workbook):
    border = {"border": 1, "font_name": "Times New Roman", "font_size": 11}
    return {
        "title": workbook.add_format({"bold": True, "font_size": 13, "font_name": "Times New Roman"}),
        "note": workbook.add_format({"italic": True, "font_name": "Times New Roman", "text_wrap": False}),
        # the village tables' title and instructions, wrapped within the table so that the page is no wider
        "wide_title": workbook.add_format({"bold": True, "font_size": 13, "font_name": "Times New Roman",
                                           "text_wrap": True, "valign": "vcenter"}),
        "wide_note": workbook.add_format({"italic": True, "font_name": "Times New Roman", "text_wrap": True,
                                          "valign": "vcenter"}),
        "header": workbook.add_format({**border, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#DDEBF7"}),
        "label": workbook.add_format(border),
        "input": workbook.add_format({**border, "locked": False, "bg_color": "#FFF2CC", "num_format": "#,##0"}),
        "input_text": workbook.add_format({**border, "locked": False, "bg_color": "#FFF2CC"}),
        "total": workbook.add_format({**border, "bold": True, "num_format": "#,##0"}),
        "total_label": workbook.add_format({**border, "bold": True}),
    }


# A protected sheet still lets a commune insert rows (a village, a household more than the template has): the
# inserted row takes the yellow input cells of the row above, and the totals add it (total_formula).
PROTECTION = {"insert_rows": True}


def finish_sheet(sheet, header_row: int | None = None, marks: PageMarks | None = None) -> None:
    """Protected but readable without a password, rows insertable, and printed as communes print: A4 landscape one
    page wide (the columns are sized for that to stay legible), the table's header on every page, page numbers
    below, ``marks`` in the margins."""
    sheet.protect("", PROTECTION)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.set_margins(PRINT_MARGINS.left, PRINT_MARGINS.right, PRINT_MARGINS.top, PRINT_MARGINS.bottom)
    header, footer = header_footer(marks)
    if header:
        sheet.set_header(header, {"scale_with_doc": False}, margin=PRINT_MARGINS.header)
    sheet.set_footer(footer, {"scale_with_doc": False}, margin=PRINT_MARGINS.footer)
    sheet.fit_to_pages(1, 0)
    if header_row is not None:
        sheet.repeat_rows(header_row)


def total_formula(header_row: int, col: int) -> str:
    """The sum of a column from the row under its header (from 0) to the row above the formula's own, whatever rows
    are inserted between them, even right above the total (where a plain SUM(E5:E19) would not grow), and however
    they are inserted: ROW() is the formula's row wherever it has moved. The header's text is not summed."""
    letter = xl_col_to_name(col)
    return f"=SUM({letter}{header_row + 1}:INDEX({letter}:{letter},ROW()-1))"


def _measure_width(count: int) -> int:
    """The measure columns' width: 13 characters, or as many as let the table still print one page wide at a
    legible size (the 12 indicators of 2022–2025 need fewer)."""
    room = legible_page_width() - ROW_NUMBER_WIDTH - VILLAGE_WIDTH - 2 * PADDING
    return min(MEASURE_WIDTH, int(room / count - PADDING))


def _wide_text(sheet, row: int, last_col: int, width: float, text: str, style, size: float) -> None:
    """Text across the table's columns, wrapped: overflowing them it would widen the page that fits them."""
    sheet.merge_range(row, 0, row, last_col, text, style)
    sheet.set_row(row, wrapped_height(text, size, width))


def _whole_number_validation(sheet, first_row, first_col, last_row, last_col):
    sheet.data_validation(first_row, first_col, last_row, last_col, {
        "validate": "integer", "criteria": ">=", "value": 0,
        "error_title": "Số không hợp lệ / Invalid number",
        "error_message": "Nhập số nguyên ≥ 0 / Enter a whole number ≥ 0",
    })


def write_info_sheet(workbook, styles, submission, standard: Standard, marks: PageMarks | None = None):
    sheet = workbook.add_worksheet(layout.INFO_SHEET.label_vi)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 48)
    sheet.write(0, 0, "THÔNG TIN BÁO CÁO GIẢM NGHÈO CẤP XÃ", styles["title"])
    sheet.write(1, 0, "Hướng dẫn: điền các ô màu vàng. Mã xã theo danh mục đơn vị hành chính (ví dụ 24076).", styles["note"])
    commune = submission.commune
    values = {
        "province_name": commune.province_name,
        "district_name": commune.district_name,
        "commune_name": commune.commune_name,
        "commune_code": commune.commune_code,
        "period": submission.period,
        "standard": standard.label,
        "preparer": submission.preparer,
        "prepared_on": submission.prepared_on,
    }
    # After the 2025 reform there are no districts, so the template asks for none.
    fields = [f for f in layout.INFO_FIELDS if f.code != "district_name" or unit_structure(submission.period) == "legacy"]
    for offset, info_field in enumerate(fields):
        row = 3 + offset
        sheet.write(row, 0, info_field.label_vi, styles["label"])
        # Codes and periods are text: "2020" must not become 2.020 in a Vietnamese locale.
        sheet.write_string(row, 1, str(values[info_field.code]), styles["input_text"])
    finish_sheet(sheet, marks=marks)


def _write_village_table(workbook, styles, sheet_name, title, measures, rows):
    sheet = workbook.add_worksheet(sheet_name)
    header_row, first = 3, 4
    count = len(rows) or BLANK_VILLAGE_ROWS
    total_row = first + count
    last_col = 1 + len(measures)
    measure_width = _measure_width(len(measures))
    table_width = ROW_NUMBER_WIDTH + VILLAGE_WIDTH + measure_width * len(measures)  # less the padding: wraps sooner
    _wide_text(sheet, 0, last_col, table_width, title, styles["wide_title"], 13)
    _wide_text(sheet, 1, last_col, table_width, layout.INSTRUCTIONS_VI, styles["wide_note"], 11)
    sheet.set_column(0, 0, ROW_NUMBER_WIDTH)
    sheet.set_column(1, 1, VILLAGE_WIDTH)
    sheet.set_column(2, last_col, measure_width)
    sheet.set_row(header_row, max(48, *(wrapped_height(label, 11, measure_width) for _, label in measures)))
    sheet.write(header_row, 0, layout.ROW_NUMBER_LABEL.label_vi, styles["header"])
    sheet.write(header_row, 1, layout.VILLAGE_LABEL.label_vi, styles["header"])
    for col, (_, label) in enumerate(measures, start=2):
        sheet.write(header_row, col, label, styles["header"])
    for index in range(count):
        row = first + index
        values = rows[index] if rows else {}
        sheet.write_number(row, 0, index + 1, styles["label"])
        sheet.write(row, 1, values.get("village", ""), styles["input_text"])
        for col, (code, _) in enumerate(measures, start=2):
            # write() keeps a value's type, so a test can put "12 hộ" where a count belongs
            sheet.write(row, col, values.get(code), styles["input"])
    _whole_number_validation(sheet, first, 2, total_row - 1, last_col)
    sheet.write(total_row, 0, "", styles["total_label"])
    sheet.write(total_row, 1, layout.TOTAL_LABELS[0], styles["total_label"])
    totals = {}
    for col, (code, _) in enumerate(measures, start=2):
        cached = sum(r[code] for r in rows if isinstance(r.get(code), (int, float)))
        sheet.write_formula(total_row, col, total_formula(header_row, col), styles["total"], cached)
        # blank until a village has a figure, so an unfilled target is reported blank, not read as 0: the column
        # counts the total and the villages' figures; the total is found by its label, wherever rows inserted
        # above it have moved it
        letter = xl_col_to_name(col)
        column, labels = f"'{sheet_name}'!{letter}:{letter}", f"'{sheet_name}'!$B:$B"
        total = f'INDEX({column},MATCH("{layout.TOTAL_LABELS[0]}",{labels},0))'
        totals[code] = (f'=IF(COUNT({column})<2,"",{total})', cached if rows else "")
    sheet.freeze_panes(first, 2)
    finish_sheet(sheet, header_row)
    return totals


def _write_start(workbook, styles, submission):
    """The commune's figures at the start of the period, the previous review's result: from them its first period in
    the warehouse gets its fall in the poverty rate."""
    sheet = workbook.add_worksheet(layout.START_SHEET.label_vi)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 14)
    sheet.write(0, 0, f"SỐ LIỆU ĐẦU KỲ – {submission.commune.commune_name}, {period_label_vi(submission.period)}",
                styles["title"])
    sheet.write(1, 0, "Hướng dẫn: số hộ theo kết quả rà soát kỳ trước (đầu kỳ này), số nguyên ≥ 0; để trống nếu huyện "
                "đã có số liệu kỳ trước.", styles["note"])
    sheet.write(3, 0, layout.ROW_NUMBER_LABEL.label_vi, styles["header"])
    sheet.write(3, 1, layout.START_LABEL.label_vi, styles["header"])
    sheet.write(3, 2, layout.START_VALUE_LABEL.label_vi, styles["header"])
    for index, measure in enumerate(layout.START_MEASURES):
        sheet.write_number(4 + index, 0, index + 1, styles["label"])
        sheet.write(4 + index, 1, measure.label_vi, styles["label"])
        sheet.write(4 + index, 2, submission.start.get(measure.code), styles["input"])
    _whole_number_validation(sheet, 4, 2, 3 + len(layout.START_MEASURES), 2)
    finish_sheet(sheet, 3)


def _write_targets(workbook, styles, submission, standard: Standard, village_totals: dict):
    """The commune's targets. A household target not given is the sum of the villages' by formula (blank until a
    village has one): a commune sets targets per village, or types its own over the formula."""
    sheet = workbook.add_worksheet(layout.TARGETS_SHEET.label_vi)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 14)
    plan = target_period(submission.period)
    sheet.write(0, 0, f"CHỈ TIÊU KẾ HOẠCH NĂM {plan[:4]} – {submission.commune.commune_name}", styles["title"])
    sheet.write(1, 0, "Hướng dẫn: nhập số hộ dự kiến cuối kỳ kế hoạch, số nguyên ≥ 0.", styles["note"])
    sheet.write(3, 0, layout.ROW_NUMBER_LABEL.label_vi, styles["header"])
    sheet.write(3, 1, layout.TARGET_LABEL.label_vi, styles["header"])
    sheet.write(3, 2, layout.TARGET_VALUE_LABEL.label_vi, styles["header"])
    items = [(m.code, m.label_vi) for m in layout.TARGET_MEASURES]
    items += [(i.code, layout.DEPRIVATION_TARGET_PREFIX + i.label_vi) for i in standard.indicators]
    for index, (code, label) in enumerate(items):
        row = 4 + index
        sheet.write_number(row, 0, index + 1, styles["label"])
        sheet.write(row, 1, label, styles["label"])
        if code in village_totals and code not in submission.targets:
            formula, cached = village_totals[code]
            sheet.write_formula(row, 2, formula, styles["input"], cached)
        else:
            sheet.write(row, 2, submission.targets.get(code), styles["input"])
    _whole_number_validation(sheet, 4, 2, 3 + len(items), 2)
    finish_sheet(sheet, 3)
