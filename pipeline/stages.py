"""The stages of a run, each a plain function over all the workbooks of a run (or a batch of them): read → resolve
and validate → quarantine → load and model → check → publish. The Prefect tasks in ``flows/`` wrap these; so does
``run_period``, which is what the CLI and the tests call."""

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import polars as pl

from checks.validate import validate as validate_rules
from publish.quarantine import write_quarantine
from publish.workbooks import publish_period
from transforms.aliases import alias_index, read_aliases
from transforms.extract import Extracted, read_submission
from transforms.frames import cells_frame, originals, submissions_frame
from vocabulary.periods import unit_structure
from warehouse.connection import connect, transaction
from warehouse.gazetteer import ensure_gazetteer
from warehouse.load import load_run
from warehouse.models import build_models

# (stage, done, total): how far a stage has got, for a progress bar
Progress = Callable[[str, int, int], None]


def read(paths: list[Path], progress: Progress | None = None) -> list[Extracted]:
    extracted = []
    for done, path in enumerate(paths, start=1):
        extracted.append(read_submission(path))
        if progress:
            progress("read", done, len(paths))
    return extracted


def validate(extracted: list[Extracted], period: str, aliases: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Resolve each workbook's commune and check every rule, all workbooks at once: (submissions, one row per file;
    cells and errors, each content once however many identical files hold it)."""
    submissions = submissions_frame(extracted, period, alias_index(read_aliases(aliases)))
    cells = cells_frame(extracted)
    errors = validate_rules(originals(extracted), submissions.filter(pl.col("copy_of").is_null()), cells, period)
    return submissions, cells, errors


def quarantine(errors: pl.DataFrame, submissions: pl.DataFrame, directory: Path) -> list[dict]:
    return write_quarantine(errors, submissions, directory)


def load(database: Path, run_id: str, period: str, inbox: str, submissions: pl.DataFrame, cells: pl.DataFrame,
         errors: pl.DataFrame, started_at: datetime, thresholds: dict[str, float], due_date: date | None,
         received_on: datetime | None = None) -> dict:
    """Write the run into the raw layer and rebuild the models, in one transaction."""
    with connect(database) as con, transaction(con):
        ensure_gazetteer(con)
        counts = load_run(con, run_id, period, inbox, submissions, cells, errors, started_at, thresholds, due_date,
                          received_on)
        models = build_models(con)
    return {**counts, "models": models}


def warnings(database: Path, period: str) -> list[dict]:
    """The warnings on the current workbooks of ``period`` (``marts.warnings``)."""
    with connect(database, read_only=True) as con:
        return con.sql("select * from marts.warnings where period = ? order by commune_code, rule, sheet, cell",
                       params=[period]).pl().to_dicts()


def completeness(database: Path, period: str) -> list[dict]:
    with connect(database, read_only=True) as con:
        return con.sql("""select district_name, province_name, commune_code, commune_name, submission_status, files,
                                 first_received_at, due_date, rejected_for
                          from marts.completeness where period = ? order by district_code, commune_code""",
                       params=[period]).pl().to_dicts()


def withdrawals(database: Path, period: str) -> list[dict]:
    """Submissions out of the period's figures: withdrawn, or no longer in the inbox."""
    with connect(database, read_only=True) as con:
        return con.sql("select * from marts.withdrawals where period = ? order by commune_code, since",
                       params=[period]).pl().to_dicts()


def area_level(period: str) -> str:
    """What a period is published by: districts before the 2025 reform, provinces after it."""
    return "district" if unit_structure(period) == "legacy" else "province"


def area_totals(database: Path, period: str) -> list[dict]:
    """The period's districts or provinces, as the published workbooks total them."""
    level = area_level(period)
    name = "district_name" if level == "district" else "province_name"
    order = "province_code, district_code" if level == "district" else "province_code"
    with connect(database, read_only=True) as con:
        return con.sql(
            f"""select '{level}' as area_level, {name} as area_name, communes, total_households, poor_households,
                       poverty_rate_pct, em_households, em_poor_households, em_poverty_rate_pct, target_period,
                       target_poor_households, target_poverty_rate_pct, target_rate_reduction_pp, target_poor_reduction
                from marts.plan_vs_result_by_{level} where period = ? order by {order}""",
            params=[period],
        ).pl().to_dicts()


class PublishBlocked(RuntimeError):
    """The warehouse failed an expectation: what was loaded stays, but nothing is published from it."""


def check(database: Path, period: str, docs_dir: Path) -> dict:
    from checks.expectations import check_warehouse  # Great Expectations takes seconds to import

    with connect(database, read_only=True) as con:
        return check_warehouse(con, period, docs_dir)


def publish(database: Path, period: str, out: Path, expectations: dict, progress: Progress | None = None) -> dict:
    if not expectations["success"]:
        failed = "; ".join(f["expectation"] for f in expectations["failed"][:5])
        raise PublishBlocked(f"kho không đạt kiểm định, không xuất bản / the warehouse failed its expectations, nothing "
                             f"published: {failed} (Data Docs: {expectations['docs']})")
    with connect(database, read_only=True) as con:
        return publish_period(con, period, out, progress)
