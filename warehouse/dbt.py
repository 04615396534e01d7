"""Run dbt itself on the project in ``sql/`` against a warehouse: its tests, or its documentation site (the models,
their columns and the lineage graph). Runs build with ``warehouse.models`` instead, which needs no dbt start-up."""

import os
import shutil
from pathlib import Path

from warehouse.models import SQL_DIR


class DbtError(RuntimeError):
    pass


def run_dbt(arguments: list[str], warehouse: Path, work_dir: Path) -> None:
    """``dbt <arguments>`` on ``warehouse``, its target and logs in ``work_dir``; DbtError if it fails."""
    from dbt.cli.main import dbtRunner  # dbt takes seconds to import

    os.environ["GIAMNGHEO_WAREHOUSE"] = str(Path(warehouse).resolve())
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    work_dir = Path(work_dir).resolve()
    result = dbtRunner().invoke([*arguments, "--project-dir", str(SQL_DIR), "--profiles-dir", str(SQL_DIR),
                                 "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")])
    if not result.success:
        raise DbtError(f"dbt {' '.join(arguments)} thất bại / failed: {result.exception or 'see ' + str(work_dir / 'logs')}")


def write_docs(warehouse: Path, out: Path, work_dir: Path) -> Path:
    """The dbt documentation site as one self-contained page, ``out/index.html``; return its path."""
    run_dbt(["docs", "generate", "--static", "--quiet"], warehouse, work_dir)
    out.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(Path(work_dir) / "target" / "static_index.html", out / "index.html"))
