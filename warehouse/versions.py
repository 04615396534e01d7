"""A period's numbered publications, and the lock that keeps one as it was sent.

While a period is open each run republishes its current version. ``giamngheo lock`` freezes that version; a file
arriving then is read, validated and recorded as received after the lock, and nothing published changes. Once the
period is unlocked, its next publication is the next version, and every figure that differs from the version
before is in ``marts.publication_changes``.
"""

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from vocabulary.periods import area_level

# The marts whose figures a publication prints, by level; one figure per unit and measure (a measure two of them
# carry, such as total_households, is taken from the first)
FIGURE_MARTS = ("poverty", "ethnic_minority")
_KEYS = {"period", "standard_code", "unit_structure", "province_code", "province_name", "district_code",
         "district_name", "commune_code", "commune_name", "figures_source", "is_synthetic"}
# the marts that record the publications themselves: in the warehouse only (publish/parquet.py says why)
PUBLICATION_RECORD = ("publication_versions", "published_figures", "publication_changes")
_NUMBERS = ("DOUBLE", "BIGINT", "INTEGER", "HUGEINT", "DECIMAL", "FLOAT")


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Lock:
    """The lock a period is under: the version it froze, why, by whom and when."""

    period: str
    version: int
    reason: str
    locked_by: str
    locked_at: datetime


def lock_of(con: duckdb.DuckDBPyConnection, period: str) -> Lock | None:
    rows = con.execute("""select period, version, reason, locked_by, locked_at from raw.period_locks
                          where period = ? and unlocked_at is null order by locked_at desc limit 1""",
                       [period]).fetchall()
    return Lock(*rows[0]) if rows else None


def published_version(con: duckdb.DuckDBPyConnection, period: str) -> int | None:
    """The number of the period's latest publication, None before its first."""
    return con.execute("select max(version) from raw.publication_versions where period = ?", [period]).fetchall()[0][0]


def publishing_version(con: duckdb.DuckDBPyConnection, period: str) -> int:
    """The number the period's next publication gets: its latest one's, until that was locked (and since unlocked),
    then the next."""
    latest = published_version(con, period)
    if latest is None:
        return 1
    [(was_locked,)] = con.execute("select count(*) from raw.period_locks where period = ? and version = ?",
                                  [period, latest]).fetchall()
    return latest + 1 if was_locked else latest


def _figure_columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    schema, table = relation.split(".")
    return [name for name, kind in con.execute(
        "select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ? "
        "order by column_index", [schema, table]).fetchall()
        if name not in _KEYS and kind.startswith(_NUMBERS)]


def _unit_columns(level: str) -> str:
    """A unit's code, name, area and (a commune's) file, as ``raw.published_figures`` names them."""
    district = "f.district_code" if level == "commune" else "null"
    province = "f.province_code" if level in ("commune", "district") else "null"
    file = "s.file_id, s.file_name" if level == "commune" else "null as file_id, null as file_name"
    return (f"f.{level}_code as unit_code, f.{level}_name as unit_name, {district} as district_code, "
            f"{province} as province_code, {file}")


def record_figures(con: duckdb.DuckDBPyConnection, period: str, version: int) -> int:
    """Write every figure of ``period`` the marts hold now as those of publication ``version`` (replacing what a
    run before this one wrote for it); return how many."""
    levels = ["commune", "district", "province"] if area_level(period) == "district" else ["commune", "province"]
    con.execute("delete from raw.published_figures where period = ? and version = ?", [period, version])
    for level in levels:
        taken: set[str] = set()
        for family in FIGURE_MARTS:
            relation = f"marts.{family}_by_{level}"
            measures = [c for c in _figure_columns(con, relation) if c not in taken]
            taken.update(measures)
            # a commune's figures name the file they came from
            files = ("left join marts.current_submissions s on s.period = f.period and "
                     "s.unit_structure = f.unit_structure and s.commune_code = f.commune_code"
                     if level == "commune" else "")
            con.execute(f"""
                insert into raw.published_figures by name
                select $version as version, '{level}' as unit_level, *
                from (select f.period, {_unit_columns(level)}, {', '.join(f'f.{m}::double as {m}' for m in measures)}
                      from {relation} f {files} where f.period = $period)
                unpivot include nulls (value for measure in ({', '.join(measures)}))""",
                        {"period": period, "version": version})
    return con.execute("select count(*) from raw.published_figures where period = ? and version = ?",
                       [period, version]).fetchall()[0][0]


def record_version(con: duckdb.DuckDBPyConnection, period: str, run_id: str,
                   outputs: list[tuple[str, str]]) -> int:
    """Record that ``run_id`` published the period's current version, with the files its figures count and
    ``outputs`` (each published file's path relative to out/, and its SHA-256, empty for one taken down); return
    the version's number."""
    version = publishing_version(con, period)
    con.execute("""insert or replace into raw.publication_versions
                   select $period, $version, $run_id, $at,
                          coalesce((select list(file_id order by file_id) from marts.current_submissions
                                    where period = $period), []),
                          $outputs::struct(path varchar, sha256 varchar)[]""",
                {"period": period, "version": version, "run_id": run_id, "at": now(),
                 "outputs": [{"path": path, "sha256": digest} for path, digest in sorted(outputs) if digest]})
    return version


def outputs_of(con: duckdb.DuckDBPyConnection, period: str, version: int) -> dict[str, str]:
    """The published files of a version (path relative to out/ -> SHA-256)."""
    rows = con.execute("""select o.path, o.sha256 from (select unnest(outputs) as o from raw.publication_versions
                          where period = ? and version = ?)""", [period, version]).fetchall()
    return dict(rows)


class LockError(RuntimeError):
    """A period cannot be locked or unlocked as asked; the message says why."""


def lock(con: duckdb.DuckDBPyConnection, period: str, reason: str) -> Lock:
    """Lock ``period`` at its latest publication."""
    if found := lock_of(con, period):
        raise LockError(f"kỳ {period} đã khóa từ {found.locked_at:%d/%m/%Y %H:%M} (lần {found.version}: "
                        f"{found.reason}) / period {period} is locked already")
    version = published_version(con, period)
    if version is None or not outputs_of(con, period, version):
        raise LockError(f"kỳ {period} chưa xuất bản tài liệu nào: chạy kỳ trước khi khóa / period {period} has "
                        "published no document yet: run it before locking it")
    made = Lock(period, version, reason, getpass.getuser(), now())
    con.execute("insert into raw.period_locks (period, version, reason, locked_by, locked_at) values (?, ?, ?, ?, ?)",
                [made.period, made.version, made.reason, made.locked_by, made.locked_at])
    return made


def unlock(con: duckdb.DuckDBPyConnection, period: str, reason: str) -> Lock:
    """Open ``period`` again; return the lock lifted."""
    found = lock_of(con, period)
    if found is None:
        raise LockError(f"kỳ {period} không bị khóa / period {period} is not locked")
    con.execute("""update raw.period_locks set unlock_reason = ?, unlocked_by = ?, unlocked_at = ?
                   where period = ? and locked_at = ?""", [reason, getpass.getuser(), now(), period, found.locked_at])
    return found


def record_received(con: duckdb.DuckDBPyConnection, found: Lock, run_id: str, files: list[dict]) -> None:
    """Keep ``files`` (source_path, file_id, file_name, commune_code, status, errors) as received after ``found``,
    but those the period's publication already holds (a run reading every file again, ``--full``): a file already
    kept keeps the time it was first seen."""
    held = {(path, file_id) for path, file_id in con.execute(
        "select source_path, file_id from raw.submissions where period = ? and present", [found.period]).fetchall()}
    for file in files:
        if (file["source_path"], file["file_id"]) in held:
            continue
        con.execute("""insert into raw.received_after_lock by name
                       select $period as period, $locked_at as locked_at, $source_path as source_path,
                              $file_id as file_id, $file_name as file_name, $commune_code as commune_code,
                              $status as status, $errors as errors, $at as first_seen_at, $run_id as last_run_id
                       on conflict do update set last_run_id = excluded.last_run_id, status = excluded.status,
                                                 errors = excluded.errors, commune_code = excluded.commune_code""",
                    {**file, "period": found.period, "locked_at": found.locked_at, "at": now(), "run_id": run_id})


def received_after(con: duckdb.DuckDBPyConnection, found: Lock, run_id: str) -> list[dict]:
    """The files received after ``found`` that run ``run_id`` found in the inbox."""
    return con.sql("""select source_path, file_id, file_name, commune_code, status, errors, first_seen_at
                      from raw.received_after_lock
                      where period = $period and locked_at = $locked_at and last_run_id = $run_id
                      order by source_path""",
                   params={"period": found.period, "locked_at": found.locked_at, "run_id": run_id}).pl().to_dicts()
