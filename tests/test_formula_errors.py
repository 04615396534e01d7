"""A figure whose formula gives an error (#REF!, #DIV/0!, #N/A, …) is named as that error, in every format a commune
sends, not as a blank cell to open and save; and an ordinary file is never searched for such cells."""

import io
import subprocess
import zipfile

import openpyxl
import polars as pl
import pytest

from checks.validate import validate
from tests.corpus import HOUSEHOLDS, FormulaError, write_grids
from tests.helpers import grids, submission, write
from tests.test_feedback import libreoffice
from transforms import cell_errors
from transforms.extract import read_submission
from transforms.frames import cells_frame, submissions_frame

# cell -> (formula, the error Excel and LibreOffice show); row 2, so that row 1's text and number come before
FORMULAS = {"A2": ("=1/0", "#DIV/0!"), "B2": ("=NA()", "#N/A"), "C2": ('="a"+1', "#VALUE!"),
            "D2": ("=FOOBAR()", "#NAME?"), "E2": ("=#REF!+1", "#REF!"), "C4": ("=1/0", "#DIV/0!")}


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory) -> dict[str, bytes]:
    """The same workbook of error formulas, calculated and saved by LibreOffice as .xlsx, .ods and .xls."""
    folder = tmp_path_factory.mktemp("libreoffice")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = HOUSEHOLDS
    sheet["A1"], sheet["B1"] = "Thôn 1", 5
    for cell, (formula, _) in FORMULAS.items():
        sheet[cell] = formula
    source = folder / "loi.xlsx"
    book.save(source)
    profile = (folder / "profile").as_uri()
    saved = {}
    for suffix, target in ((".xlsx", "xlsx"), (".ods", "ods"), (".xls", "xls:MS Excel 97")):
        out = folder / suffix[1:]
        done = subprocess.run([libreoffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                               "--convert-to", target, "--outdir", str(out), str(source)],
                              capture_output=True, text=True, timeout=180)
        path = out / f"loi{suffix}"
        assert done.returncode == 0 and path.is_file(), done.stdout + done.stderr
        saved[suffix] = path.read_bytes()
    return saved


def _position(cell: str) -> tuple[int, int]:
    return int(cell[1:]) - 1, ord(cell[0]) - 65


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".xls"])
def test_error_cells_are_found_where_libreoffice_saved_them(saved_by_libreoffice, suffix):
    found = cell_errors.formula_errors(saved_by_libreoffice[suffix], suffix)
    expected = {_position(cell): error for cell, (_, error) in FORMULAS.items()}
    assert found == {HOUSEHOLDS: expected}


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_only_a_sheet_with_the_error_mark_is_parsed(tmp_path, monkeypatch, saved_by_libreoffice, suffix):
    from tests.helpers import as_ods

    path = write(tmp_path / "a.xlsx", submission())
    if suffix == ".ods":
        path = as_ods(path, tmp_path / "a.ods")
    parsed = []
    streamed = cell_errors._elements
    monkeypatch.setattr(cell_errors, "_elements", lambda xml: parsed.append(len(xml)) or streamed(xml))
    assert cell_errors.formula_errors(path.read_bytes(), suffix) == {} and parsed == []
    assert cell_errors.formula_errors(saved_by_libreoffice[suffix], suffix) and len(parsed) == 1


def test_an_ordinary_file_is_never_searched_for_error_cells(tmp_path, monkeypatch):
    def search(*_):
        raise AssertionError("searched a file whose figures are all there")

    monkeypatch.setattr(cell_errors, "formula_errors", search)
    item = read_submission(write(tmp_path / "a.xlsx", submission()))
    assert item.problems == [] and item.cells


def test_a_figure_whose_formula_errs_is_named_with_its_error(tmp_path):
    sheets = grids(write(tmp_path / "base.xlsx", submission()))
    sheets[HOUSEHOLDS][5][5] = FormulaError("#REF!", "=#REF!*2")  # F6
    path = write_grids(tmp_path / "loi.xlsx", sheets)
    extracted = [read_submission(path)]
    errors = validate(extracted, submissions_frame(extracted, "2020"), cells_frame(extracted), "2020")
    at_f6 = errors.filter(pl.col("cell") == "F6").to_dicts()
    assert [e["rule"] for e in at_f6] == ["formula_error"], errors.to_dicts()
    assert at_f6[0]["value"] == "#REF!"
    assert at_f6[0]["message_vi"].startswith("Ô Hộ theo thôn!F6: công thức trả về lỗi #REF!; sửa công thức")
    assert at_f6[0]["message_en"].startswith("Cell Hộ theo thôn!F6: the formula gives the error #REF!; fix the formula")
    assert "blank" not in set(errors["rule"])


def test_a_formula_without_a_cached_value_is_still_blank(tmp_path):
    """openpyxl saves formulas with no value: nothing marks them as errors, and they stay 'blank … open and save'."""
    path = write(tmp_path / "a.xlsx", submission())
    book = openpyxl.load_workbook(path)
    book.save(path)
    extracted = [read_submission(path)]
    errors = validate(extracted, submissions_frame(extracted, "2020"), cells_frame(extracted), "2020")
    assert "blank" in set(errors["rule"]) and "formula_error" not in set(errors["rule"])


def _ods(content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_ods_repeated_rows_and_cells_are_counted_as_a_reader_counts_them():
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    calcext = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
    error = '<table:table-cell table:number-columns-repeated="2" calcext:value-type="error"><text:p>#REF!</text:p>' \
            "</table:table-cell>"
    content = (f'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               f'xmlns:table="{table}" xmlns:calcext="{calcext}" '
               f'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               f'<table:table table:name="T"><table:table-row table:number-rows-repeated="3"><table:table-cell/>'
               f'</table:table-row><table:table-row table:number-rows-repeated="2">'
               f'<table:table-cell table:number-columns-repeated="4"/><table:covered-table-cell/>{error}'
               f"</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>")
    assert cell_errors.formula_errors(_ods(content), ".ods") == {
        "T": {(r, c): "#REF!" for r in (3, 4) for c in (5, 6)}}


def test_xlsx_cells_without_a_reference_follow_the_one_before(tmp_path):
    path = write_grids(tmp_path / "a.xlsx", {"T": [["x", FormulaError("#N/A", "=NA()")]]})
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w") as target:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b' r="B1"', b"")
            target.writestr(part, content)
    assert cell_errors.formula_errors(data.getvalue(), ".xlsx") == {"T": {(0, 1): "#N/A"}}
