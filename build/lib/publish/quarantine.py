"""What goes back to a commune whose workbook was quarantined: a copy of it, a CSV of every problem, and its own
workbook with each offending cell highlighted and commented (``<file>.loi.xlsx``).

File names come from outside: the names written here are made safe (no path, no control characters, bounded
length) and unique within the folder, so two files of the same name in different subfolders keep both reports.
"""

import csv
import hashlib
import logging
import re
import shutil
import time
import unicodedata
from pathlib import Path

import polars as pl

from publish.feedback import write_feedback
from vocabulary.escape import for_csv

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
# room for ".loi.xlsx" and a disambiguating suffix within the 255 bytes most file systems allow
MAX_NAME_BYTES = 180
# control characters (C0, C1), the bidirectional overrides that make a name read otherwise than it is, and what
# file systems or shells treat specially
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069/\\:*?\"<>|]+")


def safe_name(file_name: str, source_path: str) -> str:
    """A file name to write for a received file: its own name, cleaned and cut to MAX_NAME_BYTES (UTF-8), with a
    short hash of its path when it had to change, so that different files never get the same name.

    >>> safe_name("xa-a.xlsx", "inbox/xa-a.xlsx")
    'xa-a.xlsx'
    >>> safe_name("a\\x1bb.xlsx", "inbox/a\\x1bb.xlsx")
    'a_b-52d504.xlsx'
    """
    name = unicodedata.normalize("NFC", file_name)
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "tep"
    stem, dot, suffix = cleaned.rpartition(".") if "." in cleaned else (cleaned, "", "")
    suffix = (dot + suffix)[:12]
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    if stem + suffix == name:
        return name
    return f"{stem}-{hashlib.sha256(source_path.encode()).hexdigest()[:6]}{suffix}"


def _unique(name: str, source_path: str, taken: set[str]) -> str:
    if name.casefold() in taken:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem}-{hashlib.sha256(source_path.encode()).hexdigest()[:6]}.{suffix}" if dot else \
            f"{name}-{hashlib.sha256(source_path.encode()).hexdigest()[:6]}"
    taken.add(name.casefold())
    return name


# a file that could not be opened as a workbook, or a CSV export (no workbook to mark up): the report says it all
NO_MARKED_UP_COPY = ("unreadable", "format_csv")
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600
UNKNOWN_COMMUNE = "chua-ro-xa"  # a returned register whose commune could not be told


def _private(folder: Path, root: Path) -> Path:
    """``folder`` made, it and every folder between it and ``root`` readable by this user only."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in [folder, *folder.parents]:
        part.chmod(PRIVATE_FOLDER)
        if part == root:
            break
    return folder


def write_quarantine(errors: pl.DataFrame, submissions: pl.DataFrame, directory: Path,
                     registers: Path | None = None) -> list[dict]:
    """Copy each rejected file into ``directory`` beside ``<file>.loi.csv`` listing every problem in it, and its
    marked-up workbook ``<file>.loi.xlsx``; return one dict per file (source_path, copy, report, feedback). A
    household register, which holds names and identity numbers, goes to ``registers/<commune code>/`` instead
    (``registers``: the returned registers' folder of the period): outside the published tree, and only this user can
    open it (files 0600, folders 0700, the returned registers' own folder included)."""
    directory = Path(directory)
    rejected = (submissions.filter(pl.col("copy_of").is_null())
                .join(errors, on="file_id", how="inner").sort("source_path", "sheet", "cell"))
    written: list[dict] = []
    taken: set[str] = set()
    for (source_path,), rows in rejected.group_by("source_path", maintain_order=True):
        first = rows.row(0, named=True)
        name = _unique(safe_name(first["file_name"], source_path), source_path, taken)
        private = registers is not None and first.get("kind") == "register"
        if private:
            assert registers is not None  # private only with registers
            folder = _private(Path(registers) / (first.get("attributed_commune_code") or UNKNOWN_COMMUNE),
                              Path(registers).parent)  # <returned registers>/<period>/<commune>
        else:
            folder = directory
            folder.mkdir(parents=True, exist_ok=True)
        written.append(_return(rows, source_path, name, folder, private))
    return written


def _return(rows: pl.DataFrame, source_path: str, name: str, directory: Path, private: bool) -> dict:
    """The copy, the CSV report and the marked-up workbook of one rejected file, in ``directory``."""
    first = rows.row(0, named=True)
    copy = directory / name
    shutil.copyfile(source_path, copy)
    report = directory / f"{name}.loi.csv"
    # utf-8-sig: Excel needs the BOM to open Vietnamese text in a CSV correctly.
    with open(report, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([header for _, header in REPORT_COLUMNS])
        for row in rows.iter_rows(named=True):
            writer.writerow([for_csv(row[column]) for column, _ in REPORT_COLUMNS])
    feedback = None
    if not rows["rule"].is_in(NO_MARKED_UP_COPY).any():
        try:
            feedback = write_feedback(Path(source_path), rows.to_dicts(), directory / f"{name}.loi.xlsx")
        except Exception as error:  # noqa: BLE001  the CSV already says it all; a file openpyxl chokes on must not stop the run
            log.warning("không ghi được tệp đánh dấu lỗi cho %s (%s) / no marked-up copy of %s (%s)",
                        name, error, name, error)
    if private:
        for path in (copy, report, feedback):
            if path is not None:
                path.chmod(PRIVATE_FILE)
    return {"source_path": source_path, "file_id": first["file_id"], "copy": copy, "report": report,
            "feedback": feedback}


def move_returned(report: Path, feedback: Path | None, registers: Path, commune_code: str | None) -> tuple[Path, Path | None]:
    """A register's copy, report and marked-up copy that an earlier version returned from the published tree, moved
    to ``registers/<commune code>/`` (made private); their new report and feedback paths."""
    folder = _private(Path(registers) / (commune_code or UNKNOWN_COMMUNE), Path(registers).parent)
    copy = report.with_name(report.name.removesuffix(".loi.csv"))
    moved = []
    for path in (copy, report, feedback):
        if path is not None and path.exists():
            target = folder / path.name
            shutil.move(path, target)
            target.chmod(PRIVATE_FILE)
        moved.append(None if path is None else folder / path.name)
    moved_report = moved[1]
    assert moved_report is not None  # the report is always there to move
    return moved_report, moved[2]


def clear_returned(errors: pl.DataFrame, submissions: pl.DataFrame, registers: Path) -> list[Path]:
    """Delete what was returned to a commune whose register this run loads: the corrected file has arrived, and the
    names in the refused one have no more reason to be kept. Return the folders deleted."""
    loaded = (submissions.filter((pl.col("kind") == "register") & pl.col("attributed_commune_code").is_not_null())
              .join(errors.select("file_id").unique(), on="file_id", how="anti"))
    cleared = []
    for code in loaded["attributed_commune_code"].unique().to_list():
        folder = Path(registers) / code
        if folder.is_dir():
            shutil.rmtree(folder)
            cleared.append(folder)
    return cleared


def prune_returned(registers: Path, keep_days: float, now: float | None = None) -> list[Path]:
    """Delete the returned registers older than ``keep_days`` (by when they were written), and the folders they
    leave empty; return the files deleted."""
    registers = Path(registers)
    if not registers.is_dir():
        return []
    oldest = (now or time.time()) - keep_days * 86400
    removed = [path for path in registers.rglob("*") if path.is_file() and path.stat().st_mtime < oldest]
    for path in removed:
        path.unlink()
    for folder in sorted((p for p in registers.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed
