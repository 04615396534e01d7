"""What was sent stays what was sent: ``giamngheo lock`` and ``unlock``, the numbered versions of a period's
publication, and what changed from one to the next (``warehouse/versions.py`` keeps their records).

A lock keeps a copy of the version it freezes, as published, in ``out/<period>/v<N>/``: the documents, and the
Parquet under ``parquet/``. Those folders are written once and never again.
"""

import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import polars as pl

from checks.validated import Validated
from pipeline.release import holding
from transforms.read import sha256_of
from warehouse import versions
from warehouse.connection import connect, transaction
from warehouse.snapshot import publish_snapshot, work_path, working_copy
from warehouse.versions import Lock, LockError

__all__ = ["Lock", "LockError", "Publication", "changes", "keep_received", "lock_of", "lock_period",
           "record_figures", "standing", "unlock_period", "version_folder", "waiting_for_unlock"]


def version_folder(out: Path, period: str, version: int) -> Path:
    return Path(out) / period / f"v{version}"


def lock_of(database: Path, period: str) -> Lock | None:
    with connect(database, read_only=True) as con:
        return versions.lock_of(con, period)


@dataclass(frozen=True)
class Publication:
    """Where a period's publication stands: its latest version's number (None before the first) and the lock it is
    under, if any."""

    version: int | None
    lock: Lock | None

    def lock_dict(self) -> dict | None:
        if self.lock is None:
            return None
        return {**asdict(self.lock), "locked_at": self.lock.locked_at.isoformat(timespec="seconds")}


def standing(database: Path, period: str) -> Publication:
    with connect(database, read_only=True) as con:
        return Publication(versions.published_version(con, period), versions.lock_of(con, period))


def keep_received(database: Path, found: Lock, run_id: str, batch: Validated) -> list[dict]:
    """Record the files a run of a locked period read as received after its lock: what a run would have made of
    each (loaded, quarantined, needs_review) and how many errors it has; return them as recorded."""
    from warehouse.load import workbook_status

    errors = batch.errors.group_by("file_id").len("errors")
    files = (batch.submissions.join(workbook_status(batch.errors), on="file_id", how="left")
             .join(errors, on="file_id", how="left")
             .select("source_path", "file_id", "file_name",
                     pl.coalesce("resolved_commune_code", "attributed_commune_code").alias("commune_code"),
                     pl.col("status").fill_null("loaded"), pl.col("errors").fill_null(0)))
    with connect(database) as con, transaction(con):
        versions.record_received(con, found, run_id, files.to_dicts())
        return versions.received_after(con, found, run_id)


def waiting_for_unlock(warehouse: Path) -> set[str]:
    """The contents (SHA-256) runs kept as received after a lock that still holds: the working copy records them,
    and the caller holds the warehouse."""
    work = work_path(warehouse)
    if not work.exists():
        return set()
    with connect(work, read_only=True) as con:
        try:
            return {file_id for (file_id,) in con.execute(
                """select r.file_id from raw.received_after_lock r join raw.period_locks l using (period, locked_at)
                   where l.unlocked_at is null""").fetchall()}
        except duckdb.CatalogException:  # a warehouse of a layout before locks
            return set()


def record_figures(database: Path, period: str) -> tuple[int, bool]:
    """Record the period's figures as those of the version about to be published; return its number and whether
    it is a new one (its first publication: every area is written again, to carry its number)."""
    with connect(database) as con, transaction(con):
        version = versions.publishing_version(con, period)
        versions.record_figures(con, period, version)
        return version, version != versions.published_version(con, period)


def _archive(out: Path, period: str, version: int, outputs: dict[str, str]) -> Path:
    """Copy the files of ``version`` into ``out/<period>/v<version>/`` (once: a folder there is kept as it is),
    checking each against the SHA-256 its publication recorded."""
    target = version_folder(out, period, version)
    if target.exists():
        return target
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    for relative, digest in outputs.items():
        source = Path(out) / relative
        inside = Path(relative).relative_to(period) if Path(relative).parts[0] == period else Path(relative)
        if not source.exists() or sha256_of(source) != digest:
            shutil.rmtree(partial, ignore_errors=True)
            raise LockError(f"tệp đã xuất bản {source} không còn như lần {version} đã ghi; chạy lại kỳ trước khi khóa "
                            f"/ the published file {source} is not as version {version} recorded it: run the period "
                            "again before locking it")
        (partial / inside).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, partial / inside)
    os.replace(partial, target)
    return target


def _held(warehouse: Path, out: Path, notices: list[str]):
    if not Path(warehouse).exists():
        raise LockError(f"chưa có kho {warehouse} / there is no warehouse at {warehouse}")
    return holding(warehouse, out, notices)


def lock_period(warehouse: Path, out: Path, period: str, reason: str, notices: list[str]) -> tuple[Lock, Path]:
    """Lock ``period`` at its latest publication, which must hold every change so far; keep a copy of that
    version's files; return the lock and the copy's folder."""
    from pipeline.stages import published_as_is

    with _held(warehouse, out, notices):
        work = working_copy(warehouse, notices)
        if not published_as_is(work, period):
            raise LockError(f"kỳ {period} có thay đổi chưa xuất bản (tệp mới, rút tệp, lần chạy chưa qua kiểm tra): "
                            f"chạy kỳ trước khi khóa / period {period} has changes not yet published: run it before "
                            "locking it")
        with connect(work) as con, transaction(con):
            made = versions.lock(con, period, reason)
            kept = _archive(out, period, made.version, versions.outputs_of(con, period, made.version))
        publish_snapshot(warehouse)
    return made, kept


def unlock_period(warehouse: Path, out: Path, period: str, reason: str, notices: list[str]) -> Lock:
    """Open ``period`` again: its next run reads what arrived meanwhile and publishes the next version."""
    with _held(warehouse, out, notices):
        with connect(working_copy(warehouse, notices)) as con, transaction(con):
            lifted = versions.unlock(con, period, reason)
        publish_snapshot(warehouse)
    return lifted


def changes(warehouse: Path, period: str, before: int | None = None, after: int | None = None) -> tuple[int, int,
                                                                                                         list[dict]]:
    """Every published figure that differs between version ``before`` and ``after`` of ``period`` (default: the
    last two), from the analysts' warehouse: (before, after, the rows of ``marts.publication_changes``)."""
    with connect(warehouse, read_only=True) as con:
        latest = versions.published_version(con, period)
        if latest is None:
            raise LockError(f"kỳ {period} chưa xuất bản lần nào / period {period} was never published")
        after = after or latest
        before = before or after - 1
        if not 1 <= before < after <= latest:
            raise LockError(f"kỳ {period} có các lần 1 đến {latest}: so sánh hai lần trong đó, lần trước nhỏ hơn / "
                            f"period {period} has versions 1 to {latest}: compare two of them, the earlier first")
        rows = con.sql("""select * from marts.publication_changes
                          where period = ? and from_version = ? and to_version = ?
                          order by unit_level <> 'commune', unit_code, measure""",
                       params=[period, before, after]).pl().to_dicts()
    return before, after, rows
