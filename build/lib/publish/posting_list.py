"""The list a commune posts publicly after its review (danh sách niêm yết công khai): its poor and near-poor
households by village, with the head's name, as the law requires them to be posted. The one output that carries
names: written on request, for one commune, from that commune's own register file, never from the warehouse."""

from pathlib import Path

import xlsxwriter

from publish.cells import PageMarks, print_on_a4_xlsxwriter, write_text
from vocabulary.labels import POSTED_VI
from vocabulary.periods import period_label_vi

SECTIONS = {"poor": "I. HỘ NGHÈO", "near_poor": "II. HỘ CẬN NGHÈO"}
COLUMNS = (("STT", 6), ("Thôn, buôn", 22), ("Số thứ tự hộ", 10), ("Họ và tên chủ hộ", 34), ("Số nhân khẩu", 10))


def number_order(number) -> tuple:
    """A household number as people count: 1, 6, 7, 11, 16, 21, not 1, 11, 16, 21, 6, 7; one with letters ('12a')
    after the whole numbers it starts like.

    >>> sorted([21, "11", 6, "7", 1, "16", "12a", "12"], key=number_order)
    [1, 6, '7', '11', '12', '12a', '16', 21]
    """
    text = str(number).strip()
    digits = len(text) - len(text.lstrip("0123456789"))
    return (int(text[:digits]) if digits else float("inf"), text[digits:])


def write_posting_list(path: Path, info: dict[str, str], households: list[dict]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    title = book.add_format({"bold": True, "font_size": 13, "font_name": "Times New Roman", "align": "center"})
    head = book.add_format({"bold": True, "border": 1, "font_name": "Times New Roman", "align": "center",
                            "valign": "vcenter", "text_wrap": True})
    body = book.add_format({"border": 1, "font_name": "Times New Roman"})
    bold = book.add_format({"bold": True, "font_name": "Times New Roman"})
    sheet = book.add_worksheet("Niêm yết")
    commune, period = info.get("commune_name", ""), info.get("period", "")
    sheet.merge_range(0, 0, 0, len(COLUMNS) - 1, "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO", title)
    sheet.merge_range(1, 0, 1, len(COLUMNS) - 1, f"{commune} – {period_label_vi(period) if period else ''}", title)
    for col, (label, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write(3, col, label, head)
    row = 4
    for kind, heading in SECTIONS.items():
        sheet.write(row, 0, heading, bold)
        row += 1
        chosen = sorted((h for h in households if h["decided_class"] == kind),
                        key=lambda h: (h["village"], number_order(h["household_number"])))
        for number, household in enumerate(chosen, start=1):
            values = (number, household["village"], household["household_number"], household["head_name"],
                      household["members"])
            for col, value in enumerate(values):
                if isinstance(value, str):
                    write_text(sheet, row, col, value, body)
                else:
                    sheet.write(row, col, value, body)
            row += 1
        row += 1
    print_on_a4_xlsxwriter(sheet, None, (4, 4), marks=PageMarks(notice=POSTED_VI))
    sheet.set_portrait()
    book.close()
    return path
