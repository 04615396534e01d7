"""What a run says it did, one dict for the terminal, ``--json`` and the Prefect UI alike: every workbook with its
outcome and reasons, the completeness of reporting, the area totals, what was published."""

import polars as pl

from vocabulary.labels import ABSENT, OUTCOMES, SUBMISSION_STATUS
from vocabulary.messages import warning_message, warning_value
from warehouse.load import workbook_status


def _problems_by_file(problems: pl.DataFrame) -> dict[str, list[dict]]:
    by_file = {}
    for row in problems.iter_rows(named=True):
        by_file.setdefault(row["file_id"], []).append(
            {k: row[k] for k in ("sheet", "cell", "value", "rule", "message_vi", "message_en")})
    return by_file


def warnings_by_file(warnings: list[dict]) -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
    for warning in warnings:
        vi, en = warning_message(warning)
        by_file.setdefault(warning["file_id"], []).append(
            {"sheet": warning["sheet"], "cell": warning["cell"], "value": warning_value(warning),
             "rule": warning["rule"], "message_vi": vi, "message_en": en})
    return by_file


def summarize(period: str, run_id: str, submissions: pl.DataFrame, errors: pl.DataFrame, warnings: list[dict],
              reports: list[dict], completeness: list[dict], totals: list[dict], published: dict,
              expectations: dict | None, database) -> dict:
    by_file = {row["file_id"]: row for row in submissions.iter_rows(named=True)}
    rejected, warned = _problems_by_file(errors), warnings_by_file(warnings)
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
        "counts": {kind: len(kinds[kind]) for kind in OUTCOMES},
        **kinds,
        "area_totals": totals,
        "completeness": {
            "counts": {state: sum(1 for c in completeness if c["submission_status"] == state)
                       for state in SUBMISSION_STATUS},
            # without figures in this publication: missing, or every file returned; the workbook is provisional
            "absent": [{"commune_code": c["commune_code"], "commune_name": c["commune_name"],
                        "status": c["submission_status"]} for c in completeness if c["submission_status"] in ABSENT],
            "communes": [{k: c[k] for k in ("district_name", "commune_code", "commune_name", "submission_status")}
                         for c in completeness],
        },
        "outputs": {key: [str(p) for p in value] if isinstance(value, list) else str(value)
                    for key, value in published.items()},
        "warehouse": str(database),
        "expectations": expectations and {
            "success": expectations["success"], "evaluated": expectations["evaluated"],
            "failed": expectations["failed"], "docs": str(expectations["docs"])},
    }
