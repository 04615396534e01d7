"""What a run says it did, one dict for the terminal, ``--json`` and the Prefect UI alike: every file of the inbox
with exactly one outcome and its reasons, the completeness of reporting, the area totals, what was published."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast

import polars as pl

if TYPE_CHECKING:
    from pipeline.publications import Publication

from vocabulary.labels import ABSENT, OUTCOMES, SUBMISSION_STATUS
from vocabulary.messages import warning_message, warning_value


@dataclass(frozen=True)
class PeriodState:
    """What the warehouse holds for a period after a run (``pipeline.stages``: files, warnings, completeness,
    withdrawals, area_totals)."""

    present: pl.DataFrame  # the files of the period's inbox, one row each
    errors: pl.DataFrame
    warnings: list[dict]
    completeness: list[dict]
    withdrawals: list[dict]
    totals: list[dict]
    publication: "Publication"  # its latest version and its lock
    review: list[dict]  # the submissions that count only once approved, with the district's decision


@dataclass(frozen=True)
class Outcome:
    """What a run did: what it published (``stages.release``), its checks' verdict, the files it set aside."""

    run_id: str
    published: dict = field(default_factory=dict)
    expectations: dict | None = None
    set_aside: tuple = ()
    read: int = 0  # files read
    nothing_new: bool = False  # nothing to do since the period's last run
    notices: tuple[str, ...] = ()  # what the run did besides (a release a run that died left, completed, …)
    received_after_lock: tuple[dict, ...] = ()  # files a run of a locked period read, counted in nothing


class Completeness(TypedDict):
    counts: dict[str, int]  # SUBMISSION_STATUS -> communes
    absent: list[dict]  # communes without figures in this publication: commune_code, commune_name, status, rejected_for
    communes: list[dict]


class Outputs(TypedDict):
    workbooks: list[str]
    reports: list[str]
    official: list[str]
    parquet: list[str]
    removed: list[str]


class Expectations(TypedDict):
    success: bool
    evaluated: int
    failed: list
    docs: str
    tables: list


class Summary(TypedDict):
    """A run's summary, the one shape the terminal, ``--json``, the Prefect UI's artifacts and the tests read. Each
    OUTCOMES key (loaded, loaded_with_warnings, quarantined, needs_review, duplicate, set_aside) holds its files."""

    period: str
    run_id: str
    workbooks: int  # files in the inbox
    read: int
    nothing_new: bool
    notices: list[str]
    counts: dict[str, int]  # OUTCOMES -> files
    loaded: list[dict]
    loaded_with_warnings: list[dict]
    quarantined: list[dict]
    needs_review: list[dict]
    duplicate: list[dict]
    set_aside: list[dict]
    area_totals: list[dict]
    synthetic: bool
    completeness: Completeness
    withdrawn: list[dict]
    outputs: Outputs | dict  # empty when nothing was published
    failed: list[dict]  # areas whose documents could not be written
    warehouse: str
    expectations: Expectations | None
    version: int | None  # the number of the period's latest publication (None before the first)
    lock: dict | None  # the lock the period is under: version, reason, locked_by, locked_at
    received_after_lock: list[dict]  # files of the inbox received after the lock, counted in nothing
    review: list[dict]  # submissions that count only once approved: commune, file, decision, figures against before


def _problems_by_file(problems: pl.DataFrame) -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
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


def outcomes(present: pl.DataFrame, errors: pl.DataFrame, warnings: list[dict], set_aside: Sequence = ()) -> dict:
    """outcome -> the files of the inbox that had it, each file (by path) in exactly one."""
    rejected, warned = _problems_by_file(errors), warnings_by_file(warnings)
    found: dict[str, list[dict]] = {kind: [] for kind in OUTCOMES}
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


def summarize(period: str, state: PeriodState, outcome: Outcome, database) -> Summary:
    """The run's summary from what the warehouse holds for the period after it (files a run did not need to read
    included) and what the run did."""
    kinds = outcomes(state.present, state.errors, state.warnings, outcome.set_aside)
    published, expectations, completeness = outcome.published, outcome.expectations, state.completeness
    nothing_published: dict = {}  # typed apart: an empty dict display there is taken for an Outputs lacking its keys
    return {
        "period": period,
        "run_id": outcome.run_id,
        "workbooks": state.present.height + len(outcome.set_aside),
        "read": outcome.read,
        "nothing_new": outcome.nothing_new,
        "notices": list(outcome.notices),
        "counts": {kind: len(kinds[kind]) for kind in OUTCOMES},
        "loaded": kinds["loaded"],
        "loaded_with_warnings": kinds["loaded_with_warnings"],
        "quarantined": kinds["quarantined"],
        "needs_review": kinds["needs_review"],
        "duplicate": kinds["duplicate"],
        "set_aside": kinds["set_aside"],
        "area_totals": state.totals,
        "synthetic": any(total["is_synthetic"] for total in state.totals),
        "completeness": {
            "counts": {status: sum(1 for c in completeness if c["submission_status"] == status)
                       for status in SUBMISSION_STATUS},
            # without figures in this publication: missing, withdrawn or every file returned; the workbook is provisional
            "absent": [{"commune_code": c["commune_code"], "commune_name": c["commune_name"],
                        "status": c["submission_status"], "rejected_for": c["rejected_for"]}
                       for c in completeness if c["submission_status"] in ABSENT],
            "communes": [{k: c[k] for k in ("district_name", "commune_code", "commune_name", "submission_status",
                                            "figures_source")} for c in completeness],
        },
        "withdrawn": [{k: w[k] for k in ("commune_code", "commune_name", "file_name", "kind", "reason", "since")}
                      for w in state.withdrawals],
        "outputs": {"workbooks": [str(p) for p in published.get("workbooks", [])],
                    "reports": [str(p) for p in published.get("reports", [])],
                    "official": [str(p) for p in published.get("official", [])],
                    "parquet": [str(p) for p in published.get("parquet", [])],
                    "removed": [str(p) for p in published.get("removed", [])]} if published else nothing_published,
        "failed": published.get("failed", []),
        "warehouse": str(database),
        # None, or the checks' verdict (never an empty dict, which `and` would give back as it is)
        "expectations": cast("Expectations | None", expectations and {
            "success": expectations["success"], "evaluated": expectations["evaluated"],
            "failed": expectations["failed"], "docs": str(expectations["docs"]), "tables": expectations["tables"]}),
        "version": state.publication.version,
        "lock": state.publication.lock_dict(),
        "received_after_lock": [{**file, "first_seen_at": file["first_seen_at"].isoformat(timespec="seconds")}
                                for file in outcome.received_after_lock],
        "review": [{k: row[k] for k in ("commune_code", "commune_name", "file_name", "decision", "note",
                                        "poor_households", "poverty_rate_pct", "previous_period",
                                        "previous_poverty_rate_pct", "rate_moved")} for row in state.review],
    }
