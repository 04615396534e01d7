"""Write a run into the raw layer: the content of the workbooks it read (declared information and figures), the
files of its inbox with what became of each, their errors, the period's due date and thresholds, and which
communes' submissions changed (what an incremental build of the models redoes).

Content is keyed by the SHA-256 of its bytes: re-running a period replaces what the same files loaded before
instead of adding to it, and when the warehouse first saw a content is when it was received, whatever the file's
modified time says. A file is its path and its content: the same path with other bytes is a new version. A file a
run did not read again (unchanged since the period's last run) keeps what it had.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb
import polars as pl

from checks.validated import Validated
from vocabulary.paths import PORTAL_NAME, PORTAL_TIME
from vocabulary.periods import default_due_date, parse_period

CONTENT_COLUMNS = (
    "file_id", "size_bytes", "kind", "text_encoding", "hidden_sheets", "sheet_choices", "province_name", "province_name_cell", "district_name",
    "district_name_cell", "commune_name", "commune_name_cell", "commune_code", "commune_code_cell", "period",
    "period_cell", "standard", "standard_cell", "preparer", "preparer_cell", "prepared_on", "prepared_on_cell",
)
SUBMISSION_COLUMNS = (
    "source_path", "file_id", "file_name", "modified_at", "size_bytes", "resolved_commune_code", "resolved_structure",
    "resolution_method", "attributed_commune_code",
)
HOUSEHOLD_COLUMNS = (
    "file_id", "sheet", "row", "household_key", "village", "household_number", "members", "is_ethnic_minority",
    "income_vnd", "deprived_indicators", "decided_class", "is_meritorious", "is_social_protection", "key_fingerprint",
)
# what makes a file count, or not, for its commune: when any of it changes, the commune's figures may change
STATE = ("source_path, file_id, modified_at, status, present, copy_of, resolved_commune_code, "
         "attributed_commune_code")
# Which commune a file is, or which of its sheets holds a table, when nothing else is wrong with it, is for a
# district officer to settle.
REVIEW_RULES = ("commune_review", "commune_conflict", "table_on_several_sheets")


def workbook_status(errors: pl.DataFrame) -> pl.DataFrame:
    """file_id -> needs_review when its only problem is which commune it is, else quarantined (files with errors only)."""
    return errors.group_by("file_id").agg(
        pl.when(pl.col("rule").is_in(REVIEW_RULES).all()).then(pl.lit("needs_review"))
        .otherwise(pl.lit("quarantined")).first().alias("status"))


def known_files(con: duckdb.DuckDBPyConnection, period: str) -> dict[str, dict]:
    """The files the period's latest run found, by path: their content, size, time and status."""
    rows = con.execute("""select source_path, file_id, size_bytes, modified_at, status, resolution_method
                          from raw.submissions where period = ? and present""", [period]).fetchall()
    return {path: {"file_id": file_id, "size_bytes": size, "modified_at": modified, "status": status,
                   "resolution_method": method}
            for path, file_id, size, modified, status, method in rows}


def aliases_read(con: duckdb.DuckDBPyConnection, period: str) -> str | None:
    """The SHA-256 of the confirmed names the period's last run resolved communes with."""
    found = con.execute("select sha256 from raw.aliases_read where period = ?", [period]).fetchall()
    return found[0][0] if found else None


@dataclass(frozen=True)
class RunRecord:
    """What the raw layer records of a run besides its workbooks' content."""

    run_id: str
    period: str
    inbox: str
    started_at: datetime
    thresholds: dict[str, float]  # rule -> threshold the warnings were raised at
    due_date: date | None = None  # default: the period's (vocabulary.periods.default_due_date)
    # when the contents this run is the first to see were received, for files that arrived before giamngheo read them
    # (default: now)
    received_on: datetime | None = None
    unchanged: tuple[tuple[str, str], ...] = ()  # (path, file_id) of the files found as the period's last run left them
    reports: tuple[dict, ...] = ()  # what went back to the communes of refused files (publish.quarantine)
    synthetic: bool = False  # the contents this run is the first to see are made up, and all made from them says so
    aliases_sha256: str = ""  # of the confirmed names the run resolved communes with
    out: str = ""  # the folder the run publishes into
    aliases: str = ""  # the CSV of confirmed names it resolved communes with
    review: bool = False  # the period's files count only once the district approves them (the profile says)


def load_run(con: duckdb.DuckDBPyConnection, run: RunRecord, batch: Validated) -> dict[str, int]:
    """Write the run's raw rows (the caller holds the transaction); return how many files it read had each status.
    ``batch`` holds the files the run read; ``run.unchanged`` those it found as the period's last run left them."""
    now = datetime.now(UTC).replace(tzinfo=None)
    files = (batch.submissions.join(workbook_status(batch.errors), on="file_id", how="left")
             .with_columns(pl.col("status").fill_null("loaded")))
    returned = pl.DataFrame([(r["source_path"], str(r["report"]), r["feedback"] and str(r["feedback"]))
                             for r in run.reports],
                            schema={"source_path": pl.String, "report": pl.String, "feedback": pl.String}, orient="row")
    # a register's households: only those of registers that load (a refused one is for its commune to correct)
    households = (batch.households.join(files.filter(pl.col("status") == "loaded").select("file_id").unique(),
                                        on="file_id")
                  .select(*HOUSEHOLD_COLUMNS, pl.concat_str("decided_class_col", pl.col("row").cast(pl.String))
                          .alias("decided_class_cell"), pl.lit(now).alias("loaded_at")))
    frames = {
        "run_contents": files.unique("file_id", keep="first").select(CONTENT_COLUMNS),
        "run_files": (files.select(*SUBMISSION_COLUMNS, "status").with_columns(pl.lit(run.period).alias("period"))
                      .join(returned.select("source_path", pl.col("report").alias("report_path"),
                                            pl.col("feedback").alias("feedback_path")), on="source_path", how="left")),
        "run_unchanged": pl.DataFrame(list(run.unchanged), schema={"source_path": pl.String, "file_id": pl.String},
                                      orient="row"),
        "run_cells": batch.cells.with_columns(pl.lit(now).alias("loaded_at")),
        "run_households": households,
        "run_errors": batch.errors.with_columns(pl.lit(run.run_id).alias("run_id"),
                                                pl.lit(run.period).alias("period")),
        "run_threshold_values": pl.DataFrame({"period": run.period, "rule": list(run.thresholds),
                                        "threshold": [float(v) for v in run.thresholds.values()]}),
    }
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        _write_raw(con, run, now)
    finally:
        for name in frames:
            con.unregister(name)
    counts = dict(files.group_by("status").len().iter_rows())
    con.execute(
        """insert or replace into raw.runs
           (run_id, period, inbox, started_at, finished_at, workbooks, loaded, quarantined, out, aliases)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [run.run_id, run.period, run.inbox, run.started_at, now, files.height + len(run.unchanged),
         counts.get("loaded", 0), counts.get("quarantined", 0) + counts.get("needs_review", 0), run.out, run.aliases],
    )
    return {state: counts.get(state, 0) for state in ("loaded", "quarantined", "needs_review")}


def _write_raw(con: duckdb.DuckDBPyConnection, run: RunRecord, now: datetime) -> None:
    """The run's frames (registered as run_*) into the raw layer, and which communes' submissions changed."""
    period = run.period
    con.execute(f"create or replace temp table before as select {STATE} from raw.submissions where period = ?",
                [period])
    con.execute(
        """insert into raw.workbooks by name
           select c.*, $now as first_seen_at,
                  coalesce(case when named.portal_received_at is not null then least(named.portal_received_at, $now) end,
                           $received_on, $now) as received_at,
                  $run_id as first_run_id, $synthetic as is_synthetic
           from run_contents c
           join (select file_id,
                        min(try_strptime(nullif(regexp_extract(file_name, $portal_name, 1), ''), $portal_time))
                            as portal_received_at
                 from run_files group by file_id) named using (file_id)
           on conflict (file_id) do nothing""",
        {"now": now, "received_on": run.received_on, "run_id": run.run_id, "synthetic": run.synthetic,
         "portal_name": PORTAL_NAME, "portal_time": PORTAL_TIME})
    con.execute("update raw.submissions set present = (source_path, file_id) in "
                "(select source_path, file_id from run_unchanged) where period = ?", [period])
    con.execute(
        """insert into raw.submissions by name
           select *, true as present, ? as first_run_id, ? as last_run_id, ? as last_seen_at from run_files
           on conflict (period, source_path, file_id) do update set
               file_name = excluded.file_name, modified_at = excluded.modified_at, size_bytes = excluded.size_bytes,
               resolved_commune_code = excluded.resolved_commune_code,
               resolved_structure = excluded.resolved_structure, resolution_method = excluded.resolution_method,
               attributed_commune_code = excluded.attributed_commune_code, status = excluded.status,
               report_path = excluded.report_path, feedback_path = excluded.feedback_path, present = true,
               last_run_id = excluded.last_run_id, last_seen_at = excluded.last_seen_at""",
        [run.run_id, run.run_id, now])
    # of identical files in the inbox, the first by path counts; the others are copies of it
    con.execute("""update raw.submissions as s set copy_of = first.source_path
                   from (select file_id, min(source_path) as source_path from raw.submissions
                         where period = ? and present group by file_id) as first
                   where s.period = ? and s.file_id = first.file_id""", [period, period])
    con.execute("update raw.submissions set copy_of = null where period = ? and (copy_of = source_path or not present)",
                [period])
    con.execute("delete from raw.cells where file_id in (select file_id from run_contents)")
    con.execute("insert into raw.cells by name select * from run_cells")
    # only the registers loaded now: the same content refused in another period keeps what that period loaded
    con.execute("delete from raw.households where file_id in (select distinct file_id from run_households)")
    con.execute("insert into raw.households by name select * from run_households")
    con.execute("delete from raw.validation_errors where period = ? and file_id in (select file_id from run_contents)",
                [period])
    con.execute("insert into raw.validation_errors by name select * from run_errors")
    con.execute("insert or replace into raw.due_dates values (?, ?)",
                [period, run.due_date or default_due_date(period)])
    con.execute("insert or replace into raw.aliases_read values (?, ?)", [period, run.aliases_sha256])
    [(reviewed,)] = con.execute("select coalesce((select required from raw.review_periods where period = ?), false)",
                                [period]).fetchall()
    if reviewed != run.review:  # whether a file waits for approval decides which of every commune's files count
        mark_affected(con, period, [code for (code,) in con.execute(
            "select distinct resolved_commune_code from raw.submissions where period = ?", [period]).fetchall()])
    con.execute("insert or replace into raw.review_periods values (?, ?)", [period, run.review])
    con.execute("delete from raw.run_thresholds where period = ?", [period])
    con.execute("insert into raw.run_thresholds by name select * from run_threshold_values")
    changed = con.sql(f"""(select {STATE} from before except select {STATE} from raw.submissions where period = $p)
                          union (select {STATE} from raw.submissions where period = $p except
                                 select {STATE} from before)""", params={"p": period}).pl()
    mark_affected(con, period, changed["resolved_commune_code"].to_list()
                  + changed["attributed_commune_code"].to_list())


def mark_affected(con: duckdb.DuckDBPyConnection, period: str, communes: list[str | None]) -> None:
    """Say which communes' submissions of the period changed: until the period is next published, builds of the
    models redo those, and the publication rewrites their districts' workbooks. Every other period published is
    told too, since a period's workbooks compare it with others (the reduction since the year before, the targets
    set then, the history chart): its next run republishes those districts."""
    parse_period(period)
    con.execute("""insert into raw.affected_communes
                   select distinct periods.period, t.code
                   from unnest($communes::varchar[]) as t(code),
                        (select $period as period union select period from raw.publications) as periods
                   where t.code is not null
                   and (periods.period, t.code) not in (select period, commune_code from raw.affected_communes)""",
                {"communes": communes, "period": period})


def withdraw(con: duckdb.DuckDBPyConnection, period: str, file_ids: list[str], reason: str, by: str,
             restore: bool = False) -> int:
    """Take submissions out of the period's figures (or put them back); return how many changed."""
    now = datetime.now(UTC).replace(tzinfo=None)
    if restore:
        changed = con.execute(
            """update raw.withdrawals set restored_at = ? where period = ? and restored_at is null
               and list_contains(?, file_id) returning commune_code""", [now, period, file_ids]).fetchall()
    else:
        active = {f for (f,) in con.execute("select file_id from raw.withdrawals where period = ? and "
                                            "restored_at is null", [period]).fetchall()}
        changed = [con.execute("""insert into raw.withdrawals
                                  select ?, ?, (select max(resolved_commune_code) from raw.submissions
                                                where period = ? and file_id = ?), ?, ?, ?, null
                                  returning commune_code""",
                               [period, file_id, period, file_id, reason, by, now]).fetchall()[0]
                   for file_id in file_ids if file_id not in active]
    mark_affected(con, period, [code for (code,) in changed])
    return len(changed)
