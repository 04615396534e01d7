import os
import shutil
from pathlib import Path

import pytest

import flows
from giamngheo.demo import write_demo_inbox, write_synthetic_inbox
from pipeline.contracts import RunSettings
from pipeline.period import run_period

flows.setup()  # Prefect's server defaults, before any test module imports prefect

# The slow tier, which `make check` leaves out and `make test` runs: modules that print with LibreOffice, browse with
# Chromium, start Prefect's server or a worker, run the CLI or whole periods again and again (each run of the pipeline
# takes some seconds), or fuzz; and any test that rebuilds the warehouse with dbt itself. The fast tier reads, checks
# and publishes, and shares one demo warehouse.
SLOW_MODULES = {
    "test_concurrency", "test_corpus", "test_dask", "test_failures", "test_faults", "test_feedback", "test_flow",
    "test_formula_errors", "test_fuzz", "test_growing_templates", "test_hostile", "test_incremental", "test_official",
    "test_offline", "test_operations", "test_package", "test_print", "test_published", "test_readme", "test_reform",
    "test_portal_browser", "test_register_privacy", "test_registers", "test_server", "test_village_targets", "test_warehouse",
    "test_warnings",
}
SLOW_FIXTURES = {"dbt_built"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: the slow tier, left out by `make check` (tests/conftest.py)")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.stem in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _prefect_home(tmp_path_factory):
    # Each test session gets its own Prefect home, so no state leaks between runs or into ~/.prefect.
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect")))


@pytest.fixture(scope="session")
def demo_inbox(tmp_path_factory) -> Path:
    inbox = tmp_path_factory.mktemp("inbox")
    write_demo_inbox(inbox)
    return inbox


def run_library(inbox: Path, database: Path, period: str = "2020", thresholds: dict | None = None,
                out: Path | None = None, **options) -> dict:
    """A period through the library pipeline, without Prefect, as ``giamngheo run`` runs it."""
    out = out or Path(database).parent / "out"
    return run_period(RunSettings(period, Path(inbox), Path(database), out, Path(database).parent / "aliases.csv",
                                  thresholds, **options))


@pytest.fixture(scope="session")
def demo_warehouse(demo_inbox, tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    run_library(demo_inbox, database)
    return database


@pytest.fixture
def demo_copy(demo_warehouse, tmp_path) -> Path:
    """``tmp_path / "w.duckdb"``: a copy of the shared demo warehouse, free to change, for a test whose first run would
    be the demo's (a run takes some seconds; a copy, a fraction of one)."""
    database = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, database)
    return database


@pytest.fixture(scope="session")
def demo_two_periods(demo_inbox, tmp_path_factory) -> tuple[Path, dict]:
    """The demo as `giamngheo demo` runs it: 2020, then the made-up 2021 (marked synthetic); the warehouse and the
    2021 run's summary."""
    root = tmp_path_factory.mktemp("two-periods")
    database = root / "warehouse.duckdb"
    run_library(demo_inbox, database)
    write_synthetic_inbox(root / "2021")
    return database, run_library(root / "2021", database, period="2021", synthetic=True)
