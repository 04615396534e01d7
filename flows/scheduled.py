"""The flows the deployments in prefect.yaml run without a person: a district's consolidation on its schedule, and
the inbox watcher that starts one when new files arrive."""

from datetime import date, datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows import setup
from flows.consolidate import consolidate_period
from pipeline.publications import waiting_for_unlock
from pipeline.stages import held_for_key, read_one
from pipeline.summary import Summary
from transforms.inbox import SetAside, check_apart, inbox_files
from transforms.read import sha256_of
from vocabulary.periods import DEFAULT_DUE, PeriodError, parse_period
from vocabulary.text import fold
from warehouse.connection import DEFAULT_PATH, connect, exclusive

KINDS = ("annual", "six-month")


def period_for(kind: str, on: date) -> str:
    """The period a scheduled run on ``on`` consolidates: the year's six-month report once its due date has come,
    the year's annual report once its own has; before that, the previous one.

    >>> period_for("annual", date(2021, 10, 16)), period_for("six-month", date(2021, 6, 11))
    ('2021', '2021-H1')
    >>> period_for("annual", date(2021, 3, 1))
    '2020'
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    half = "H1" if kind == "six-month" else None
    year = on.year if (on.month, on.day) >= DEFAULT_DUE[half] else on.year - 1
    return f"{year}-H1" if half else str(year)


def _run_date() -> date:
    scheduled = flow_run.get_scheduled_start_time()
    return scheduled.date() if scheduled else date.today()


def _run_name() -> str:
    """``krong-pa-2021-annual``: the district, the period and the kind, as the officer looks for it in the UI."""
    parameters = flow_run.get_parameters()
    kind = parameters.get("kind", "annual")
    period = parameters.get("period") or period_for(kind, _run_date())
    return f"{fold(parameters.get('district', '')).replace(' ', '-')}-{period.lower()}-{kind}"


@flow(name="district-consolidation", flow_run_name=_run_name,
      description="Tổng hợp định kỳ của một huyện · a district's scheduled consolidation")
def district_consolidation(district: str = "Krông Pa", kind: str = "annual", period: str | None = None,
                           inbox: str = "inbox", warehouse: str = str(DEFAULT_PATH), out: str = "out",
                           due_date: date | None = None) -> Summary:
    """Consolidate the district's period of this ``kind`` (``annual`` or ``six-month``), derived from the run's date
    unless ``period`` is given; ``due_date`` defaults to 10 June or 15 October of the period's year."""
    period = period or period_for(kind, _run_date())
    get_run_logger().info("%s: kỳ %s / period %s", district, period, period)
    return consolidate_period(period=period, inbox=inbox, warehouse=warehouse, out=out, due_date=due_date)


def new_periods(inbox: Path, warehouse: Path) -> list[str]:
    """The periods declared by files in ``inbox`` that the warehouse has never seen (by their SHA-256)."""
    paths = inbox_files(inbox)
    if not paths:
        return []
    known = set()
    if Path(warehouse).exists():
        with exclusive(warehouse), connect(warehouse, read_only=True) as con:
            known = {row[0] for row in con.sql("select file_id from raw.workbooks").fetchall()}
            # a file a run of a locked period kept as received after the lock waits for the unlock, not for a run
            known |= waiting_for_unlock(warehouse)
    periods = set()
    for path in paths:
        try:
            if sha256_of(path) in known:
                continue
        except OSError:
            continue  # gone since the scan, or not readable yet: the next look finds it as it is then
        item = read_one(path)
        if isinstance(item, SetAside) or held_for_key(item) is not item:
            continue  # unreadable for now, or a register waiting for the district's key: no run would use it
        declared = item.info.get("period", ("",))[0]
        try:
            parse_period(declared)
        except PeriodError:
            continue  # a file without a readable period is reported by the run of the period it belongs to
        periods.add(declared)
    return sorted(periods)


@flow(name="watch-inbox", flow_run_name="watch-inbox",
      description="Có tệp mới trong thư mục thì tổng hợp kỳ của tệp · consolidate the period of any new file")
def watch_inbox(inbox: str = "inbox", warehouse: str = str(DEFAULT_PATH), out: str = "out") -> list[str]:
    """Run consolidate-period for each period that new files in ``inbox`` declare; return those periods."""
    setup()
    logger = get_run_logger()
    check_apart(Path(inbox), Path(out), Path(warehouse))  # a missing inbox fails the run: red in the UI
    periods = new_periods(Path(inbox), Path(warehouse))
    if not periods:
        logger.info("không có tệp mới / no new files (%s)", datetime.now().isoformat(timespec="seconds"))
    for period in periods:
        logger.info("tệp mới cho kỳ %s / new files for period %s", period, period)
        consolidate_period(period=period, inbox=inbox, warehouse=warehouse, out=out)
    return periods
