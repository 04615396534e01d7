"""Write the household register a commune fills in: the aggregate workbook's report information sheet, and one row
per household of the review with the period's standard's indicators as 0/1 columns.

It prints legibly (A4 landscape at 75 % or more, across pages with its header row and the household's first columns
on each) and says on every page that it holds personal data; a commune with more households than its rows inserts
rows on the protected sheet."""

from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from publish.cells import PageMarks, print_on_a4_xlsxwriter, print_scale, wrapped_height
from publish.template import PROTECTION, CommuneInfo, input_styles, write_info_sheet
from vocabulary.labels import PERSONAL_DATA_VI, REGISTER_ROWS_VI
from vocabulary.periods import period_label_vi
from vocabulary.register_layout import CLASSES, COLUMNS, DEPRIVED_PREFIX, KINDS, REGISTER_SHEET
from vocabulary.standards import standard_with_indicators

BLANK_ROWS = 50  # a commune of 900 households inserts rows (REGISTER_ROWS_VI says how)
# printed on every page: the STT, village, household number and head's name
TITLE_COLUMNS = 4
MARKS = PageMarks(notice=PERSONAL_DATA_VI)
HEADER_ROW, FIRST_ROW = 3, 4
WIDTHS = {"text": 18, "whole": 9, "personal": 22, "flag": 9, "income": 14, "class": 16}
BEFORE_INDICATORS = ("village", "household_number", "head_name", "id_number", "members", "ethnic_minority",
                     "income_vnd")


@dataclass
class Register:
    commune: CommuneInfo
    period: str
    preparer: str = ""
    prepared_on: str = ""
    households: list[dict] = field(default_factory=list)  # column or indicator code -> value


def register_columns(period: str) -> list[tuple[str, str, str]]:
    """(code, header, kind) of each column in the order written: the household, its deprivations, the outcome."""
    standard = standard_with_indicators(period)
    fields = {f.code: (f, kind) for f, kind in COLUMNS}
    first = [(code, fields[code][0].label_vi, fields[code][1]) for code in BEFORE_INDICATORS]
    indicators = [(i.code, DEPRIVED_PREFIX + i.label_vi, "flag") for i in standard.indicators]
    last = [(f.code, f.label_vi, kind) for f, kind in COLUMNS if f.code not in BEFORE_INDICATORS]
    return first + indicators + last


def write_register(path: Path, register: Register) -> Path:
    standard = standard_with_indicators(register.period)
    columns = register_columns(register.period)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    styles = input_styles(workbook)
    write_info_sheet(workbook, styles, register, standard, MARKS)
    sheet = workbook.add_worksheet(REGISTER_SHEET.label_vi)
    title = (f"DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT ({standard.label}) – {register.commune.commune_name}, "
             f"{period_label_vi(register.period)}")
    note = ("Mỗi hộ một dòng. Số CCCD 12 chữ số. Thu nhập: đồng/người/tháng. Thiếu hụt, DTTS, có công, bảo trợ: 1 là "
            "có, 0 là không. Phân loại: " + ", ".join(CLASSES) + ". " + REGISTER_ROWS_VI)
    sheet.write(HEADER_ROW, 0, "STT", styles["header"])
    sheet.set_column(0, 0, 5)
    widths = [5.0]
    text = workbook.add_format({"border": 1, "locked": False, "bg_color": "#FFF2CC", "num_format": "@",
                                "font_name": "Times New Roman", "font_size": 11})
    for col, (code, header, kind) in enumerate(columns, start=1):
        sheet.write(HEADER_ROW, col, header, styles["header"])
        widths.append(WIDTHS[kind] if code in KINDS else 10)
        sheet.set_column(col, col, widths[-1])
    # the title and the note wrapped over the columns printed on every page: running on unwrapped, they would be
    # cut at the first page's edge and printed again, garbled, beside the repeated columns of the next
    first = sum(widths[:TITLE_COLUMNS])
    for row, line, style, size in ((0, title, "wide_title", 13), (1, note, "wide_note", 11)):
        sheet.merge_range(row, 0, row, TITLE_COLUMNS - 1, line, styles[style])
        sheet.set_row(row, wrapped_height(line, size, first))
    # as tall as its longest header wrapped, so that none is cut
    sheet.set_row(HEADER_ROW, max(wrapped_height(header, 11, width)
                                  for (_, header, _), width in zip(columns, widths[1:])))
    rows = register.households or [{}] * BLANK_ROWS
    for index, household in enumerate(rows):
        row = FIRST_ROW + index
        sheet.write_number(row, 0, index + 1, styles["label"])
        for col, (code, _, kind) in enumerate(columns, start=1):
            value = household.get(code)
            if kind in ("personal", "text", "class"):  # an identity number stays text: its leading zeros count
                sheet.write_string(row, col, "" if value is None else str(value), text)
            else:
                sheet.write(row, col, value, styles["input"])
    last_row = FIRST_ROW + len(rows) - 1
    rule: dict[str, object]  # a data validation's options, as xlsxwriter takes them
    for col, (_, _, kind) in enumerate(columns, start=1):
        if kind == "flag":
            rule = {"validate": "list", "source": [0, 1]}
        elif kind == "class":
            rule = {"validate": "list", "source": list(CLASSES)}
        elif kind in ("whole", "income"):
            rule = {"validate": "integer", "criteria": ">=", "value": 0}
        else:
            continue
        sheet.data_validation(FIRST_ROW, col, last_row, col, {**rule, "error_title": "Không hợp lệ / Invalid",
                                                             "error_message": "Xem hướng dẫn ở dòng 2 / see row 2"})
    sheet.freeze_panes(FIRST_ROW, 2)
    sheet.protect("", PROTECTION)
    # legible across pages rather than 21 columns squeezed onto one (42 %, 4.6 pt): the header row and the
    # household's first columns repeated on each page
    print_on_a4_xlsxwriter(sheet, print_scale(widths), (HEADER_ROW + 1, HEADER_ROW + 1), TITLE_COLUMNS, MARKS)
    workbook.close()
    return path
