"""Two files, so analysts never block a run and a run never shows them half a period: runs write to a working copy
(``warehouse.work.duckdb``), and when a run publishes, the working copy is copied and swapped in atomically as
``warehouse.duckdb``, the file analysts open read-only. A connection open on the old file keeps reading it until it
reconnects; nobody ever sees a half-written one.

Either file is only ever replaced whole (written beside it, then renamed over it), so a process killed while copying
leaves the old file. A working copy that still cannot be opened (a disk that failed, a file truncated by hand) is
set aside and started again from the published warehouse."""

import os
import shutil
import time
from datetime import datetime
from pathlib import Path

import duckdb

from vocabulary.failpoints import failpoint
from warehouse.connection import connect


def work_path(published: Path) -> Path:
    """The working copy beside the published warehouse: data/warehouse.duckdb → data/warehouse.work.duckdb."""
    published = Path(published)
    return published.with_name(f"{published.stem}.work{published.suffix}")


def wal_path(database: Path) -> Path:
    return Path(f"{database}.wal")


def _copy_whole(source: Path, target: Path) -> None:
    """``target`` becomes a copy of ``source`` in one rename: a reader or a crash sees the old file or the new."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        shutil.copyfile(source, partial)
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


# DuckDB's words when another process holds the file: that is no damage, and passes
_LOCKED = "Could not set lock"
LOCK_WAIT_SECONDS = 30


def _opens(database: Path) -> str | None:
    """Why the working copy cannot be opened and brought to this version's layout, or None when it can. A process
    that still holds it (the checks of a run that was killed, ending) is waited for."""
    waited = 0.0
    while True:
        try:
            connect(database).close()
            return None
        except duckdb.Error as error:
            if _LOCKED not in str(error) or waited >= LOCK_WAIT_SECONDS:
                if _LOCKED in str(error):
                    raise
                return str(error).splitlines()[0]
        time.sleep(0.5)
        waited += 0.5


def working_copy(published: Path, notices: list[str] | None = None) -> Path:
    """The working copy, opened once to bring its layout up to date. Started from the published warehouse when
    there is none yet (deleted by hand) or when it is damaged (then set aside as ``…work.duckdb.damaged-<time>``
    and said in ``notices``). With no published warehouse, a run starts from nothing: a working copy left without
    one is from a warehouse deleted by hand to start again, or from a first run whose checks failed, and re-reading
    is right for both."""
    published = Path(published)
    work = work_path(published)
    if not published.exists():
        work.unlink(missing_ok=True)
        wal_path(work).unlink(missing_ok=True)
    elif not work.exists():
        _copy_whole(published, work)
    if work.exists() and (why := _opens(work)):
        damaged = work.with_name(f"{work.name}.damaged-{datetime.now():%Y%m%dT%H%M%S}")
        os.replace(work, damaged)
        if wal_path(work).exists():
            os.replace(wal_path(work), wal_path(damaged))
        if published.exists():
            _copy_whole(published, work)
        if notices is not None:
            notices.append(
                f"Bản làm việc của kho không mở được ({why}); đã để riêng thành {damaged.name} và dựng lại từ kho đã "
                "xuất bản: các tệp mới từ lần xuất bản cuối được đọc lại; việc rút tệp sau lần xuất bản đó cần làm "
                f"lại / the working copy of the warehouse could not be opened ({why}); it was set aside as "
                f"{damaged.name} and started again from the published warehouse: files new since the last "
                "publication are read again; withdrawals made since then must be made again")
    return work


def publish_snapshot(published: Path) -> Path:
    """Swap the working copy in as the published warehouse (the caller has closed every connection to it). A
    write-ahead log beside the published file is no giamngheo's (the published file is only read): DuckDB would
    replay it into the new file and refuse to open it, so it goes first."""
    published = Path(published)
    failpoint("snapshot")
    wal_path(published).unlink(missing_ok=True)
    _copy_whole(work_path(published), published)
    return published
