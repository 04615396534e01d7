"""Write a run into the raw layer: the content of its workbooks (declared information and figures), the files of
its inbox with what became of each, their errors, and the period's due date and thresholds.

Content is keyed by the SHA-256 of its bytes: re-running a period replaces what the same files loaded before
instead of adding to it, and when the warehouse first saw a content is when it was received, whatever the file's
modified time says. A file is its path and its content: the same path with other bytes is a new version.
"""

from datetime import date, datetime, timezone

import duckdb
import polars as pl

from vocabulary.periods import default_due_date

CONTENT_COLUMNS = (
    "file_id", "size_bytes", "text_encoding", "hidden_sheets", "province_name", "province_name_cell", "district_name",
    "district_name_cell", "commune_name", "commune_name_cell", "commune_code", "commune_code_cell", "period",
    "period_cell", "standard", "standard_cell", "preparer", "preparer_cell", "prepared_on", "prepared_on_cell",
)
SUBMISSION_COLUMNS = (
    "source_path", "file_id", "file_name", "modified_at", "copy_of", "resolved_commune_code", "resolved_structure",
    "resolution_method", "attributed_commune_code",
)


# Which commune a file is, when nothing else is wrong with it, is for a district officer to settle.
REVIEW_RULES = ("commune_review", "commune_conflict")


def workbook_status(errors: pl.DataFrame) -> pl.DataFrame:
    """file_id -> needs_review when its only problem is which commune it is, else quarantined (files with errors only)."""
    return errors.group_by("file_id").agg(
        pl.when(pl.col("rule").is_in(REVIEW_RULES).all()).then(pl.lit("needs_review"))
        .otherwise(pl.lit("quarantined")).first().alias("status"))


def load_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    period: str,
    inbox: str,
    submissions: pl.DataFrame,
    cells: pl.DataFrame,
    errors: pl.DataFrame,
    started_at: datetime,
    thresholds: dict[str, float],
    due_date: date | None = None,
    received_on: datetime | None = None,
) -> dict[str, int]:
    """Write the run's raw rows (the caller holds the transaction); return how many files had each status.

    ``received_on``: when the files whose content this run is the first to see were received, for files that
    arrived before giamngheo read them (default: now)."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    status = workbook_status(errors)
    files = submissions.join(status, on="file_id", how="left").with_columns(pl.col("status").fill_null("loaded"))
    contents = files.filter(pl.col("copy_of").is_null()).select(CONTENT_COLUMNS)
    inbox_files = files.select(*SUBMISSION_COLUMNS, "status").with_columns(pl.lit(period).alias("period"))
    cells = cells.with_columns(pl.lit(now).alias("loaded_at"))
    errors = errors.with_columns(pl.lit(run_id).alias("run_id"), pl.lit(period).alias("period"))
    used = pl.DataFrame({"period": period, "rule": list(thresholds),
                         "threshold": [float(v) for v in thresholds.values()]})
    con.execute(
        """insert into raw.workbooks by name
           select *, ? as first_seen_at, ? as received_at, ? as first_run_id from contents
           on conflict (file_id) do nothing""", [now, received_on or now, run_id])
    con.execute("update raw.submissions set present = false where period = ?", [period])
    con.execute(
        """insert into raw.submissions by name
           select *, true as present, ? as first_run_id, ? as last_run_id, ? as last_seen_at from inbox_files
           on conflict (period, source_path, file_id) do update set
               file_name = excluded.file_name, modified_at = excluded.modified_at, copy_of = excluded.copy_of,
               resolved_commune_code = excluded.resolved_commune_code,
               resolved_structure = excluded.resolved_structure, resolution_method = excluded.resolution_method,
               attributed_commune_code = excluded.attributed_commune_code, status = excluded.status, present = true,
               last_run_id = excluded.last_run_id, last_seen_at = excluded.last_seen_at""", [run_id, run_id, now])
    con.execute("delete from raw.cells where file_id in (select file_id from contents)")
    con.execute("insert into raw.cells by name select * from cells")
    con.execute("delete from raw.validation_errors where period = ? and file_id in (select file_id from contents)",
                [period])
    con.execute("insert into raw.validation_errors by name select * from errors")
    counts = dict(files.group_by("status").len().iter_rows())
    con.execute(
        "insert or replace into raw.runs values (?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, period, inbox, started_at, now, files.height, counts.get("loaded", 0),
         counts.get("quarantined", 0) + counts.get("needs_review", 0)],
    )
    con.execute("insert or replace into raw.due_dates values (?, ?)", [period, due_date or default_due_date(period)])
    con.execute("delete from raw.run_thresholds where period = ?", [period])
    con.execute("insert into raw.run_thresholds by name select * from used")
    return {state: counts.get(state, 0) for state in ("loaded", "quarantined", "needs_review")}


def withdraw(con: duckdb.DuckDBPyConnection, period: str, file_ids: list[str], reason: str, by: str,
             restore: bool = False) -> int:
    """Take submissions out of the period's figures (or put them back); return how many changed."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    if restore:
        restored = con.execute(
            """update raw.withdrawals set restored_at = ? where period = ? and restored_at is null
               and list_contains(?, file_id) returning file_id""", [now, period, file_ids]).fetchall()
        return len(restored)
    active = {f for (f,) in con.execute("select file_id from raw.withdrawals where period = ? and restored_at is null",
                                        [period]).fetchall()}
    new = [f for f in file_ids if f not in active]
    for file_id in new:
        con.execute("""insert into raw.withdrawals
                       select ?, ?, (select max(resolved_commune_code) from raw.submissions
                                     where period = ? and file_id = ?), ?, ?, ?, null""",
                    [period, file_id, period, file_id, reason, by, now])
    return len(new)
