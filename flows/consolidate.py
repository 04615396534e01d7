"""consolidate_period: commune workbooks → validated → DuckDB → district views → published workbook."""

import uuid
from datetime import date, datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote

from checks.warnings import Thresholds
from flows import tasks
from flows.artifacts import create_run_artifacts
from giamngheo.publish import ABSENT, SUBMISSION_STATUS
from giamngheo.reference import parse_period
from transforms.aliases import DEFAULT_PATH as DEFAULT_ALIASES
from warehouse.connection import DEFAULT_PATH, exclusive
from warehouse.load import workbook_status

BATCH_SIZE = 500


def _problems_by_file(problems) -> dict[str, list[dict]]:
    by_file = {}
    for row in problems.iter_rows(named=True):
        by_file.setdefault(row["file_id"], []).append(
            {k: row[k] for k in ("sheet", "cell", "value", "rule", "message_vi", "message_en")})
    return by_file


def _summary(period, run_id, submissions, errors, loaded, reports, published, totals, database, completeness) -> dict:
    by_file = {row["file_id"]: row for row in submissions.iter_rows(named=True)}
    rejected, warned = _problems_by_file(errors), _problems_by_file(loaded["warnings"])
    status = dict(workbook_status(errors).iter_rows())
    report_of = {r["file_id"]: str(r["report"]) for r in reports}
    feedback_of = {r["file_id"]: r["feedback"] and str(r["feedback"]) for r in reports}

    def rejected_as(kind):
        return [
            {"file": by_file[file_id]["file_name"], "commune_name": by_file[file_id]["commune_name"],
             "report": report_of.get(file_id), "feedback": feedback_of.get(file_id), "errors": problems}
            for file_id, problems in rejected.items() if status[file_id] == kind
        ]

    def loaded_as(with_warnings):
        return [
            {"file": row["file_name"], "commune_code": row["resolved_commune_code"], "commune_name": row["commune_name"],
             "resolved_by": row["resolution_method"], "converted_from": row["text_encoding"],
             **({"warnings": warned[file_id]} if with_warnings else {})}
            for file_id, row in by_file.items() if file_id not in rejected and (file_id in warned) == with_warnings
        ]

    kinds = {"loaded": loaded_as(False), "loaded_with_warnings": loaded_as(True),
             "quarantined": rejected_as("quarantined"), "needs_review": rejected_as("needs_review")}
    return {
        "period": period,
        "run_id": run_id,
        "workbooks": submissions.height,
        "counts": {kind: len(items) for kind, items in kinds.items()},
        **kinds,
        "area_totals": totals,
        "completeness": {
            "counts": {status: sum(1 for c in completeness if c["submission_status"] == status)
                       for status in SUBMISSION_STATUS},
            # without figures in this publication: missing, or every file returned; the workbook is provisional
            "absent": [{"commune_code": c["commune_code"], "commune_name": c["commune_name"],
                        "status": c["submission_status"]} for c in completeness if c["submission_status"] in ABSENT],
            "communes": [{k: c[k] for k in ("district_name", "commune_code", "commune_name", "submission_status")}
                         for c in completeness],
        },
        "outputs": {key: [str(p) for p in value] if isinstance(value, list) else str(value)
                    for key, value in published.items()},
        "warehouse": str(database),
        "models": len(loaded["models"]),
    }


def _warehouse_stages(database, run_id, period, inbox, submissions, cells, errors, started_at, thresholds, due_date,
                      out):
    """Load, then check and publish what was loaded."""
    logger = get_run_logger()
    loaded = tasks.load(database, run_id, period, str(inbox), submissions, cells, errors, started_at, thresholds,
                        due_date)
    logger.info("nạp %d (%d xã có cảnh báo), cách ly %d, chờ xác nhận xã %d / loaded %d (%d communes with warnings), "
                "quarantined %d, needs review %d",
                *[loaded["loaded"], loaded["warnings"]["file_id"].n_unique(), loaded["quarantined"],
                  loaded["needs_review"]] * 2)
    published, expectations = {}, None
    completeness = tasks.completeness(database, period)
    totals = tasks.area_totals(database, period)
    if totals:
        expectations = tasks.check_expectations(database, period, out / period / "data-docs")
        # a failed expectation fails the publish step (red in the UI), not the run: the load stands
        state = tasks.publish(database, period, out, expectations, return_state=True)
        if state.is_completed():
            published = state.result()
        else:
            logger.error("%s", state.message)
    else:
        logger.warning("kỳ %s chưa có tệp hợp lệ, không xuất bản / no valid workbook for %s, nothing published", period, period)
    return loaded, completeness, totals, expectations, published


@flow(name="consolidate-period", flow_run_name="consolidate-{period}",
      description="Tổng hợp kỳ báo cáo: đọc, kiểm tra, nạp kho, xuất bản · consolidate a reporting period")
def consolidate_period(period: str, inbox: str = "inbox", warehouse: str = str(DEFAULT_PATH), out: str = "out",
                       aliases: str = str(DEFAULT_ALIASES), batch_size: int = BATCH_SIZE,
                       max_rate_change_pp: float = Thresholds.max_rate_change_pp,
                       max_poor_rise_share: float = Thresholds.max_poor_rise_share,
                       max_village_change_share: float = Thresholds.max_village_change_share,
                       due_date: date | None = None) -> dict:
    """Read every workbook in ``inbox``, quarantine the ones that break a rule, load the rest for ``period``,
    rebuild the marts and publish the district workbook. A bad workbook never fails the run; an unlikely figure
    (the ``max_*`` thresholds) is a warning, and its workbook still loads. ``due_date`` (ISO date; default 10 June
    for a six-month period, 15 October for a year) says which communes were late; a missing one makes the published
    workbook provisional."""
    thresholds = Thresholds(max_rate_change_pp, max_poor_rise_share, max_village_change_share)
    parse_period(period)
    logger = get_run_logger()
    started_at = datetime.now()
    run_id = f"{period}-{started_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    paths = tasks.inbox_files(Path(inbox))
    batches = [paths[i:i + batch_size] for i in range(0, len(paths), batch_size)]
    logger.info("%d tệp trong %s, %d lô / %d files in %s, %d batches", len(paths), inbox, len(batches), len(paths), inbox, len(batches))
    futures = [tasks.read_batch.submit(batch, label=f"{i + 1}/{len(batches)}") for i, batch in enumerate(batches)]
    extracted = [item for future in futures for item in future.result()]
    # quote: Prefect would otherwise walk every cell of every workbook looking for upstream futures
    submissions, cells, errors = tasks.validate_all(quote(extracted), period, Path(aliases))
    out_dir = Path(out) / period
    reports = tasks.quarantine(errors, submissions, out_dir / "quarantine")
    database = Path(warehouse)
    # one run at a time holds the warehouse from loading to publishing; a second one waits its turn
    with exclusive(database, on_wait=lambda: logger.warning(
            "kho %s đang được một lần chạy khác dùng, chờ đến lượt / the warehouse is in use by another run, waiting",
            database)):
        loaded, completeness, totals, expectations, published = _warehouse_stages(
            database, run_id, period, inbox, submissions, cells, errors, started_at, thresholds, due_date, Path(out))
    summary = _summary(period, run_id, submissions, errors, loaded, reports, published, totals, database, completeness)
    summary["expectations"] = expectations and {
        "success": expectations["success"], "evaluated": expectations["evaluated"], "failed": expectations["failed"],
        "docs": str(expectations["docs"])}
    create_run_artifacts(summary)
    return summary
