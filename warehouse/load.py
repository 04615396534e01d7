"""Write a run into the raw layer: its workbooks, their figures and errors, the period's due date and thresholds.

Workbooks are keyed by the SHA-256 of their bytes, so re-running a period replaces what the same files loaded
before instead of adding to it, and a resubmitted file (other bytes) is kept beside the earlier version.
"""

from datetime import date, datetime, timezone

import duckdb
import polars as pl

from vocabulary.periods import default_due_date


def workbook_status(errors: pl.DataFrame) -> pl.DataFrame:
    """file_id -> needs_review when its only problem is which commune it is, else quarantined (files with errors only)."""
    return errors.group_by("file_id").agg(
        pl.when((pl.col("rule") == "commune_review").all()).then(pl.lit("needs_review"))
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
) -> dict[str, int]:
    """Write the run's raw rows (the caller holds the transaction); return how many workbooks had each status."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    status = workbook_status(errors)
    workbooks = submissions.join(status, on="file_id", how="left").with_columns(
        pl.col("status").fill_null("loaded"),
        pl.lit(run_id).alias("run_id"),
        pl.lit(now).alias("loaded_at"),
    ).drop("resolution_rule", "resolution_detail", "resolution_score")
    cells = cells.with_columns(pl.lit(now).alias("loaded_at"))
    errors = errors.with_columns(pl.lit(run_id).alias("run_id"))
    used = pl.DataFrame({"period": period, "rule": list(thresholds), "threshold": [float(v) for v in thresholds.values()]})
    con.execute(
        """insert into raw.workbooks by name
           select * exclude (run_id, loaded_at), run_id as first_run_id, run_id as last_run_id,
                  loaded_at as first_loaded_at, loaded_at as last_loaded_at
           from workbooks
           on conflict (file_id) do update set
               source_path = excluded.source_path, file_name = excluded.file_name, modified_at = excluded.modified_at,
               status = excluded.status, last_run_id = excluded.last_run_id, last_loaded_at = excluded.last_loaded_at"""
    )
    con.execute("delete from raw.cells where file_id in (select file_id from workbooks)")
    con.execute("insert into raw.cells by name select * from cells")
    con.execute("delete from raw.validation_errors where file_id in (select file_id from workbooks)")
    con.execute("insert into raw.validation_errors by name select * from errors")
    counts = workbooks.group_by("status").len().to_dict(as_series=False)
    by_status = dict(zip(counts["status"], counts["len"]))
    con.execute(
        "insert or replace into raw.runs values (?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, period, inbox, started_at, now, workbooks.height, by_status.get("loaded", 0),
         by_status.get("quarantined", 0) + by_status.get("needs_review", 0)],
    )
    con.execute("insert or replace into raw.due_dates values (?, ?)", [period, due_date or default_due_date(period)])
    con.execute("delete from raw.run_thresholds where period = ?", [period])
    con.execute("insert into raw.run_thresholds by name select * from used")
    return {status: by_status.get(status, 0) for status in ("loaded", "quarantined", "needs_review")}
