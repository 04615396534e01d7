"""What a run says it did, one dict for the terminal, ``--json`` and the Prefect UI alike: every file of the inbox
with exactly one outcome and its reasons, the completeness of reporting, the area totals, what was published."""

import polars as pl

from vocabulary.labels import ABSENT, OUTCOMES, SUBMISSION_STATUS
from vocabulary.messages import warning_message, warning_value


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


def outcomes(present: pl.DataFrame, errors: pl.DataFrame, warnings: list[dict], set_aside: list = ()) -> dict:
    """outcome -> the files of the inbox that had it, each file (by path) in exactly one."""
    rejected, warned = _problems_by_file(errors), warnings_by_file(warnings)
    found = {kind: [] for kind in OUTCOMES}
    for row in present.iter_rows(named=True):
        file_id = row["file_id"]
        item = {"file": row["file_name"], "path": row["source_path"], "commune_code": row["resolved_commune_code"],
                "commune_name": row["commune_name"]}
        if row["copy_of"]:
            found["duplicate"].append({**item, "copy_of": row["copy_of"]})
        elif row["status"] != "loaded":
            found[row["status"]].append({**item, "report": row["report_path"], "feedback": row["feedback_path"],
                                         "errors": rejected.get(file_id, [])})
        else:
            loaded = {**item, "resolved_by": row["resolution_method"], "converted_from": row["text_encoding"],
                      "sheets_read": row["sheets_read"]}
            if file_id in warned:
                found["loaded_with_warnings"].append({**loaded, "warnings": warned[file_id]})
            else:
                found["loaded"].append(loaded)
    for entry in set_aside:
        vi, en = entry.messages
        found["set_aside"].append({"file": entry.path.name, "path": str(entry.path), "rule": entry.rule,
                                   "message_vi": vi, "message_en": en})
    return found


def summarize(period: str, run_id: str, present: pl.DataFrame, errors: pl.DataFrame, warnings: list[dict],
              completeness: list[dict], withdrawals: list[dict], totals: list[dict], published: dict,
              expectations: dict | None, database, set_aside: list = (), read: int = 0,
              nothing_new: bool = False, notices: list[str] = ()) -> dict:
    """The run's summary from what the warehouse holds for the period after it (files a run did not need to read
    included), ``read`` the files it read, ``nothing_new`` when it had nothing to do, ``notices`` what the run did
    besides (a release a run that died left, completed; a damaged working copy started again)."""
    kinds = outcomes(present, errors, warnings, set_aside)
    return {
        "period": period,
        "run_id": run_id,
        "workbooks": present.height + len(set_aside),
        "read": read,
        "nothing_new": nothing_new,
        "notices": list(notices),
        "counts": {kind: len(kinds[kind]) for kind in OUTCOMES},
        **kinds,
        "area_totals": totals,
        "synthetic": any(total["is_synthetic"] for total in totals),
        "completeness": {
            "counts": {state: sum(1 for c in completeness if c["submission_status"] == state)
                       for state in SUBMISSION_STATUS},
            # without figures in this publication: missing, withdrawn or every file returned; the workbook is provisional
            "absent": [{"commune_code": c["commune_code"], "commune_name": c["commune_name"],
                        "status": c["submission_status"], "rejected_for": c["rejected_for"]}
                       for c in completeness if c["submission_status"] in ABSENT],
            "communes": [{k: c[k] for k in ("district_name", "commune_code", "commune_name", "submission_status",
                                            "figures_source")} for c in completeness],
        },
        "withdrawn": [{k: w[k] for k in ("commune_code", "commune_name", "file_name", "kind", "reason", "since")}
                      for w in withdrawals],
        "outputs": {"workbooks": [str(p) for p in published.get("workbooks", [])],
                    "reports": [str(p) for p in published.get("reports", [])],
                    "official": [str(p) for p in published.get("official", [])],
                    "parquet": [str(p) for p in published.get("parquet", [])],
                    "removed": [str(p) for p in published.get("removed", [])]} if published else {},
        "failed": published.get("failed", []),
        "warehouse": str(database),
        "expectations": expectations and {
            "success": expectations["success"], "evaluated": expectations["evaluated"],
            "failed": expectations["failed"], "docs": str(expectations["docs"]), "tables": expectations["tables"]},
    }
