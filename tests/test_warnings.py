"""Warnings: unlikely figures load, and are named with their cell and what to confirm."""

import duckdb

from giamngheo.demo import demo_submissions
from publish.template import write_submission
from tests.conftest import run_library


def _next_year(inbox, change=None):
    """The demo communes' 2020 figures again as 2021, with ``change(submission)`` applied to each."""
    inbox.mkdir()
    for sub in demo_submissions():
        sub.period = "2021"
        if change:
            change(sub)
        write_submission(inbox / f"{sub.commune.commune_code}.xlsx", sub)


def _second_year(database, tmp_path, change, thresholds=None) -> dict:
    """The summary of a 2021 run over ``database``, the demo's 2020 (``demo_copy``), with the demo's figures changed
    by ``change``."""
    _next_year(tmp_path / "2021", change)
    return run_library(tmp_path / "2021", database, period="2021", thresholds=thresholds)


def _warned(summary) -> list[dict]:
    return [{**warning, "commune_code": item["commune_code"]}
            for item in summary["loaded_with_warnings"] for warning in item["warnings"]]


def _ia_mlah(change):
    def apply(sub):
        if sub.commune.commune_code == "24091":
            change(sub)
    return apply


def _poor_jump(sub):
    """Poor households of Ia Mláh's first village up by 60 (more than 5 points on the commune), near-poor down."""
    village = sub.villages[0]
    village["poor_households"] += 60
    village["em_poor_households"] += 60
    village["near_poor_households"] = 0
    village["em_near_poor_households"] = 0


def test_unchanged_figures_give_no_warning(demo_copy, tmp_path):
    summary = _second_year(demo_copy, tmp_path, None)
    assert summary["counts"]["loaded"] == 14 and _warned(summary) == []


def test_a_jump_in_the_poverty_rate_and_poor_up_near_poor_down_are_warned_and_still_loaded(demo_copy, tmp_path):
    summary = _second_year(demo_copy, tmp_path, _ia_mlah(_poor_jump))
    assert summary["counts"] == {"loaded": 13, "loaded_with_warnings": 1, "quarantined": 0, "needs_review": 0,
                                 "duplicate": 0, "set_aside": 0}
    warnings = _warned(summary)
    assert sorted(w["rule"] for w in warnings) == ["poor_up_near_poor_down", "rate_moved"]
    assert {w["commune_code"] for w in warnings} == {"24091"}
    [rate] = [w for w in warnings if w["rule"] == "rate_moved"]
    assert (rate["sheet"], rate["cell"]) == ("Hộ theo thôn", "F9")  # the poor households total of the 4 villages
    assert "Hộ theo thôn!F9" in rate["message_vi"] and "5,0 điểm" in rate["message_vi"]
    assert "more than the 5.0-point threshold" in rate["message_en"]
    with duckdb.connect(str(demo_copy), read_only=True) as con:
        published = con.sql("select commune_name, rule from marts.warnings where period = '2021' order by rule").fetchall()
        assert published == [("Xã Ia Mlăh", "poor_up_near_poor_down"), ("Xã Ia Mlăh", "rate_moved")]  # the official name
        poor = con.sql("select poor_households from marts.poverty_by_district where period = '2021'").fetchall()
        assert poor == [(2342 + 60,)]


def test_thresholds_are_the_runs_to_set(demo_copy, tmp_path):
    relaxed = {"rate_moved": 50, "poor_up_near_poor_down": 10}
    summary = _second_year(demo_copy, tmp_path, _ia_mlah(_poor_jump), relaxed)
    assert _warned(summary) == []


def test_a_village_whose_households_change_sharply_is_warned(demo_copy, tmp_path):
    def grow(sub):
        sub.villages[1]["total_households"] = round(sub.villages[1]["total_households"] * 1.5)
        sub.villages[1]["persons"] = sub.villages[1]["total_households"] * 5

    summary = _second_year(demo_copy, tmp_path, _ia_mlah(grow))
    [warning] = _warned(summary)
    assert (warning["rule"], warning["sheet"], warning["cell"]) == ("village_households_changed", "Hộ theo thôn", "C6")
    assert "50,0 %" in warning["message_vi"] and "Buôn 2" in warning["message_vi"]


def test_warnings_are_listed_in_the_published_workbook(demo_copy, tmp_path):
    from openpyxl import load_workbook

    from publish.workbooks import publish_period

    _second_year(demo_copy, tmp_path, _ia_mlah(_poor_jump))
    with duckdb.connect(str(demo_copy), read_only=True) as con:
        [path] = publish_period(con, "2021", tmp_path / "out")["workbooks"]
        [empty] = publish_period(con, "2020", tmp_path / "out")["workbooks"]
    sheet = load_workbook(path)["Cảnh báo"]
    rows = [r for r in sheet.iter_rows(min_row=7, values_only=True) if r[0]]
    assert [(r[0], r[1], r[3]) for r in rows] == [(1, "Xã Ia Mlăh", "Hộ theo thôn!F9"), (2, "Xã Ia Mlăh", "Hộ theo thôn!F9")]
    assert any("tỷ lệ hộ nghèo của xã là 11,39 %" in r[5] for r in rows)
    none = load_workbook(empty)["Cảnh báo"]
    assert none["A7"].value == "Không có cảnh báo" and "A7:F7" in {str(r) for r in none.merged_cells.ranges}
