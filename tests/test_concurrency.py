"""Runs that meet: a second run waits for the warehouse, and a run killed mid-load leaves it as it was."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb

from tests.conftest import run_library
from tests.test_warnings import _next_year
from warehouse.connection import exclusive

ROOT = Path(__file__).resolve().parent.parent


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_runs_at_once_take_turns_and_both_complete(demo_inbox, tmp_path):
    _next_year(tmp_path / "2021")
    database = tmp_path / "w.duckdb"
    runs = []
    with exclusive(database):  # the test holds the warehouse, so both runs must meet it busy
        for period, inbox in (("2020", demo_inbox), ("2021", tmp_path / "2021")):
            env = {**os.environ, "PREFECT_HOME": str(tmp_path / f"prefect-{period}"), "COLUMNS": "200"}
            env.pop("PREFECT_API_URL", None)
            log = tmp_path / f"run-{period}.log"
            runs.append((subprocess.Popen(
                [str(Path(sys.executable).parent / "giamngheo"), "run", "--period", period, "--inbox", str(inbox),
                 "--warehouse", str(database), "--out", str(tmp_path / "out")],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(log, "w")), log))
        for _, log in runs:
            _wait_for(lambda log=log: "chờ đến lượt" in log.read_text(), 300, f"{log.name} to wait for the warehouse")
    for process, log in runs:
        assert process.wait(timeout=300) == 0, log.read_text()[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.sql("select period, poor_households from marts.poverty_by_district order by period").fetchall() == [
            ("2020", 2342), ("2021", 2342)]
        assert con.sql("select count(*) from raw.workbooks").fetchall() == [(28,)]


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import warehouse.models
    from tests.conftest import run_library

    def stop_here(con, *args, **kwargs):
        print("in the transaction", flush=True)
        time.sleep(600)

    warehouse.models.build_models = stop_here  # the kill comes after the raw rows are written, before the commit
    run_library(Path(sys.argv[1]), Path(sys.argv[2]), period="2021")
""")


def test_a_run_killed_mid_load_leaves_the_warehouse_as_it_was(demo_copy, tmp_path):
    database = demo_copy
    _next_year(tmp_path / "2021")
    with duckdb.connect(str(database), read_only=True) as con:
        before = con.sql("select count(*) from raw.cells").fetchall() + con.sql("select count(*) from raw.workbooks").fetchall()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "2021"), str(database)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "in the transaction"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with duckdb.connect(str(database), read_only=True) as con:
        after = con.sql("select count(*) from raw.cells").fetchall() + con.sql("select count(*) from raw.workbooks").fetchall()
        assert after == before
        assert con.sql("select distinct period from marts.poverty_by_district").fetchall() == [("2020",)]
        assert con.sql("select count(*) from raw.runs").fetchall() == [(1,)]
    summary = run_library(tmp_path / "2021", database, period="2021")  # the killed run's lock died with it
    assert summary["counts"]["loaded"] == 14
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.sql("select period from marts.poverty_by_district order by 1").fetchall() == [("2020",), ("2021",)]
