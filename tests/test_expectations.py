import contextlib
import shutil
import socket
import sys

import pytest

from checks.expectations import check_warehouse
from warehouse.connection import connect


@pytest.fixture
def warehouse_copy(demo_warehouse, tmp_path):
    """A private copy of the shared demo warehouse, free to break."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_warehouse, copy)
    con = connect(copy)
    yield con
    con.close()


def test_the_demo_marts_pass_and_the_data_docs_are_written_only_to_docs_dir(warehouse_copy, tmp_path, monkeypatch):
    connections = []

    def no_network(self, address, *args):
        connections.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    docs_dir = tmp_path / "out" / "2020" / "data-docs"

    result = check_warehouse(warehouse_copy, "2020", docs_dir)

    assert result["success"] is True, result["failed"]
    assert result["failed"] == []
    assert result["evaluated"] >= 50
    assert result["docs"] == docs_dir.resolve() / "index.html" and result["docs"].is_file()
    assert "poverty_by_district" in result["docs"].read_text(encoding="utf-8")
    pages = "".join(p.read_text(encoding="utf-8") for p in (docs_dir / "validations").rglob("*.html"))
    assert "equals the sum of its communes" in pages and "is between 0 and 100" in pages
    assert set(result["tables"]) >= {"marts.poverty_by_commune", "marts.poverty_by_district",
                                     "marts.ethnic_minority_by_province", "marts.deprivation_by_district"}
    assert all(table["rows"] > 0 for table in result["tables"].values())
    assert connections == []
    assert list(work.iterdir()) == []  # no gx/ project folder, nothing else in the working directory


@pytest.mark.parametrize("breakage, table, check, shown", [
    ("update marts.poverty_by_district set poor_households = poor_households + 1",
     "marts.poverty_by_district", "district_total_is_sum_of_communes:poor_households", "2343"),
    ("update marts.poverty_by_commune set poverty_rate_pct = 100.5 where commune_code = '24076'",
     "marts.poverty_by_commune", "rate_between_0_and_100:poverty_rate_pct", "24076"),
    ("update marts.ethnic_minority_by_commune set em_poor_households = em_households + 1 where commune_code = '24076'",
     "marts.ethnic_minority_by_commune", "count_within_total:em_poor_households<=em_households", "24076"),
    ("insert into marts.poverty_by_commune select * from marts.poverty_by_commune where commune_code = '24076'",
     "marts.poverty_by_commune", "commune_once_per_period", "24076"),
    # the district's row is missing: its counts are null beside the communes' sums (pandas' NA must not break GX)
    ("delete from marts.poverty_by_district",
     "marts.poverty_by_district", "district_total_is_sum_of_communes:poor_households", "poor_households=missing"),
    ("update marts.deprivation_by_district set deprivation_rate_pct = null",
     "marts.deprivation_by_district", "rate_present_when_computable:deprivation_rate_pct", "637"),
])
def test_a_broken_mart_fails_the_check_and_names_what_failed(warehouse_copy, tmp_path, breakage, table, check, shown):
    warehouse_copy.execute(breakage)

    result = check_warehouse(warehouse_copy, "2020", tmp_path / "docs")

    assert result["success"] is False
    failed = [f for f in result["failed"] if f["table"] == table and f["check"] == check]
    assert failed, result["failed"]
    assert shown in failed[0]["detail"]
    assert not failed[0]["detail"].startswith("error"), failed[0]["detail"]  # judged, not crashed
    assert failed[0]["expectation"]  # the sentence an officer reads
    assert result["docs"].is_file()


def test_a_district_off_by_one_is_reported_against_the_district_and_its_rate(warehouse_copy, tmp_path):
    warehouse_copy.execute("update marts.poverty_by_district set poor_households = poor_households + 1")

    result = check_warehouse(warehouse_copy, "2020", tmp_path / "docs")

    assert {(f["table"], f["check"]) for f in result["failed"]} == {
        ("marts.poverty_by_district", "district_total_is_sum_of_communes:poor_households"),
        ("marts.poverty_by_district", "rate_matches_counts:poverty_rate_pct"),
    }
    detail = next(f["detail"] for f in result["failed"] if f["check"].startswith("district_total"))
    assert detail == "1 of 1 rows: 637 Huyện Krông Pa: poor_households=2343, sum_of_communes_poor_households=2342"


def test_configurations_built_once_judge_as_gx_does_and_leave_gx_as_it_was(warehouse_copy, tmp_path, monkeypatch):
    from great_expectations.expectations.expectation import Expectation

    import checks.expectations

    warehouse_copy.execute("update marts.ethnic_minority_by_district set em_poor_households = em_poor_households + 1")
    warehouse_copy.execute("update marts.deprivation_by_commune set deprived_households = poor_households + 1 "
                           "where commune_code = '24076'")
    once = check_warehouse(warehouse_copy, "2020", tmp_path / "once")
    assert Expectation.__dict__["configuration"].fget.__qualname__ == "Expectation.configuration"  # GX's own again
    monkeypatch.setattr(checks.expectations, "_configurations_built_once", contextlib.nullcontext)
    every_time = check_warehouse(warehouse_copy, "2020", tmp_path / "every-time")
    assert len(once["failed"]) == 6 and once["evaluated"] == every_time["evaluated"]
    assert once["failed"] == every_time["failed"] and once["tables"] == every_time["tables"]


def test_the_check_runs_in_its_prepared_process_or_here_when_that_process_died(demo_warehouse, tmp_path):
    from pipeline import checking, stages

    checking.prepare()
    process = checking._prepared()["process"]
    assert stages.check(demo_warehouse, "2020", tmp_path / "a")["success"]
    # kept, idle, for the next run of this process, which Great Expectations' import then costs nothing
    assert checking._prepared()["process"] is process and process.is_alive() and "job" not in checking._prepared()
    with checking.prepared():
        assert stages.check(demo_warehouse, "2020", tmp_path / "again")["success"]
    assert checking._prepared()["process"] is process and process.is_alive()
    checking._prepared()["process"].kill()
    checking._prepared()["process"].join(5)
    checked = stages.check(demo_warehouse, "2020", tmp_path / "b")
    assert checked["success"] and (tmp_path / "b" / "index.html").exists()
    assert not checking._prepared()  # the dead one is gone; the next run prepares another


def test_a_run_that_ends_while_its_check_runs_stops_the_check(demo_warehouse, tmp_path):
    from pipeline import checking

    with pytest.raises(KeyboardInterrupt), checking.prepared():
        process = checking._prepared()["process"]
        checking.start(demo_warehouse, "2020", tmp_path / "a", None)
        raise KeyboardInterrupt
    process.join(5)
    assert not process.is_alive() and not checking._prepared()


def test_the_prepared_process_judges_a_broken_warehouse_as_a_check_here_does(warehouse_copy, tmp_path):
    from pipeline import checking

    warehouse_copy.execute("update marts.poverty_by_district set poor_households = poor_households + 1")
    warehouse_copy.close()  # the check's process opens it read-only
    database = tmp_path / "warehouse.duckdb"

    checking.prepare()
    there = checking.verdict(database, "2020", tmp_path / "there", None)
    here = checking.check_here(database, "2020", tmp_path / "here", None)

    assert there["success"] is False and there["failed"]
    assert ([there[key] for key in ("failed", "evaluated", "tables")]
            == [here[key] for key in ("failed", "evaluated", "tables")])


def test_a_module_loaded_on_first_use_runs_only_when_used(tmp_path, monkeypatch):
    import sys

    from pipeline import checking

    (tmp_path / "slow_to_import.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_name('ran').touch()\nvalue = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "meta_path", [checking._OnFirstUse(["slow_to_import"]), *sys.meta_path])
    monkeypatch.delitem(sys.modules, "slow_to_import", raising=False)

    import slow_to_import

    assert not (tmp_path / "ran").exists()
    assert slow_to_import.value == 42
    assert (tmp_path / "ran").exists()
    monkeypatch.delitem(sys.modules, "slow_to_import")


def test_checks_that_cannot_run_stop_the_run_with_a_message_and_publish_nothing(demo_inbox, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import checks.expectations
    from giamngheo.cli import app
    from pipeline import checking

    monkeypatch.setattr(checking, "spawnable", lambda: False)  # the check in this process, where it is broken
    checking.discard()  # and not in one an earlier run of this process kept

    def broken(*args):
        raise ValueError("a bug in a check")

    monkeypatch.setattr(checks.expectations, "check_warehouse", broken)
    out = tmp_path / "out"

    result = CliRunner().invoke(app, ["run", "--period", "2020", "--inbox", str(demo_inbox), "--warehouse",
                                      str(tmp_path / "w.duckdb"), "--out", str(out)])

    assert result.exit_code == 1, result.output
    assert "the warehouse checks could not run: ValueError: a bug in a check" in result.output
    assert "Traceback" not in result.output
    assert not list(out.rglob("*.xlsx")) and not list(out.glob(".unreleased-*"))


@pytest.mark.parametrize(("file", "spec_name", "expected"), [
    ("<stdin>", None, False),  # `python - < script`: a child would look for a file "<stdin>"
    (None, None, True),  # an interactive session, a pytest-xdist worker: nothing is run again
    (__file__, None, True),
    ("<stdin>", "giamngheo.cli", True),  # `python -m`: run again by name
])
def test_worker_processes_start_unless_the_program_cannot_be_run_again(monkeypatch, file, spec_name, expected):
    import types
    from importlib.machinery import ModuleSpec

    from pipeline import checking

    main = types.ModuleType("__main__")
    if file is not None:
        main.__file__ = file
    main.__spec__ = ModuleSpec(spec_name, None) if spec_name else None
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert checking.spawnable() is expected
