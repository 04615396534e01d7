"""Putting a run's publication in place as one switch that a crash cannot leave half-done.

A run writes everything it publishes aside first (``out/.unreleased-<period>-<pid>-…``). Once the checks pass, the
release is written down (a journal beside the warehouse, ``warehouse.duckdb.release.json``, replaced whole), and only
then carried out: each file moved into place, the areas left without figures taken down, the Data Docs folder
swapped, the working copy swapped in as the analysts' warehouse, the journal removed. Every step can be done again
without harm, so whichever process next holds the warehouse (the next run, a withdrawal) first completes a journal it
finds: the published files, Parquet and the analysts' warehouse are then all of the run that wrote it. A run killed
before its journal leaves the previous publication untouched, and its folder aside is removed by the next.
"""

import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vocabulary.failpoints import failpoint
from warehouse.connection import exclusive
from warehouse.snapshot import publish_snapshot

ASIDE_PREFIX = ".unreleased-"
_ASIDE = re.compile(rf"^{re.escape(ASIDE_PREFIX)}.*-(\d+)-[^-]+$")


@dataclass
class Release:
    """What a run publishes, as paths relative to ``aside`` (what it wrote) and ``out`` (where it goes)."""

    run_id: str
    warehouse: str  # the analysts' warehouse, swapped for a copy of its working copy
    aside: str
    out: str
    files: list[str] = field(default_factory=list)  # moved from aside to out, each replacing what was there
    folders: list[str] = field(default_factory=list)  # swapped whole (the Data Docs)
    removed: list[str] = field(default_factory=list)  # taken down from out (an area without figures now)


def journal_path(warehouse: Path) -> Path:
    return Path(f"{warehouse}.release.json")


def new_aside(out: Path, period: str) -> Path:
    """A fresh folder of ``out`` to write a publication aside in; its name carries this process's id, so that a
    later run can tell a folder left by a run that died from one in use."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{ASIDE_PREFIX}{period}-{os.getpid()}-", dir=out))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_asides(out: Path, keep: str | None = None) -> list[Path]:
    """Delete the folders aside that runs which died left in ``out`` (never one a live process is writing, nor the
    one a pending release still needs); return them."""
    removed = []
    for folder in Path(out).glob(f"{ASIDE_PREFIX}*") if Path(out).is_dir() else []:
        match = _ASIDE.match(folder.name)
        if str(folder) == keep or (match and _alive(int(match[1])) and int(match[1]) != os.getpid()):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _write_whole(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def begin(release: Release) -> None:
    """Write the release down: from here on, it will be carried out, by this run or the next."""
    _write_whole(journal_path(Path(release.warehouse)), json.dumps(asdict(release), ensure_ascii=False))
    failpoint("release.journal")


def _swap_folder(source: Path, target: Path) -> None:
    """``target`` becomes the folder ``source`` (the old one deleted); done again, it finds ``source`` gone."""
    if not source.exists():
        return
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    shutil.rmtree(old, ignore_errors=True)


def carry_out(release: Release) -> None:
    """Every step of the release, each one that is already done doing nothing; then the journal goes."""
    aside, out = Path(release.aside or release.out), Path(release.out)
    for relative in release.files:
        failpoint("release.move")
        source, target = aside / relative, out / relative
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    for relative in release.folders:
        failpoint("release.folder")
        _swap_folder(aside / relative, out / relative)
    for relative in release.removed:
        target = out / relative
        shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
    publish_snapshot(Path(release.warehouse))
    failpoint("release.done")
    if release.aside:
        shutil.rmtree(aside, ignore_errors=True)
    journal_path(Path(release.warehouse)).unlink(missing_ok=True)


def pending(warehouse: Path) -> Release | None:
    path = journal_path(warehouse)
    if not path.exists():
        return None
    return Release(**json.loads(path.read_text(encoding="utf-8")))


def complete_pending(warehouse: Path, out: Path | None = None) -> Release | None:
    """Carry out the release a run that died left written down, and delete the folders aside runs that died left
    in ``out`` (and in the release's own); return the release completed, if any. The caller holds the warehouse."""
    found = pending(warehouse)
    if found:
        carry_out(found)
    for folder in {str(out) if out else None, found.out if found else None} - {None}:
        assert folder is not None  # taken out of the set
        remove_stale_asides(Path(folder))
    return found


@contextmanager
def holding(warehouse: Path, out: Path | None, notices: list[str], on_wait=None):
    """The warehouse held for this process alone (``exclusive``), after completing the release a run that died
    left written down (``pipeline/release.py``) and deleting the folders aside of runs that died."""
    with exclusive(warehouse, on_wait=on_wait):
        completed = complete_pending(warehouse, out)
        if completed:
            notices.append(f"Lần chạy {completed.run_id} dừng giữa lúc xuất bản; đã hoàn tất việc xuất bản đó trước / "
                           f"run {completed.run_id} stopped while publishing; its publication was completed first")
        yield
