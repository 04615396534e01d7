"""What goes back to a commune whose workbook was quarantined: a copy of it, a CSV of every problem, and its own
workbook with each offending cell highlighted and commented (``<file>.loi.xlsx``)."""

import csv
import logging
import shutil
from pathlib import Path

import polars as pl

from publish.feedback import write_feedback

log = logging.getLogger(__name__)

REPORT_COLUMNS = (
    ("file_name", "Tệp / File"),
    ("sheet", "Trang / Sheet"),
    ("cell", "Ô / Cell"),
    ("value", "Giá trị / Value"),
    ("rule", "Quy tắc / Rule"),
    ("message_vi", "Lỗi cần sửa"),
    ("message_en", "What to fix"),
)
_FORMULA_STARTS = ("=", "+", "-", "@")


def _safe(value) -> str:
    """Cell text as CSV text that a spreadsheet will show, never run: a leading = + - @ is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_quarantine(errors: pl.DataFrame, submissions: pl.DataFrame, directory: Path) -> list[dict]:
    """Copy each rejected workbook into ``directory`` beside ``<file>.loi.csv`` listing every problem in it."""
    directory = Path(directory)
    rejected = submissions.join(errors, on="file_id", how="inner").sort("file_name", "sheet", "cell")
    written = []
    for (file_id,), rows in rejected.group_by("file_id", maintain_order=True):
        first = rows.row(0, named=True)
        directory.mkdir(parents=True, exist_ok=True)
        copy = directory / first["file_name"]
        shutil.copy2(first["source_path"], copy)
        report = directory / f"{first['file_name']}.loi.csv"
        # utf-8-sig: Excel needs the BOM to open Vietnamese text in a CSV correctly.
        with open(report, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([header for _, header in REPORT_COLUMNS])
            for row in rows.iter_rows(named=True):
                writer.writerow([_safe(row[column]) for column, _ in REPORT_COLUMNS])
        feedback = None
        if not (rows["rule"] == "unreadable").any():
            try:
                feedback = write_feedback(Path(first["source_path"]), rows.to_dicts(),
                                          directory / f"{first['file_name']}.loi.xlsx")
            except Exception as error:  # noqa: BLE001  the CSV already says it all; a file openpyxl chokes on must not stop the run
                log.warning("không ghi được tệp đánh dấu lỗi cho %s (%s) / no marked-up copy of %s (%s)",
                            first["file_name"], error, first["file_name"], error)
        written.append({"file_id": file_id, "copy": copy, "report": report, "feedback": feedback})
    return written
