"""Run a reporting period through the pipeline: the one composition of the stages that the CLI, the Prefect flow
and the tests all call.

A run reads only the files that are new or changed since the period's last run (by path, size and modified time;
a file's identity is its content's SHA-256), rebuilds the models of the communes whose submissions changed,
publishes the workbooks of their districts (provinces after the reform), and says which files it did not need to
read. With nothing new (no file added, changed or removed, the same thresholds, due date and confirmed names, no
withdrawal since the last publication, no change left unpublished, models built by this version) it does no work at
all and says so.
"""

import shutil
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import cast

from checks.validated import Validated
from pipeline import checking, publications
from pipeline import stages as library_stages
from pipeline.contracts import Progress, RunSettings, Stages
from pipeline.release import holding, new_aside, pending
from pipeline.summary import Outcome, PeriodState, Summary, summarize
from transforms.inbox import SetAside, scan_apart
from transforms.read import sha256_of
from vocabulary.failpoints import failpoint
from vocabulary.paths import Returned, returned_registers
from vocabulary.periods import area_level, default_due_date, parse_period
from vocabulary.thresholds import default_thresholds
from warehouse.load import RunRecord
from warehouse.snapshot import working_copy


def new_run_id(period: str, started_at: datetime) -> str:
    return f"{period}-{started_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def _found_before_aliases(method: str | None) -> bool:
    from transforms.resolve import FOUND_BEFORE_ALIASES  # only when the confirmed names changed: rapidfuzz and all

    return method in FOUND_BEFORE_ALIASES


def _unchanged(path: Path, known: dict[str, dict], new_aliases: bool) -> bool:
    """Whether the file is as the period's last run read it: the same size and modified time at the same path, and
    a commune that confirmed names (``new_aliases``: changed since) cannot change: a file whose commune is still to be
    confirmed, or was not found, or was found only by a fuzzy match, is read again, in case an alias now names it."""
    seen = known.get(str(path))
    if (not seen or seen["status"] == "needs_review"
            or (new_aliases and not _found_before_aliases(seen["resolution_method"]))):
        return False
    stat = path.stat()
    return seen["size_bytes"] == stat.st_size and seen["modified_at"] == stat.st_mtime


def run_period(settings: RunSettings, progress: Progress | None = None, on_wait: Callable[[], None] | None = None,
               stages: Stages = library_stages) -> Summary:
    """Consolidate ``settings.period`` from the files of its inbox: read what is new, quarantine what breaks a rule,
    load the rest, rebuild the models, check them and publish; return the run's summary. A bad workbook never fails
    the run; a failed expectation publishes nothing (``summary["expectations"]["success"]`` is False). An inbox that
    is missing, empty or mixed up with the outputs raises ``InboxError`` before anything is read. ``on_wait`` is
    called when another run holds the warehouse and this one waits its turn.

    ``stages`` is where the stages come from: ``pipeline.stages`` itself, or ``flows.tasks``, the same functions as
    Prefect tasks."""
    period, inbox, warehouse, out, aliases = (settings.period, settings.inbox, settings.warehouse, settings.out,
                                              settings.aliases)
    parse_period(period)
    thresholds = {**default_thresholds(), **(settings.thresholds or {})}
    started_at = datetime.now()
    run_id = new_run_id(period, started_at)
    found, set_aside = scan_apart(inbox, out, warehouse)
    notices: list[str] = []
    # one run at a time holds the warehouse from reading it to publishing, and a second one waits its turn
    with holding(warehouse, out, notices, on_wait):
        work = working_copy(warehouse, notices)
        known, aliases_read = ({}, None) if settings.full else library_stages.known(work, period)
        aliases_sha256 = sha256_of(aliases) if aliases.is_file() else ""
        to_read = [path for path in found if not _unchanged(path, known, aliases_sha256 != aliases_read)]
        reading = set(to_read)
        unchanged = [(str(path), known[str(path)]["file_id"]) for path in found if path not in reading]
        review = bool(settings.profile and settings.profile.reviews(period))
        stands = library_stages.standing(work, period, thresholds, settings.due_date or default_due_date(period),
                                         review)
        as_published = (set(known) == {path for path, _ in unchanged} and warehouse.exists() and stands.settled
                        and stands.up_to_date)
        if warehouse.exists() and publications.lock_of(work, period):
            return _while_locked(work, settings, Outcome(run_id, set_aside=tuple(set_aside), notices=tuple(notices)),
                                 to_read, stages, progress)
        if not to_read and as_published:
            return _summary(work, warehouse, period, Outcome(run_id, set_aside=tuple(set_aside),
                                                             notices=tuple(notices), nothing_new=True))
        # Great Expectations imports in a process of its own while this one reads, validates and loads: started
        # only now that there is work, since a run with nothing new (the watcher's, most often) would import it for
        # nothing
        with checking.prepared():
            whole_period = settings.full or not stands.settled
            items = [library_stages.held_for_key(item) for item in stages.read(to_read, progress)]
            set_aside += [item for item in items if isinstance(item, SetAside)]
            extracted = [item for item in items if not isinstance(item, SetAside)]
            if not extracted and as_published:  # what was new could not be used (a register waiting for the key)
                return _summary(work, warehouse, period, Outcome(run_id, set_aside=tuple(set_aside), read=len(to_read),
                                                                 notices=tuple(notices), nothing_new=True))
            failpoint("read")
            batch = stages.validate(extracted, period, aliases)
            record = RunRecord(run_id, period, str(inbox), started_at, thresholds, settings.due_date, settings.received_on,
                               tuple(unchanged), (), settings.synthetic, aliases_sha256, str(out), str(aliases), review)
            _quarantine_and_load(work, settings, stages, batch, record)
            failpoint("loaded")
            published, expectations = _check_and_publish(work, settings, run_id, stages, progress, whole_period)
            return _summary(work, warehouse, period, Outcome(run_id, published, expectations, tuple(set_aside),
                                                             len(to_read), notices=tuple(notices)))


def _quarantine_and_load(work: Path, settings: RunSettings, stages: Stages, batch: Validated,
                         record: RunRecord) -> None:
    """Send back what the communes must fix (a household register to the folder of returned registers), then load
    the run, with what was sent back, into the working copy."""
    period, warehouse = settings.period, settings.warehouse
    returned = settings.returned or Returned(returned_registers(warehouse))
    reports = stages.quarantine(batch.errors, batch.submissions, settings.out / period / "quarantine",
                                returned.folder / period)
    from publish.quarantine import prune_returned  # polars and openpyxl: only once there is work to do

    prune_returned(returned.folder, returned.keep_days)
    library_stages.relocate_returned(work, period, returned.folder / period)
    stages.load(work, replace(record, reports=tuple(reports)), batch, settings.full)


def _check_and_publish(work: Path, settings: RunSettings, run_id: str, stages: Stages, progress: Progress | None,
                       whole_period: bool) -> tuple[dict, dict | None]:
    """Write the publication aside while the checks run, then release it with the working copy if they pass (a
    period without figures releases the working copy alone): (what was published, the checks' verdict)."""
    period, warehouse, out = settings.period, settings.warehouse, settings.out
    published, expectations, written = {}, None, None
    aside = new_aside(out, period) if library_stages.area_totals(work, period) else None
    try:
        if aside:
            _, new_version = publications.record_figures(work, period)
            # a new version is written whole: every document carries its number
            changed = None if whole_period or new_version else library_stages.affected(work, period)
            docs = aside / period / library_stages.DOCS
            # the checks run in their own process while this one writes the publication aside
            checking.start(work, period, docs, changed)
            failpoint("checking")
            # affected() gives None or every level's codes: never an empty dict, which `and` would pass on
            areas = cast("list[str] | None", changed and changed[f"{area_level(period)}_code"])
            written = stages.write_publication(work, period, aside, progress, areas, settings.profile)
            expectations = stages.check(work, period, docs, changed)
            failpoint("checked")
            if not expectations["success"]:
                expectations = library_stages.withhold(written, expectations, out, period)
        if not expectations or expectations["success"]:
            published = stages.release(work, warehouse, out, period, run_id, written)
    finally:  # what a release did not take, or a failure left, goes; a release written down stays
        if aside and not pending(warehouse):
            shutil.rmtree(aside, ignore_errors=True)
    if published and expectations:
        expectations = {**expectations, "docs": out / period / library_stages.DOCS / "index.html"}
    return published, expectations


def _while_locked(work: Path, settings: RunSettings, outcome: Outcome, to_read: list[Path], stages: Stages,
                  progress: Progress | None) -> Summary:
    """A run of a locked period: the files new since its last publication are read and validated, and kept as
    received after the lock; nothing is loaded or published (``giamngheo unlock`` lets the next run count them)."""
    items = [library_stages.held_for_key(item) for item in stages.read(to_read, progress)] if to_read else []
    extracted = [item for item in items if not isinstance(item, SetAside)]
    set_aside = outcome.set_aside + tuple(item for item in items if isinstance(item, SetAside))
    lock = cast(publications.Lock, publications.lock_of(work, settings.period))
    received = (publications.keep_received(work, lock, outcome.run_id,
                                           stages.validate(extracted, settings.period, settings.aliases))
                if extracted else [])
    return _summary(work, settings.warehouse, settings.period,
                    replace(outcome, set_aside=set_aside, read=len(to_read), nothing_new=not to_read,
                            received_after_lock=tuple(received)))


def _summary(work: Path, warehouse: Path, period: str, outcome: Outcome) -> Summary:
    present, errors = library_stages.files(work, period)
    state = PeriodState(present, errors, library_stages.warnings(work, period),
                        library_stages.completeness(work, period), library_stages.withdrawals(work, period),
                        library_stages.area_totals(work, period), publications.standing(work, period),
                        library_stages.review_queue(work, period))
    return summarize(period, state, outcome, warehouse)
