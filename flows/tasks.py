"""Prefect tasks, each one stage of a run over a batch of workbooks (a task run costs ~5 ms, so never one per file)."""

from datetime import date, datetime
from functools import partial
from pathlib import Path

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from checks.expectations import check_warehouse
from checks.report import write_quarantine
from checks.validate import validate
from checks.warnings import Thresholds
from giamngheo.publish import publish_period
from giamngheo.reference import unit_structure
from transforms.aliases import alias_index, read_aliases
from transforms.extract import Extracted, read_submission
from transforms.frames import cells_frame, submissions_frame
from warehouse.connection import connect
from warehouse.load import load_run


# A stage's inputs are whole runs of workbooks; Prefect's default cache key would pickle and hash them all on every
# call (18 s of a 1,000-workbook run), and a run must re-read its inbox anyway, so nothing is cached.
stage = partial(task, cache_policy=NO_CACHE)


def inbox_files(inbox: Path) -> list[Path]:
    """Every file a commune may have sent: spreadsheets and anything else (reported, not ignored), but no lock or hidden files."""
    return sorted(
        path for path in Path(inbox).rglob("*")
        if path.is_file() and not path.name.startswith((".", "~$"))
    )


def _transient(task, task_run, state) -> bool:
    """Worth retrying: the file system failed (a file still being copied into the inbox, a network share that
    blinked), not the file's content, which no retry changes."""
    return isinstance(state.result(raise_on_failure=False), OSError)


# up to 3 more tries, 2, 4 then 8 seconds apart
RETRIES = {"retries": 3, "retry_delay_seconds": exponential_backoff(backoff_factor=2), "retry_condition_fn": _transient}


@stage(name="đọc bảng tính · read workbooks", task_run_name="read {label}", **RETRIES)
def read_batch(paths: list[Path], label: str = "") -> list[Extracted]:
    return [read_submission(path) for path in paths]


@stage(name="kiểm tra · validate")
def validate_all(extracted: list[Extracted], period: str, aliases: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    aliases = alias_index(read_aliases(aliases))
    cells, submissions = cells_frame(extracted), submissions_frame(extracted, period, aliases)
    return submissions, cells, validate(extracted, submissions, cells, period)


@stage(name="cách ly tệp lỗi · quarantine", **RETRIES)
def quarantine(errors: pl.DataFrame, submissions: pl.DataFrame, directory: Path) -> list[dict]:
    return write_quarantine(errors, submissions, directory)


@stage(name="nạp kho · load warehouse")
def load(database: Path, run_id: str, period: str, inbox: str, submissions, cells, errors, started_at: datetime,
         thresholds: Thresholds, due_date: date | None) -> dict:
    with connect(database) as con:
        return load_run(con, run_id, period, inbox, submissions, cells, errors, started_at, thresholds, due_date)


class PublishBlocked(RuntimeError):
    """The warehouse failed an expectation: what was loaded stays, but nothing is published from it."""


@stage(name="kiểm định kho · expectations")
def check_expectations(database: Path, period: str, docs_dir: Path) -> dict:
    with connect(database, read_only=True) as con:
        return check_warehouse(con, period, docs_dir)


@stage(name="xuất bản · publish", **RETRIES)
def publish(database: Path, period: str, out: Path, expectations: dict) -> dict:
    if not expectations["success"]:
        failed = "; ".join(f["expectation"] for f in expectations["failed"][:5])
        raise PublishBlocked(f"kho không đạt kiểm định, không xuất bản / the warehouse failed its expectations, nothing "
                             f"published: {failed} (Data Docs: {expectations['docs']})")
    with connect(database, read_only=True) as con:
        return publish_period(con, period, out)


@stage(name="tình hình nộp · completeness")
def completeness(database: Path, period: str) -> list[dict]:
    with connect(database, read_only=True) as con:
        return con.sql("""select district_name, province_name, commune_code, commune_name, submission_status, files,
                                 first_received_at, due_date
                          from marts.completeness where period = ? order by district_code, commune_code""",
                       params=[period]).pl().to_dicts()


@stage(name="tổng hợp · area totals")
def area_totals(database: Path, period: str) -> list[dict]:
    """The period's districts (before the 2025 reform) or provinces (after it), as the published workbooks total them."""
    level = "district" if unit_structure(period) == "legacy" else "province"
    with connect(database, read_only=True) as con:
        return con.sql(
            """select area_level, coalesce(district_name, province_name) as area_name, communes, total_households,
                      poor_households, poverty_rate_pct, em_households, em_poor_households, em_poverty_rate_pct,
                      target_period, target_poor_households, target_poverty_rate_pct, target_rate_reduction_pp,
                      target_poor_reduction
               from marts.plan_vs_result_by_area
               where period = ? and area_level = ? order by province_code, district_code""",
            params=[period, level],
        ).pl().to_dicts()
