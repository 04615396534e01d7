"""The first period's fall in the poverty rate (issue 21, item 6): the template asks for the commune's households
and poor households at the start of the period, as the official forms carry them; where the warehouse holds no
earlier period, the fall is measured from them; a workbook that leaves them out still loads."""

import csv
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_library
from tests.helpers import grids, submission, write
from tests.test_published import grid, poverty_sheet
from transforms.extract import read_submission
from vocabulary import labels
from vocabulary.labels import NO_PLAN

SEED = Path(__file__).resolve().parent.parent / "giamngheo" / "demo_data" / "krongpa_poverty_by_commune.csv"


def _rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_the_template_asks_for_the_start_of_the_period_and_the_reader_takes_it(tmp_path):
    sub = submission("24076")
    path = write(tmp_path / "x.xlsx", sub)
    sheet = grids(path)[labels.START_SHEET.label_vi]
    assert [row[1] for row in sheet[4:8]] == [m.label_vi for m in labels.START_MEASURES]
    start = {cell[7]: cell[8] for cell in read_submission(path).cells if cell[0] == "start"}
    assert start == sub.start and start["poor_households"] == 129


def test_the_first_periods_fall_is_the_one_the_source_prints(demo_warehouse):
    """The demo's 2020 is the warehouse's first period: every commune's fall and the district's are those of the
    signed plan (Phụ lục 1 and 2 of the source), measured from the start figures its workbooks give."""
    with open(SEED, encoding="utf-8") as f:
        printed = {row["ward_code"] or "district": float(row["rate_reduction_2020_pct"]) for row in csv.DictReader(f)}
    communes = dict(_rows(demo_warehouse, "select commune_code, round(rate_reduction_pp, 2) from marts.poverty_by_commune"
                                          " where period = '2020'"))
    [(district, em_district)] = _rows(demo_warehouse, """select round(rate_reduction_pp, 2), round(em_rate_reduction_pp, 2)
                                                         from marts.plan_vs_result_by_district where period = '2020'""")
    assert communes == {code: fall for code, fall in printed.items() if code != "district"}
    assert (district, em_district) == (printed["district"], 5.70)


def test_a_workbook_without_the_start_figures_loads_and_its_first_fall_is_unknown(tmp_path):
    sub = submission("24091")
    sub.start = {}
    write(tmp_path / "inbox" / "x.xlsx", sub)
    summary = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")
    assert summary["counts"]["loaded"] == 1
    assert _rows(tmp_path / "w.duckdb", "select rate_reduction_pp from marts.poverty_by_commune") == [(None,)]
    [published] = summary["outputs"]["workbooks"]
    [(commune,)] = _rows(tmp_path / "w.duckdb", "select commune_name from marts.poverty_by_commune")
    _, units = poverty_sheet(Path(published), "Phụ lục 1")
    assert units[commune]["rate_reduction_pp"] == NO_PLAN  # not blank, not 0: nothing says where it started
    [notes] = [cell for row in grid(Path(published), "Phụ lục 1") for cell in row if "MỨC GIẢM" in str(cell)]
    assert notes.endswith(f"MỨC GIẢM TỶ LỆ HỘ NGHÈO GHI “{NO_PLAN}”: chưa có số liệu đầu kỳ (kho chưa có kỳ trước, "
                          f"xã không ghi sheet Số liệu đầu kỳ): {commune}")


@pytest.mark.parametrize("measure, value, rule", [("poor_households", 5000, "exceeds"),
                                                  ("total_households", -2, "negative")])
def test_start_figures_that_cannot_be_are_refused_by_their_cell(tmp_path, measure, value, rule):
    sub = submission("24091")
    sub.start[measure] = value
    write(tmp_path / "inbox" / "x.xlsx", sub)
    [refused] = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")["quarantined"]
    assert rule in {e["rule"] for e in refused["errors"] if e["sheet"] == labels.START_SHEET.label_vi}
