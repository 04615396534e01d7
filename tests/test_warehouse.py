import csv
import shutil
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest

from giamngheo.demo import DEMO_DATA
from tests.conftest import run_library
from tests.helpers import submission, write


def half_up(value, places=2) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def seed(name: str) -> dict[str, dict]:
    with open(DEMO_DATA / name, encoding="utf-8") as f:
        return {row["ward_code"]: row for row in csv.DictReader(f) if row["ward_code"]}


@pytest.fixture
def con(demo_warehouse):
    connection = duckdb.connect(str(demo_warehouse), read_only=True)
    yield connection
    connection.close()


def test_district_marts_reproduce_the_published_district_figures(con):
    poor, households, rate = con.execute(
        "select poor_households, total_households, poverty_rate_pct from marts.poverty_by_district where period = '2020'"
    ).fetchone()
    assert (poor, households, half_up(rate)) == (2342, 19886, 11.78)
    em_poor, em_rate = con.execute(
        "select em_poor_households, em_poverty_rate_pct from marts.ethnic_minority_by_district where period = '2020'"
    ).fetchone()
    assert (em_poor, half_up(em_rate)) == (2151, 16.48)
    plan = con.execute(
        """select target_poor_households, target_poverty_rate_pct, target_rate_reduction_pp, target_poor_reduction,
                  target_em_poor_households, target_em_poverty_rate_pct, target_em_poor_reduction
           from marts.plan_vs_result_by_district where period = '2020'"""
    ).fetchone()
    assert (plan[0], half_up(plan[1]), half_up(plan[2]), plan[3], plan[4], half_up(plan[5]), plan[6]) == (
        1717, 8.48, 3.30, 625, 1569, 11.92, 582)


def test_every_commune_matches_phu_luc_1_and_2(con):
    poverty, ethnic = seed("krongpa_poverty_by_commune.csv"), seed("krongpa_ethnic_minority_poverty_by_commune.csv")
    rows = con.sql("select * from marts.plan_vs_result_by_commune where period = '2020'").pl().to_dicts()
    assert len(rows) == 14
    for row in rows:
        p, e = poverty[row["commune_code"]], ethnic[row["commune_code"]]
        assert (row["poor_households"], half_up(row["poverty_rate_pct"])) == (int(p["poor_2020"]), float(p["poverty_rate_2020_pct"]))
        assert (row["target_poor_households"], half_up(row["target_poverty_rate_pct"]), row["target_poor_reduction"]) == (
            int(p["poor_2021_plan"]), float(p["poverty_rate_2021_plan_pct"]), int(p["poor_reduction_2021_plan"]))
        assert (row["em_poor_households"], half_up(row["em_poverty_rate_pct"])) == (
            int(e["em_poor_2020"]), float(e["em_poverty_rate_2020_pct"]))
        assert (row["target_em_poor_households"], half_up(row["target_em_poverty_rate_pct"]),
                row["target_em_poor_reduction"]) == (
            int(e["em_poor_2021_plan"]), float(e["em_poverty_rate_2021_plan_pct"]), int(e["em_poor_reduction_2021_plan"]))
        # Reductions are computed from counts. Three printed ones (Ia Mláh 1,40, Chư Drăng 4,71, Chư Gu DTTS 2,58)
        # differ by 0.01 from what the derived household counts give (45/922 − 33/950 = 1.407 → 1,41).
        assert abs(half_up(row["target_rate_reduction_pp"]) - float(p["rate_reduction_2021_plan_pct"])) <= 0.0100001
        assert abs(half_up(row["target_em_rate_reduction_pp"]) - float(e["em_rate_reduction_2021_plan_pct"])) <= 0.0100001


def test_deprivation_counts_match_phu_luc_3(con):
    with open(DEMO_DATA / "krongpa_deprivation_by_commune.csv", encoding="utf-8") as f:
        printed = list(csv.DictReader(f))
    district = {r["row_kind"]: r for r in printed if r["name_as_printed"] == "Toàn huyện"}
    rows = con.sql("select * from marts.deprivation_plan_vs_result_by_district where period = '2020'").pl().to_dicts()
    assert len(rows) == 10
    for row in rows:
        code = row["indicator_code"]
        assert row["deprived_households"] == int(district["actual_2020"][f"{code}_households"])
        assert half_up(row["deprivation_rate_pct"], 1) == float(district["actual_2020"][f"{code}_pct"])
        assert row["target_deprived_households"] == int(district["plan_2021"][f"{code}_households"])
        assert half_up(row["target_deprivation_rate_pct"], 1) == float(district["plan_2021"][f"{code}_pct"])
        assert row["target_deprived_reduction"] == int(district["reduction"][f"{code}_households"])


def test_raw_layer_keeps_lineage_for_every_figure(con):
    missing = con.execute(
        """select count(*) from raw.cells c join raw.submissions s using (file_id)
           where s.source_path is null or length(s.file_id) != 64 or c.sheet is null or c."row" is null
              or c.loaded_at is null"""
    ).fetchone()[0]
    assert missing == 0
    assert con.execute("select count(distinct file_id) from raw.cells").fetchone()[0] == 14


def test_rerunning_a_period_adds_nothing(demo_inbox, tmp_path):
    database = tmp_path / "w.duckdb"
    run_library(demo_inbox, database)
    counts = lambda c: c.execute(  # noqa: E731
        "select (select count(*) from raw.workbooks), (select count(*) from raw.cells), "
        "(select count(*) from marts.poverty_by_commune), (select sum(poor_households) from marts.poverty_by_district)"
    ).fetchone()
    with duckdb.connect(str(database), read_only=True) as c:
        before = counts(c)
    assert run_library(demo_inbox, database)["nothing_new"]  # the same files again: nothing to do
    run_library(demo_inbox, database, full=True)  # read and rebuilt all over: still nothing added
    with duckdb.connect(str(database), read_only=True) as c:
        assert counts(c) == before == (14, 1596, 14, 2342)  # 1,540 figures and 4 start figures of each commune
        assert c.execute("select count(*) from raw.runs").fetchone()[0] == 2


def test_resubmission_replaces_in_marts_and_keeps_the_earlier_version(demo_inbox, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    database = tmp_path / "w.duckdb"
    run_library(inbox, database)
    corrected = submission("24076")
    corrected.villages[0]["poor_households"] -= 7
    corrected.villages[0]["em_poor_households"] = min(corrected.villages[0]["em_poor_households"], corrected.villages[0]["poor_households"])
    corrected.deprivations[0] = {k: (min(v, corrected.villages[0]["poor_households"]) if k != "village" else v)
                                 for k, v in corrected.deprivations[0].items()}
    write(inbox / "24076-tt-phu-tuc-2020-v2.xlsx", corrected)
    summary = run_library(inbox, database)
    assert summary["counts"]["quarantined"] == 0
    [item] = summary["loaded_with_warnings"]  # loaded, and the district is told which file counts
    [warning] = item["warnings"]
    assert warning["rule"] == "commune_resubmitted" and "24076-tt-phu-tuc-2020-v2.xlsx" in warning["message_vi"]
    with duckdb.connect(str(database), read_only=True) as c:
        versions = c.execute(
            "select count(*), count(*) filter (where is_current) from marts.workbook_status where commune_code = '24076'"
        ).fetchone()
        assert versions == (2, 1)
        assert c.execute("select poor_households from marts.poverty_by_commune where commune_code = '24076'").fetchone()[0] == 100
        assert c.execute("select sum(poor_households) from marts.poverty_by_district").fetchone()[0] == 2335
        earlier = c.execute(
            """select sum(c.value) from raw.cells c join marts.workbook_status s using (file_id)
               where s.commune_code = '24076' and not s.is_current and c.measure = 'poor_households' and c.is_total"""
        ).fetchone()[0]
        assert earlier == 107


def test_a_quarantined_workbook_loads_nothing_into_the_marts(demo_inbox, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    (inbox / "24076-tt-phu-tuc-2020.xlsx").unlink()
    bad = submission("24076")
    bad.villages[0]["poor_households"] = "nhiều"
    write(inbox / "bad.xlsx", bad)
    summary = run_library(inbox, tmp_path / "w.duckdb")
    assert (summary["counts"]["loaded"], summary["counts"]["quarantined"]) == (13, 1)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as c:
        assert c.execute("select count(*) from marts.poverty_by_commune where commune_code = '24076'").fetchone()[0] == 0
        assert c.execute("select status from raw.submissions where file_name = 'bad.xlsx'").fetchone()[0] == "quarantined"
        assert c.execute("select count(*) from raw.validation_errors").fetchone()[0] >= 1


def test_an_edit_to_any_file_of_the_sql_project_asks_for_a_full_build(demo_warehouse, tmp_path):
    from warehouse.models import SQL_DIR, fingerprint

    project = tmp_path / "sql"
    shutil.copytree(SQL_DIR, project)
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        before = fingerprint(con, project)
        assert before == fingerprint(con, SQL_DIR)
        seen = {before}
        # a macro only an incremental build renders, a model's configuration, a seed, a variable
        for edited in ("macros/incremental.sql", "models/intermediate/int_commune_households.sql",
                       "seeds/indicators.csv", "dbt_project.yml"):
            path = project / edited
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            seen.add(fingerprint(con, project))
    assert len(seen) == 5
