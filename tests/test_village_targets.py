"""A commune sets next period's targets per village too; the commune's target is their sum, and each village's
target is compared with what the village reports for that period."""

import duckdb
import openpyxl

from tests.conftest import run_library
from tests.helpers import grids, submission, write
from tests.test_warnings import _next_year


def _with_village_targets(sub):
    """Targets for each village: one household fewer in poverty than it has now; the commune's are their sums."""
    sub.village_targets = [
        {"village": v["village"], "total_households": v["total_households"], "em_households": v["em_households"],
         "poor_households": v["poor_households"] - 1, "em_poor_households": max(v["em_poor_households"] - 1, 0),
         "near_poor_households": v["near_poor_households"]}
        for v in sub.villages]
    for measure in ("total_households", "em_households", "poor_households", "em_poor_households",
                    "near_poor_households"):
        sub.targets[measure] = sum(v[measure] for v in sub.village_targets)
    return sub


def test_the_template_asks_for_targets_by_village_and_sums_them(tmp_path):
    sub = _with_village_targets(submission("24091"))
    for measure in ("total_households", "em_households", "poor_households", "em_poor_households", "near_poor_households"):
        del sub.targets[measure]  # set per village only
    path = write(tmp_path / "inbox" / "x.xlsx", sub)
    book = openpyxl.load_workbook(path)
    assert "Chỉ tiêu theo thôn" in book.sheetnames
    formula = book["Chỉ tiêu kỳ sau"]["C7"].value  # the commune's poor households target
    # the villages' total, found by its label wherever rows inserted above it have moved it
    assert formula == ("=IF(COUNT('Chỉ tiêu theo thôn'!E:E)<2,\"\",INDEX('Chỉ tiêu theo thôn'!E:E,"
                       "MATCH(\"Tổng cộng\",'Chỉ tiêu theo thôn'!$B:$B,0)))")
    assert grids(path)["Chỉ tiêu kỳ sau"][6][2] == sum(v["poor_households"] for v in sub.village_targets)
    summary = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")
    assert summary["counts"]["quarantined"] == 0, summary["quarantined"]


def test_a_commune_target_that_is_not_the_sum_of_its_villages_is_refused(tmp_path):
    sub = _with_village_targets(submission("24091"))
    sub.targets["poor_households"] += 5  # typed over the formula
    inbox = tmp_path / "inbox"
    write(inbox / "ia-mlah.xlsx", sub)
    summary = run_library(inbox, tmp_path / "w.duckdb")
    [item] = summary["quarantined"]
    [problem] = item["errors"]
    assert (problem["rule"], problem["sheet"], problem["cell"]) == ("target_villages_mismatch", "Chỉ tiêu kỳ sau", "C7")


def test_village_targets_are_compared_with_the_next_periods_results(tmp_path):
    inbox = tmp_path / "2020"
    for code in ("24076", "24091"):
        write(inbox / f"{code}.xlsx", _with_village_targets(submission(code)))
    database = tmp_path / "w.duckdb"
    first = run_library(inbox, database)
    assert first["counts"]["quarantined"] == 0, first["quarantined"]
    _next_year(tmp_path / "2021")
    run_library(tmp_path / "2021", database, period="2021")
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.sql("""select commune_code, village_name, target_poor_households, poor_households, poor_above_target,
                                 poor_target_met from marts.plan_vs_result_by_village
                          where period = '2020' order by commune_code, village_name""").pl().to_dicts()
    villages = {(s.commune.commune_code, v["village"]): v for s in map(submission, ("24076", "24091")) for v in s.villages}
    assert len(rows) == len(villages)
    for row in rows:
        reported = villages[(row["commune_code"], row["village_name"])]["poor_households"]
        assert (row["target_poor_households"], row["poor_households"]) == (reported - 1, reported)
        assert (row["poor_above_target"], row["poor_target_met"]) == (1, False)
