import os
from datetime import datetime
from pathlib import Path

import pytest

import flows  # noqa: F401  (first: it sets Prefect's server defaults before any test module imports prefect)
from checks.validate import validate
from checks.warnings import Thresholds
from giamngheo.demo import write_demo_inbox
from transforms.extract import read_submission
from transforms.frames import cells_frame, submissions_frame
from warehouse.connection import connect
from warehouse.load import load_run


@pytest.fixture(autouse=True, scope="session")
def _prefect_home(tmp_path_factory):
    # Each test session gets its own Prefect home, so no state leaks between runs or into ~/.prefect.
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect")))


@pytest.fixture(scope="session")
def demo_inbox(tmp_path_factory) -> Path:
    inbox = tmp_path_factory.mktemp("inbox")
    write_demo_inbox(inbox)
    return inbox


def load_directly(inbox: Path, database: Path, period: str = "2020", run_id: str = "test-run",
                  thresholds: Thresholds = Thresholds()) -> dict:
    """Read, validate and load a directory without Prefect: the stages the flow composes."""
    extracted = [read_submission(path) for path in sorted(Path(inbox).iterdir()) if path.is_file()]
    cells, submissions = cells_frame(extracted), submissions_frame(extracted, period)
    errors = validate(extracted, submissions, cells, period)
    con = connect(database)
    try:
        return load_run(con, run_id, period, str(inbox), submissions, cells, errors, datetime.now(), thresholds)
    finally:
        con.close()


@pytest.fixture(scope="session")
def demo_warehouse(demo_inbox, tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    load_directly(demo_inbox, database)
    return database
