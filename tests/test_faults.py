"""A run killed at every stage boundary (SIGKILL, as a power cut or the OOM killer would), then run again: what is
published — the workbooks, the HTML reports, the Parquet copies and the analysts' warehouse — is always all of one
run, and equals what a run that was never killed publishes.

The period starts published with one commune's file refused (Ia Mlăh's, with two mistakes); its corrected file then
arrives, and the run that reads it is the one killed (``vocabulary/failpoints.py`` names the points).
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from giamngheo.demo import write_demo_inbox
from tests.helpers import mart_rows
from vocabulary.text import vn_number

GIAMNGHEO = Path(sys.executable).parent / "giamngheo"
RUN = ["run", "--period", "2020", "--inbox", "inbox", "--warehouse", "data/warehouse.duckdb", "--out", "out",
       "--received-on", "2020-10-15"]
CORRECTED = "24091-xa-ia-mlah-2020.xlsx"
# before the release is written down: a kill there leaves the previous publication as it was
BEFORE_THE_RELEASE = ["read", "load.raw", "load.models", "loaded", "checking", "aside.written", "checked"]
# after: the next run completes the release first
# the release moves the workbook, the report and a Parquet file a mart (32 files), then swaps the Data Docs folder
DURING_THE_RELEASE = ["release.journal", "release.recorded", "release.move:1", "release.move:2", "release.move:3",
                      "release.move:17", "release.move:32", "release.folder", "snapshot", "release.done"]


def giamngheo(folder: Path, *arguments: str, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIAMNGHEO_KILL_AT": kill_at} if kill_at else dict(os.environ)
    env.pop("GIAMNGHEO_KILL_AT", None) if not kill_at else None
    return subprocess.run([str(GIAMNGHEO), *arguments], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def published_provisionally(tmp_path_factory) -> Path:
    """The period published with Ia Mlăh's file refused, its corrected file waiting beside, and what a run that is
    never killed publishes from it (``reference``)."""
    root = tmp_path_factory.mktemp("faults")
    before = root / "before"
    write_demo_inbox(before / "inbox", mistakes=True)
    assert giamngheo(before, *RUN).returncode == 0
    write_demo_inbox(root / "corrected")
    reference = root / "reference"
    shutil.copytree(before, reference)
    shutil.copy2(root / "corrected" / CORRECTED, reference / "inbox" / CORRECTED)
    assert giamngheo(reference, *RUN).returncode == 0
    return root


def _state(root: Path, folder: Path) -> Path:
    shutil.copytree(root / "before", folder)
    shutil.copy2(root / "corrected" / CORRECTED, folder / "inbox" / CORRECTED)
    return folder


def _published_bytes(folder: Path) -> dict[str, str]:
    """What readers see: the files of ``out`` (but a run's folder aside, and the files returned to communes) and the
    analysts' warehouse, by their SHA-256."""
    out = folder / "out"
    files = [path for path in out.rglob("*") if path.is_file()
             and not path.relative_to(out).parts[0].startswith(".unreleased-") and "quarantine" not in path.parts]
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in [*files, folder / "data" / "warehouse.duckdb"]}


def assert_published_is_one_run(folder: Path) -> None:
    """Everything published equals the analysts' warehouse: each Parquet file its mart's rows of the period, the
    workbook's and the report's total its district's row; and nothing of a run is left aside."""
    warehouse = folder / "data" / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for (mart,) in con.sql("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall():
            parquet = folder / "out" / "parquet" / mart / "period=2020" / f"{mart}.parquet"
            differing = con.sql(f"""select count(*) from (
                                        (select * from read_parquet('{parquet}')
                                         except all select * from marts.{mart} where period = '2020')
                                        union all
                                        (select * from marts.{mart} where period = '2020'
                                         except all select * from read_parquet('{parquet}')))""").fetchall()[0][0]
            assert differing == 0, f"{parquet} differs from marts.{mart}"
        [(poor, rate, communes)] = con.sql("""select poor_households, poverty_rate_pct, communes
                                              from marts.plan_vs_result_by_district where period = '2020'""").fetchall()
    sheet = CalamineWorkbook.from_path(str(folder / "out" / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx")) \
        .get_sheet_by_name("Phụ lục 1").to_python()
    [total] = [row for row in sheet if str(row[1]).startswith("Toàn huyện")]
    assert (total[2], total[3]) == (poor, round(rate, 2))
    # communes with figures (a commune not counted has its row, with its status and no figures)
    assert sum(1 for row in sheet if isinstance(row[0], float) and isinstance(row[2], float)) == communes
    report = (folder / "out" / "2020" / "bao-cao-huyen-krong-pa-2020.html").read_text(encoding="utf-8")
    total_row = report[report.index('<tr class="total">'):].split("</tr>")[0]
    assert vn_number(poor) in total_row and vn_number(rate, 2) in total_row
    assert not list((folder / "out").glob(".unreleased-*"))
    assert not (folder / "data" / "warehouse.duckdb.release.json").exists()


@pytest.mark.parametrize("point", BEFORE_THE_RELEASE + DURING_THE_RELEASE)
def test_a_run_killed_at_any_point_leaves_one_publication_after_the_next(published_provisionally, tmp_path, point):
    folder = _state(published_provisionally, tmp_path / "state")
    before = _published_bytes(folder)
    killed = giamngheo(folder, *RUN, kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    if point in BEFORE_THE_RELEASE:  # untouched: the previous publication, byte for byte
        assert _published_bytes(folder) == before
    again = giamngheo(folder, *RUN, "--json")
    assert again.returncode == 0, again.stdout + again.stderr
    assert_published_is_one_run(folder)
    reference = published_provisionally / "reference" / "data" / "warehouse.duckdb"
    assert mart_rows(folder / "data" / "warehouse.duckdb") == mart_rows(reference)
    if point in DURING_THE_RELEASE:
        assert "its publication was completed first" in again.stdout


def test_the_reference_publication_is_itself_one_run(published_provisionally):
    assert_published_is_one_run(published_provisionally / "reference")
    assert_published_is_one_run(published_provisionally / "before")


def test_a_working_copy_cut_short_is_set_aside_and_started_again_from_the_published_warehouse(
        published_provisionally, tmp_path):
    """The red team's case: a half-written working copy gave a traceback, and the period could not run."""
    folder = _state(published_provisionally, tmp_path / "state")
    work = folder / "data" / "warehouse.work.duckdb"
    with open(work, "r+b") as cut:
        cut.truncate(work.stat().st_size // 2)
    again = giamngheo(folder, *RUN, "--json")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "could not be opened" in again.stdout and "started again from the published warehouse" in again.stdout
    assert len(list((folder / "data").glob("warehouse.work.duckdb.damaged-*"))) == 1
    assert_published_is_one_run(folder)
    reference = published_provisionally / "reference" / "data" / "warehouse.duckdb"
    assert mart_rows(folder / "data" / "warehouse.duckdb") == mart_rows(reference)
