"""A unit's poverty rate across periods: the trend mart and `giamngheo trend`."""

import csv

import duckdb
import pytest
from typer.testing import CliRunner

from giamngheo.cli import app
from giamngheo.demo import demo_submissions, synthetic_second_period
from vocabulary.labels import SYNTHETIC_BANNER


@pytest.fixture(scope="module")
def two_years(demo_two_periods):
    return demo_two_periods[0]


def _total(submissions, key: str) -> int:
    return sum(village[key] for s in submissions for village in s.villages)


def test_the_trend_mart_has_each_period_the_change_and_the_plan(two_years):
    with duckdb.connect(str(two_years), read_only=True) as con:
        rows = con.execute("""select period, is_synthetic, poor_households, total_households, poverty_rate_pct,
                                     change_pp, planned_poverty_rate_pct, above_plan_pp
                              from marts.poverty_trend where unit_level = 'district' and series = 'as_reported'
                              order by period""").fetchall()
    seed, made_up = demo_submissions(), synthetic_second_period()
    rate = [100 * _total(s, "poor_households") / _total(s, "total_households") for s in (seed, made_up)]
    plan = 100 * sum(s.targets["poor_households"] for s in seed) / sum(s.targets["total_households"] for s in seed)
    assert [row[:4] for row in rows] == [("2020", False, 2342, 19886),
                                         ("2021", True, _total(made_up, "poor_households"),
                                          _total(made_up, "total_households"))]
    assert rows[0][4] == pytest.approx(rate[0]) and rows[0][5:] == (None, None, None)
    assert rows[1][4:] == pytest.approx((rate[1], rate[1] - rate[0], plan, rate[1] - plan))


def test_parquet_reads_every_period_at_once(two_years):
    out = two_years.parent / "out" / "parquet"
    with duckdb.connect() as con:
        rows = con.execute(f"""select period, poor_households, is_synthetic
                               from read_parquet('{out}/poverty_by_district/*/*.parquet', hive_partitioning = true)
                               order by period""").fetchall()
    assert rows == [(2020, 2342, False), (2021, _total(synthetic_second_period(), "poor_households"), True)]


def test_the_trend_command_prints_the_series_and_writes_it_as_csv(two_years, tmp_path):
    database = two_years
    result = CliRunner().invoke(app, ["trend", "Krông Pa", "--warehouse", str(database), "--csv",
                                      str(tmp_path / "kp.csv")])
    assert result.exit_code == 0, result.output
    assert "Huyện Krông Pa (637, Tỉnh Gia Lai)" in result.output and "│ 2021 * │" in result.output
    assert SYNTHETIC_BANNER.replace(" ", "") in result.output.replace(" ", "").replace("\n", "")
    with open(tmp_path / "kp.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [(r["period"], r["unit_level"], r["is_synthetic"]) for r in rows] == [("2020", "district", "0"),
                                                                               ("2021", "district", "1")]
    # rates as published: 2 decimals, a decimal point whatever the reader's computer
    assert rows[0]["poverty_rate_pct"] == "11.78" and rows[0]["poor_households"] == "2342"


def test_a_commune_is_found_by_its_name_as_written_and_restated_in_2025_units(two_years, tmp_path):
    database = two_years
    result = CliRunner().invoke(app, ["trend", "xa ia mlah", "--warehouse", str(database), "--csv",
                                      str(tmp_path / "a.csv")])
    assert result.exit_code == 0 and "Xã Ia Mlăh (24091" in result.output
    restated = CliRunner().invoke(app, ["trend", "24076", "--restated-2025", "--warehouse", str(database), "--csv",
                                        str(tmp_path / "b.csv")])
    assert restated.exit_code == 0 and restated.output.count("│ 202") == 2


def test_an_unknown_unit_is_a_usage_error(two_years):
    database = two_years
    result = CliRunner().invoke(app, ["trend", "Nowhere", "--warehouse", str(database)])
    assert result.exit_code == 2 and "no figures for 'Nowhere'" in result.output
