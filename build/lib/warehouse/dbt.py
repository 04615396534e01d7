"""Run dbt itself on the project in ``sql/``: its tests, or its documentation site (the models, their columns and
the lineage graph). Runs build with ``warehouse.models`` instead, which needs no dbt start-up.

dbt opens the warehouse to write (``dbt build`` rebuilds every model, and DuckDB keeps a write-ahead log beside the
file it writes), so it never opens the published warehouse, which analysts read and runs replace whole: it works on
a copy of it in its own folder, made anew each time."""

import os
import shutil
from pathlib import Path

from warehouse.models import SQL_DIR
from warehouse.snapshot import wal_path


class DbtError(RuntimeError):
    pass


def scratch_copy(warehouse: Path, work_dir: Path) -> Path:
    """A copy of ``warehouse`` for dbt, ``<work_dir>/warehouse.duckdb``, replacing the one before."""
    if not Path(warehouse).exists():
        raise DbtError(f"chưa có kho {warehouse}; chạy một kỳ trước / no warehouse at {warehouse}; run a period first")
    copy = Path(work_dir).resolve() / "warehouse.duckdb"
    if copy == Path(warehouse).resolve():  # pointed at dbt's own copy: it is dbt's to write
        return copy
    copy.parent.mkdir(parents=True, exist_ok=True)
    wal_path(copy).unlink(missing_ok=True)
    shutil.copyfile(warehouse, copy)
    return copy


def run_dbt(arguments: list[str], warehouse: Path, work_dir: Path) -> Path:
    """``dbt <arguments>`` on a copy of ``warehouse`` (returned), its target and logs in ``work_dir``; DbtError if
    it fails."""
    copy = scratch_copy(warehouse, work_dir)
    from dbt.cli.main import dbtRunner  # dbt takes seconds to import

    os.environ["GIAMNGHEO_WAREHOUSE"] = str(copy)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    work_dir = Path(work_dir).resolve()
    result = dbtRunner().invoke([*arguments, "--project-dir", str(SQL_DIR), "--profiles-dir", str(SQL_DIR),
                                 "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")])
    if not result.success:
        raise DbtError(f"dbt {' '.join(arguments)} thất bại / failed: {result.exception or 'see ' + str(work_dir / 'logs')}")
    return copy


def write_docs(warehouse: Path, out: Path, work_dir: Path) -> Path:
    """The dbt documentation site as one self-contained page, ``out/index.html``; return its path."""
    run_dbt(["docs", "generate", "--static", "--quiet"], warehouse, work_dir)
    out.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(Path(work_dir) / "target" / "static_index.html", out / "index.html"))
