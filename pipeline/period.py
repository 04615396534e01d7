"""Run a reporting period through the pipeline: the one composition of the stages that the CLI, the Prefect flow
and the tests all call."""

import uuid
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

from pipeline import stages as library_stages
from pipeline.summary import summarize
from transforms.inbox import scan
from vocabulary.periods import parse_period
from vocabulary.thresholds import default_thresholds
from warehouse.connection import exclusive
from warehouse.snapshot import publish_snapshot, working_copy


def new_run_id(period: str, started_at: datetime) -> str:
    return f"{period}-{started_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def run_period(period: str, inbox: Path, warehouse: Path, out: Path, aliases: Path,
               thresholds: dict[str, float] | None = None, due_date: date | None = None,
               received_on: datetime | None = None, progress: library_stages.Progress | None = None, on_wait=None,
               stages: ModuleType = library_stages) -> dict:
    """Read every workbook in ``inbox``, quarantine the ones that break a rule, load the rest for ``period``, rebuild
    the models, check them and publish the area workbooks; return the run's summary. A bad workbook never fails the
    run; a failed expectation publishes nothing (``summary["expectations"]["success"]`` is False).

    ``stages`` is where the stages come from: ``pipeline.stages`` itself, or ``flows.tasks``, the same functions as
    Prefect tasks."""
    parse_period(period)
    thresholds = {**default_thresholds(), **(thresholds or {})}
    inbox, warehouse, out = Path(inbox), Path(warehouse), Path(out)
    started_at = datetime.now()
    run_id = new_run_id(period, started_at)
    files, set_aside = scan(inbox)
    extracted = stages.read(files, progress)
    submissions, cells, errors = stages.validate(extracted, period, Path(aliases))
    reports = stages.quarantine(errors, submissions, out / period / "quarantine")
    published, expectations = {}, None
    # one run at a time holds the warehouse from loading to publishing; a second one waits its turn
    with exclusive(warehouse, on_wait=on_wait):
        work = working_copy(warehouse)
        stages.load(work, run_id, period, str(inbox), submissions, cells, errors, started_at, thresholds,
                    due_date, received_on)
        totals = library_stages.area_totals(work, period)
        if totals:
            expectations = stages.check(work, period, out / period / "data-docs")
            try:
                published = stages.publish(work, period, out, expectations, progress)
            except library_stages.PublishBlocked:
                pass  # the summary says why: its expectations
        warnings = library_stages.warnings(work, period)
        completeness = library_stages.completeness(work, period)
        withdrawals = library_stages.withdrawals(work, period)
        if not expectations or expectations["success"]:
            publish_snapshot(warehouse)
    return summarize(period, run_id, submissions, errors, warnings, reports, completeness, withdrawals, totals,
                     published, expectations, warehouse, set_aside)
