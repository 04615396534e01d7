"""Two files, so analysts never block a run and a run never shows them half a period: runs write to a working copy
(``warehouse.work.duckdb``), and when a run's checks pass the working copy is copied and swapped in atomically as
``warehouse.duckdb``, the file analysts open read-only. A connection open on the old file keeps reading it until it
reconnects; nobody ever sees a half-written one."""

import os
import shutil
from pathlib import Path


def work_path(published: Path) -> Path:
    """The working copy beside the published warehouse: data/warehouse.duckdb → data/warehouse.work.duckdb."""
    published = Path(published)
    return published.with_name(f"{published.stem}.work{published.suffix}")


def working_copy(published: Path) -> Path:
    """The working copy, started from the published warehouse when there is none yet (a working copy deleted by
    hand). With no published warehouse, a run starts from nothing: a working copy left without one is from a
    warehouse deleted by hand to start again, or from a first run whose checks failed, and re-reading is right for
    both."""
    work = work_path(published)
    if not Path(published).exists():
        work.unlink(missing_ok=True)
        Path(f"{work}.wal").unlink(missing_ok=True)
    elif not work.exists():
        shutil.copyfile(published, work)
    return work


def publish_snapshot(published: Path) -> Path:
    """Swap the working copy in as the published warehouse (the caller has closed every connection to it)."""
    published = Path(published)
    partial = published.with_name(f".{published.name}.{os.getpid()}.partial")
    try:
        shutil.copyfile(work_path(published), partial)
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(partial, published)
    finally:
        partial.unlink(missing_ok=True)
    return published
