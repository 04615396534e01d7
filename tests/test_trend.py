"""A unit's poverty rate across periods: the trend mart and `giamngheo trend`."""

import csv

import duckdb
import pytest
from typer.testing import CliRunner

from giamngheo.cli import app
from giamngheo.demo import demo_submissions
from publish.template import write_submission
from tests.conftest import run_library


@pytest.fixture(scope="module")
def two_years(demo_inbox, tmp_path_factory):
    """The demo's 2020 and a 2021 with 50 more households in each commune's first village."""
    root = tmp_path_factory.mktemp("trend")
    database = root / "w.duckdb"
    run_library(demo_inbox, database)
    for submission in demo_submissions():
        submission.period = "2021"
        submission.villages[0]["total_households"] += 50
        write_submission(root / "2021" / f"{submission.commune.commune_code}.xlsx", submission)
    run_library(root / "2021", database, period="2021")
    return root, database


def test_the_trend_mart_has_each_period_the_change_and_the_plan(two_years):
    _, database = two_years
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("""select period, poor_households, total_households, round(poverty_rate_pct, 2),
                                     round(change_pp, 2), round(planned_poverty_rate_pct, 2), round(above_plan_pp, 2)
                              from marts.poverty_trend where unit_level = 'district' and series = 'as_reported'
                              order by period""").fetchall()
    assert rows == [("2020", 2342, 19886, 11.78, None, None, None),
                    ("2021", 2342, 19886 + 14 * 50, 11.38, -0.4, 8.48, 2.9)]


def test_the_trend_command_prints_the_series_and_writes_it_as_csv(two_years, tmp_path):
    _, database = two_years
    result = CliRunner().invoke(app, ["trend", "Krông Pa", "--warehouse", str(database), "--csv",
                                      str(tmp_path / "kp.csv")])
    assert result.exit_code == 0, result.output
    assert "Huyện Krông Pa (637, Tỉnh Gia Lai)" in result.output and "11,38" in result.output
    with open(tmp_path / "kp.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [(r["period"], r["unit_level"]) for r in rows] == [("2020", "district"), ("2021", "district")]


def test_a_commune_is_found_by_its_name_as_written_and_restated_in_2025_units(two_years, tmp_path):
    _, database = two_years
    result = CliRunner().invoke(app, ["trend", "xa ia mlah", "--warehouse", str(database), "--csv",
                                      str(tmp_path / "a.csv")])
    assert result.exit_code == 0 and "Xã Ia Mlăh (24091" in result.output
    restated = CliRunner().invoke(app, ["trend", "24076", "--restated-2025", "--warehouse", str(database), "--csv",
                                        str(tmp_path / "b.csv")])
    assert restated.exit_code == 0 and restated.output.count("│ 202") == 2


def test_an_unknown_unit_is_a_usage_error(two_years):
    _, database = two_years
    result = CliRunner().invoke(app, ["trend", "Nowhere", "--warehouse", str(database)])
    assert result.exit_code == 2 and "no figures for 'Nowhere'" in result.output
