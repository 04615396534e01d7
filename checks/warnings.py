"""Warnings: figures that break no rule but are unlikely, for the district to confirm with the commune (like DHIS2's
outlier checks). A workbook with warnings still loads; its warnings are listed in the run summary and published."""

from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import polars as pl

from giamngheo.messages import render
from transforms.text import vn_number

WARNINGS_SQL = Path(__file__).resolve().parent.parent / "sql" / "checks" / "warnings.sql"
WARNING_SCHEMA = {
    "file_id": pl.String, "commune_code": pl.String, "sheet": pl.String, "cell": pl.String, "value": pl.String,
    "rule": pl.String, "message_vi": pl.String, "message_en": pl.String,
}


@dataclass(frozen=True)
class Thresholds:
    """When a change is worth a warning; each can be set per run (``giamngheo run --help``)."""

    max_rate_change_pp: float = 5.0  # the commune's poverty rate moved more points than this since the previous year
    max_poor_rise_share: float = 0.2  # poor households rose by more than this share while near-poor households fell
    max_village_change_share: float = 0.3  # a village's households rose or fell by more than this share


def _english(value, decimals: int) -> str:
    return "" if value is None else f"{value:,.{decimals}f}"


def _message(row: dict, thresholds: Thresholds, file_names: dict[str, str]) -> tuple[str, str]:
    rule = row["rule"]
    if rule == "commune_resubmitted":
        return render(rule, value=int(row["value"]), files=row["files"], current=file_names[row["file_id"]])
    rate = rule == "rate_moved"
    decimals = 2 if rate else 0
    fields = {"cell": f"{row['sheet']}!{row['cell']}" if row["cell"] else "", "village": row["village_name"]}
    for key in ("value", "previous_value", "other_value", "other_previous_value"):
        fields[key], fields[f"{key}_en"] = vn_number(row[key], decimals), _english(row[key], decimals)
    if rate:
        change, threshold = row["value"] - row["previous_value"], thresholds.max_rate_change_pp
    else:
        change = 100 * (row["value"] - row["previous_value"]) / row["previous_value"]
        threshold = 100 * (thresholds.max_poor_rise_share if rule == "poor_up_near_poor_down"
                           else thresholds.max_village_change_share)
    fields.update(change=vn_number(change, 2 if rate else 1), change_en=_english(change, 2 if rate else 1),
                  threshold=vn_number(threshold, 1), threshold_en=_english(threshold, 1))
    return render(rule, **fields)


def find_warnings(con: duckdb.DuckDBPyConnection, period: str, thresholds: Thresholds = Thresholds()) -> pl.DataFrame:
    """Every warning on the current workbooks of ``period``, one row each, naming the cell to look at."""
    rows = con.sql(WARNINGS_SQL.read_text(encoding="utf-8"), params={"period": period, **asdict(thresholds)}).pl()
    file_names = dict(con.sql("select file_id, file_name from raw.workbooks").fetchall())
    warnings = []
    for row in rows.iter_rows(named=True):
        vi, en = _message(row, thresholds, file_names)
        warnings.append({"file_id": row["file_id"], "commune_code": row["commune_code"], "sheet": row["sheet"],
                         "cell": row["cell"], "value": vn_number(row["value"], 2 if row["rule"] == "rate_moved" else 0),
                         "rule": row["rule"], "message_vi": vi, "message_en": en})
    return pl.DataFrame(warnings, schema=WARNING_SCHEMA)
