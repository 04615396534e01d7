"""consolidate_period: the pipeline run as Prefect tasks, watched in the UI, with the run's tables and links left
as artifacts."""

import os
from datetime import date, datetime
from pathlib import Path

from prefect import flow, get_run_logger

from flows import setup, tasks
from flows.artifacts import create_run_artifacts
from flows.runners import task_runner
from pipeline.contracts import RunSettings
from pipeline.period import run_period
from pipeline.summary import Summary
from transforms.aliases import DEFAULT_PATH as DEFAULT_ALIASES
from vocabulary.paths import KEEP_RETURNED_REGISTERS_DAYS, Returned
from vocabulary.paths import returned_registers as returned_registers_beside
from vocabulary.profile import load_profile
from vocabulary.thresholds import default_thresholds, given
from warehouse.connection import DEFAULT_PATH

_DEFAULTS = default_thresholds()


SECRET_BLOCK = "giamngheo-pii-key"


def _pseudonym_key_from_secret() -> None:
    """The key that pseudonymises household registers, from the Prefect Secret block when the worker's environment
    has none: a deployment's runs then need no key on the worker's machine."""
    from transforms.pseudonym import KEY_VARIABLE

    if os.environ.get(KEY_VARIABLE):
        return
    from prefect.blocks.system import Secret

    try:
        # Prefect types load as sync or async (a coroutine, which has no get): called in a flow's code it is sync
        os.environ[KEY_VARIABLE] = Secret.load(SECRET_BLOCK).get()  # type: ignore[union-attr]
    except ValueError:
        pass  # no such block: a register is refused with a message saying how to set the key


@flow(name="consolidate-period", flow_run_name="consolidate-{period}", task_runner=task_runner("threads"),
      description="Tổng hợp kỳ báo cáo: đọc, kiểm tra, nạp kho, xuất bản · consolidate a reporting period")
def consolidate_period(period: str, inbox: str = "inbox", warehouse: str = str(DEFAULT_PATH), out: str = "out",
                       aliases: str = str(DEFAULT_ALIASES),
                       max_rate_change_pp: float = _DEFAULTS["rate_moved"],
                       max_poor_rise_share: float = _DEFAULTS["poor_up_near_poor_down"],
                       max_village_change_share: float = _DEFAULTS["village_households_changed"],
                       due_date: date | None = None, received_on: date | None = None, full: bool = False,
                       synthetic: bool = False, returned_registers: str | None = None,
                       keep_returned_days: float = KEEP_RETURNED_REGISTERS_DAYS, profile: str | None = None) -> Summary:
    """Read every workbook in ``inbox``, quarantine the ones that break a rule, load the rest for ``period``,
    rebuild the marts and publish the district workbook. A bad workbook never fails the run; an unlikely figure
    (the ``max_*`` thresholds) is a warning, and its workbook still loads. ``due_date`` (ISO date; default 10 June
    for a six-month period, 15 October for a year) says which communes were late; a missing one makes the published
    workbook provisional. ``received_on``: when files the warehouse has never seen arrived, for files received
    before giamngheo read them (default: when the run reads them). A run reads only the files the warehouse has not
    seen and republishes only the areas they touch; ``full`` reads, rebuilds and republishes everything.
    ``synthetic``: the files read for the first time are made up (a demonstration), and every output says so.
    ``returned_registers``: where refused household registers are kept for their communes (default
    ``registers-returned`` beside the warehouse, readable by the worker's user only), ``keep_returned_days`` how
    long. ``profile``: the district profile its documents print (default ``giamngheo.toml`` in the project folder,
    or the bundled one)."""
    setup()
    logger = get_run_logger()
    _pseudonym_key_from_secret()
    thresholds = given(locals(), by="flow_parameter")  # the parameters the seed names
    settings = RunSettings(
        period, Path(inbox), Path(warehouse), Path(out), Path(aliases), thresholds, due_date,
        datetime.combine(received_on, datetime.min.time()) if received_on else None, full=full, synthetic=synthetic,
        returned=Returned(Path(returned_registers) if returned_registers else returned_registers_beside(warehouse),
                          keep_returned_days),
        profile=load_profile(Path(profile) if profile else None))
    summary = run_period(
        settings, stages=tasks,
        on_wait=lambda: logger.warning("kho %s đang được một lần chạy khác dùng, chờ đến lượt / the warehouse is in "
                                       "use by another run, waiting", warehouse))
    if summary["nothing_new"]:
        logger.info("kỳ %s: không có gì mới từ lần chạy trước / period %s: nothing new since the last run", period,
                    period)
    elif not summary["outputs"]:
        logger.warning("kỳ %s: không xuất bản / period %s: nothing published", period, period)
    create_run_artifacts(summary)
    return summary
