import csv

import duckdb
import openpyxl
import polars as pl
import pytest

from giamngheo.demo import DEMO_DATA
from giamngheo.publish import half_up, publish_period, put


@pytest.fixture(scope="module")
def published(demo_warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        paths = publish_period(con, "2020", out)
    return paths


@pytest.fixture(scope="module")
def book(published):
    [path] = published["workbooks"]
    return openpyxl.load_workbook(path)


def rows_by_name(sheet, name_col=2):
    """Row values keyed by the unit name in column B (first row of each unit)."""
    return {row[name_col - 1]: row for row in sheet.iter_rows(min_row=7, values_only=True) if row[name_col - 1]}


def column_of(sheet, label, header_row=6):
    return [c.value for c in sheet[header_row]].index(label)


def seed(name):
    with open(DEMO_DATA / name, encoding="utf-8") as f:
        return {r["commune_name"]: r for r in csv.DictReader(f) if r.get("ward_code")}


def test_workbook_has_the_three_appendices_laid_out_for_print(book, published):
    assert published["workbooks"][0].name == "tong-hop-huyen-krong-pa-2020.xlsx"
    assert book.sheetnames == ["Phụ lục 1", "Phụ lục 2", "Phụ lục 3"]
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.print_title_rows and sheet.freeze_panes
        assert "trước 1/7/2025" in sheet["A3"].value  # says which unit structure it uses
    merged = {str(r) for r in book["Phụ lục 1"].merged_cells.ranges}
    assert {"C5:E5", "F5:I5", "A5:A6", "B5:B6"} <= merged
    assert book["Phụ lục 1"]["C5"].value == "Thực hiện năm 2020" and book["Phụ lục 1"]["F5"].value == "Kế hoạch năm 2021"


def test_district_rows_show_the_published_figures(book):
    p1 = rows_by_name(book["Phụ lục 1"])["Toàn huyện"]
    assert p1[2:] == (2342, 11.78, None, 1717, 8.48, 3.30, 625)
    p2 = rows_by_name(book["Phụ lục 2"])["Toàn huyện"]
    assert p2[2:] == (2151, 16.48, None, 1569, 11.92, 4.56, 582)
    sheet = book["Phụ lục 1"]
    assert sheet.cell(row=7, column=3).number_format == "#,##0" and sheet.cell(row=7, column=4).number_format == "0.00"


def test_every_commune_row_equals_phu_luc_1_and_2(book):
    poverty, ethnic = seed("krongpa_poverty_by_commune.csv"), seed("krongpa_ethnic_minority_poverty_by_commune.csv")
    p1, p2 = rows_by_name(book["Phụ lục 1"]), rows_by_name(book["Phụ lục 2"])
    names = {r["ward_code"]: r["commune_name"] for r in poverty.values()}
    assert len(p1) == len(p2) == 15
    for code, seed_name in names.items():
        row = next(r for name, r in p1.items() if name and _same(name, seed_name))
        s = poverty[seed_name]
        assert (row[2], row[3], row[5], row[6], row[8]) == (
            int(s["poor_2020"]), float(s["poverty_rate_2020_pct"]), int(s["poor_2021_plan"]),
            float(s["poverty_rate_2021_plan_pct"]), int(s["poor_reduction_2021_plan"]))
        e = ethnic[seed_name]
        row2 = next(r for name, r in p2.items() if name and _same(name, seed_name))
        assert (row2[2], row2[3], row2[5], row2[6], row2[8]) == (
            int(e["em_poor_2020"]), float(e["em_poverty_rate_2020_pct"]), int(e["em_poor_2021_plan"]),
            float(e["em_poverty_rate_2021_plan_pct"]), int(e["em_poor_reduction_2021_plan"]))


def _same(official: str, seed_name: str) -> bool:
    from transforms.units import name_key

    return name_key(official) == name_key(seed_name)


def test_deprivation_sheet_has_result_plan_and_fall_rows_per_unit(book):
    sheet = book["Phụ lục 3"]
    rows = list(sheet.iter_rows(min_row=7, values_only=True))
    start = next(i for i, r in enumerate(rows) if r[1] == "Toàn huyện")
    result, plan, fall = rows[start:start + 3]
    assert (result[2], plan[2], fall[2]) == ("Thực hiện năm 2020", "Kế hoạch năm 2021", "Số hộ và tỷ lệ giảm")
    assert (result[3], result[4], result[5], result[6]) == (2342, 11.78, 1133, 48.4)
    assert (plan[3], plan[5], plan[6]) == (1717, 760, 44.3)
    assert (fall[3], fall[5], fall[6]) == (625, 373, 4.1)
    latrine = 5 + 2 * 7  # the 8th indicator pair
    assert (result[latrine], result[latrine + 1]) == (2206, 94.2)
    assert sheet["F5"].value == "Trình độ giáo dục của người lớn"
    assert len(rows) == 3 * 15


def test_parquet_copies_of_the_marts(published):
    by_name = {p.stem: p for p in published["parquet"]}
    district = pl.read_parquet(by_name["poverty_by_district"])
    assert district["poor_households"].to_list() == [2342]
    assert {"poverty_by_commune", "ethnic_minority_by_district", "deprivation_by_commune"} <= by_name.keys()


def test_a_period_without_figures_is_a_clear_error(demo_warehouse, tmp_path):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con, pytest.raises(ValueError, match="2019"):
        publish_period(con, "2019", tmp_path)


def test_names_that_look_like_formulas_are_written_as_text(tmp_path):
    book = openpyxl.Workbook()
    cell = put(book.active, 1, 1, "=HYPERLINK(\"http://x\")")
    book.save(tmp_path / "x.xlsx")
    again = openpyxl.load_workbook(tmp_path / "x.xlsx").active["A1"]
    assert cell.data_type == "s" and again.data_type == "s" and again.value.startswith("=")


def test_half_up_rounds_halves_away_from_zero():
    assert (half_up(2.675), half_up(0.125), half_up(48.35, 1)) == (2.68, 0.13, 48.4)
