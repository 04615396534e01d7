import openpyxl
import pytest
from typer.testing import CliRunner

from giamngheo.cli import app
from transforms.extract import read_submission
from vocabulary import labels as layout


def test_template_command_writes_a_workbook_for_an_official_code(tmp_path):
    target = tmp_path / "phu-tuc.xlsx"
    result = CliRunner().invoke(app, ["template", "--commune", "24076", "--period", "2020", "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [layout.INFO_SHEET.label_vi, layout.HOUSEHOLDS_SHEET.label_vi,
                               layout.DEPRIVATION_SHEET.label_vi, layout.VILLAGE_TARGETS_SHEET.label_vi,
                               layout.TARGETS_SHEET.label_vi, layout.START_SHEET.label_vi]
    info = {row[0].value: row[1].value for row in book[layout.INFO_SHEET.label_vi].iter_rows(min_row=4) if row[0].value}
    assert info["Mã xã"] == "24076"
    assert info["Xã"] == "Thị trấn Phú Túc"
    assert info["Huyện"] == "Krông Pa" and info["Tỉnh"] == "Gia Lai"
    assert info["Kỳ báo cáo"] == "2020"
    assert "59/2015" in info["Chuẩn nghèo"]


def test_template_has_instructions_validation_formulas_and_protection(tmp_path):
    target = tmp_path / "t.xlsx"
    CliRunner().invoke(app, ["template", "--commune", "24076", "--period", "2020", "-o", str(target)])
    sheet = openpyxl.load_workbook(target)[layout.HOUSEHOLDS_SHEET.label_vi]
    assert "Hướng dẫn" in sheet["A2"].value
    headers = [c.value for c in sheet[4]]
    assert headers[:3] == ["STT", layout.VILLAGE_LABEL.label_vi, "Tổng số hộ"]
    assert [m.label_vi for m in layout.HOUSEHOLD_MEASURES] == headers[2:]
    total_row = next(row for row in sheet.iter_rows() if row[1].value == "Tổng cộng")
    assert total_row[2].value == "=SUM(C4:INDEX(C:C,ROW()-1))"  # rows inserted anywhere above it are summed
    rules = sheet.data_validations.dataValidation
    assert any(rule.type == "whole" and rule.operator == "greaterThanOrEqual" for rule in rules)
    assert sheet.protection.sheet is True and not sheet.protection.password
    assert sheet["C5"].protection.locked is False
    assert total_row[2].protection.locked is True
    for printed in openpyxl.load_workbook(target):  # A4 landscape, one page wide
        assert printed.page_setup.orientation == "landscape" and int(printed.page_setup.paperSize) == 9
        # fitToWidth left out means 1 (the OOXML default, which xlsxwriter does not write)
        assert printed.page_setup.fitToWidth in (None, 1) and printed.page_setup.fitToHeight == 0
        assert printed.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.parametrize("period, indicators", [("2020", 10), ("2021-H1", 10), ("2023", 12), ("2025-H1", 12)])
def test_deprivation_sheet_follows_the_period_standard(tmp_path, period, indicators):
    target = tmp_path / "t.xlsx"
    result = CliRunner().invoke(app, ["template", "--commune", "24076", "--period", period, "-o", str(target)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)[layout.DEPRIVATION_SHEET.label_vi]
    assert len([c for c in sheet[4] if c.value]) == 2 + indicators


def test_blank_template_reads_back_as_blank_cells_not_zeros(tmp_path):
    target = tmp_path / "t.xlsx"
    CliRunner().invoke(app, ["template", "--commune", "24076", "--period", "2020", "-o", str(target)])
    item = read_submission(target)
    assert item.info["commune_code"][0] == "24076"
    assert all(raw is None for *_, raw in item.cells if _[0] == "targets")


def test_template_by_name_needs_the_district_when_the_name_repeats(tmp_path):
    runner = CliRunner()
    ambiguous = runner.invoke(app, ["template", "--commune", "Phú Túc", "--period", "2020", "-o", str(tmp_path / "a.xlsx")])
    assert ambiguous.exit_code == 2
    named = runner.invoke(app, ["template", "--commune", "TT. Phú Túc", "--district", "Krông Pa", "--period", "2020",
                                "-o", str(tmp_path / "b.xlsx")])
    assert named.exit_code == 0, named.output


@pytest.mark.parametrize("args, message", [
    (["--commune", "99999", "--period", "2020"], "99999"),
    (["--commune", "24076", "--period", "2020-Q3"], "2020-Q3"),
])
def test_template_refuses_unknown_commune_or_bad_period_with_a_message(tmp_path, args, message):
    result = CliRunner().invoke(app, ["template", *args, "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert message in result.output
