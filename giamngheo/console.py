"""What ``giamngheo`` prints: a run's summary for the officer, and progress while it runs.

Text from files (names, cells, file names) is printed as rich ``Text``, never as markup, and without control
characters, so a crafted cell cannot style, link or move the terminal.
"""

import logging
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from vocabulary.escape import for_terminal
from vocabulary.labels import (
    AFTER_LOCK,
    FIGURE_LABELS,
    NO_PLAN,
    OUTCOMES,
    REVIEW_DECISIONS,
    SUBMISSION_STATUS,
    SYNTHETIC_BANNER,
    WITHDRAWAL_KINDS,
)
from vocabulary.text import vn_number

AREA_LINES = (
    ("Số xã / communes", "communes", 0),
    ("Tổng số hộ / households", "total_households", 0),
    ("Hộ nghèo / poor", "poor_households", 0),
    ("Tỷ lệ hộ nghèo (%)", "poverty_rate_pct", 2),
    ("Hộ DTTS / ethnic-minority", "em_households", 0),
    ("Hộ nghèo DTTS / EM poor", "em_poor_households", 0),
    ("Tỷ lệ hộ nghèo DTTS (%)", "em_poverty_rate_pct", 2),
    ("Kế hoạch hộ nghèo / plan poor", "target_poor_households", 0),
    ("Kế hoạch tỷ lệ (%) / plan rate", "target_poverty_rate_pct", 2),
    ("Mức giảm (điểm %) / fall (points)", "target_rate_reduction_pp", 2),
    ("Số hộ nghèo giảm / fewer poor", "target_poor_reduction", 0),
)
STAGES = {"read": "Đọc tệp / reading", "publish": "Xuất bản / publishing"}
# below this many files a run is over before a bar is worth drawing
PROGRESS_FROM = 20
ERRORS_SHOWN = 10
AREAS_ACROSS = 5  # up to this many areas side by side; more (a province, the country) one per row, the first few
AREAS_SHOWN = 20


def _data(text) -> Text:
    return Text(for_terminal("" if text is None else text))


def line(*parts) -> Text:
    """A line of fixed words (str, or (str, style)) and data (anything else, escaped)."""
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            text.append(*part)
        elif isinstance(part, str):
            text.append(part)
        else:
            text.append_text(_data(part.value))
    return text


class Data:
    """Marks a value from a file for ``line``: printed as text, whatever it holds."""

    def __init__(self, value):
        self.value = value


def _figure(row: dict, key: str, decimals: int) -> str:
    """An area's figure as the workbook prints it: a plan figure left blank (a commune without a plan) as NO_PLAN."""
    return NO_PLAN if row[key] is None and key.startswith("target_") else vn_number(row[key], decimals)


def _area_table(totals: list[dict]) -> Table:
    """The areas' totals: measures down and areas across for a district office's few areas (reads in a narrow
    terminal too); one area per row, the first AREAS_SHOWN of them, for many."""
    level = totals[0]["area_level"]
    table = Table(title="Toàn huyện / district totals" if level == "district" else "Toàn tỉnh / province totals")
    if len(totals) <= AREAS_ACROSS:
        table.add_column("")
        for row in totals:
            table.add_column(_data(row["area_name"]), justify="right")
        for label, key, decimals in AREA_LINES:
            table.add_row(label, *[_figure(row, key, decimals) for row in totals])
        if any(row["communes_with_plan"] < row["communes"] for row in totals):
            table.caption = (f"{NO_PLAN} kế hoạch để trống: có xã chưa có kế hoạch (chỉ gửi danh sách hộ) / plan left "
                             "blank: a commune sent its household register only")
        return table
    shown = [line for line in AREA_LINES if line[1] in
             ("communes", "total_households", "poor_households", "poverty_rate_pct", "target_poverty_rate_pct")]
    table.add_column("Huyện / district" if level == "district" else "Tỉnh / province")
    for label, _, _ in shown:
        table.add_column(label, justify="right")
    for row in totals[:AREAS_SHOWN]:
        table.add_row(_data(row["area_name"]), *[_figure(row, key, decimals) for _, key, decimals in shown])
    if len(totals) > AREAS_SHOWN:
        table.caption = (f"… và {len(totals) - AREAS_SHOWN} {'huyện' if level == 'district' else 'tỉnh'} khác / and "
                         f"{len(totals) - AREAS_SHOWN} more: --json, or the Parquet of marts.plan_vs_result_by_{level}")
    return table


def review_table(period: str, rows: list[dict]) -> Table:
    """``giamngheo review``: each submission that counts only once approved, its decision, and its figures against
    the commune's earlier period."""
    table = Table(title=f"Kỳ {period}: báo cáo của xã cần huyện duyệt / submissions for the district to review")
    for header, justify in (("Xã / commune", "left"), ("Tệp / file", "left"), ("Duyệt / decision", "left"),
                            ("Hộ nghèo / poor", "right"), ("Tỷ lệ / rate", "right"), ("Kỳ trước / before", "right"),
                            ("Cảnh báo / warning", "left")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        before = ("–" if row["previous_poverty_rate_pct"] is None
                  else f"{vn_number(row['previous_poverty_rate_pct'], 2)} ({row['previous_period']})")
        moved = (f"tỷ lệ đổi / rate moved {vn_number(row['rate_change_pp'], 2)} điểm / points"
                 if row["rate_moved"] else "")
        table.add_row(_data(f"{row['commune_name']} ({row['commune_code']})"), _data(row["file_name"]),
                      REVIEW_DECISIONS[row["decision"]] + (f": {for_terminal(row['note'])}" if row["note"] else ""),
                      vn_number(row["poor_households"]), vn_number(row["poverty_rate_pct"], 2), before, moved)
    if not rows:
        table.caption = ("Không có tệp nào cần duyệt (hồ sơ huyện: review_periods) / nothing to review (the district "
                         "profile's review_periods)")
    return table


def changes_table(period: str, before: int, after: int, rows: list[dict]) -> Table:
    """``giamngheo diff``: every published figure that differs between two versions, communes first."""
    table = Table(title=f"Kỳ {period}: thay đổi từ lần {before} đến lần {after} / changes from version {before} to "
                        f"{after}")
    for header, justify in (("Đơn vị / unit", "left"), ("Chỉ tiêu / measure", "left"), (f"Lần / v{before}", "right"),
                            (f"Lần / v{after}", "right"), ("Do tệp / caused by", "left")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        decimals = 2 if row["measure"].endswith(("_pct", "_pp")) else 0
        table.add_row(_data(f"{row['unit_name']} ({row['unit_code']})"),
                      FIGURE_LABELS.get(row["measure"], row["measure"]),
                      *("–" if row[key] is None else vn_number(row[key], decimals)
                        for key in ("value_before", "value_after")), _data(row["caused_by"] or ""))
    if not rows:
        table.caption = "Không có số liệu nào khác / no figure differs"
    return table


def terminal(stderr: bool = False) -> Console:
    """Where the CLI prints. Sent to a file or a pipe (a log, ``| less``), a line is not wrapped: rich would wrap it
    at 80 columns, in the middle of a file's path, which could then not be copied from the log."""
    console = Console(stderr=stderr)
    console.soft_wrap = not console.is_terminal
    return console


def print_summary(summary: Mapping[str, Any], console: Console | None = None) -> None:
    """The run's summary as the terminal shows it: what the run did, each file that needs a person, how the communes
    reported, the area totals, what was published and the checks' verdict."""
    console = console or terminal()
    for section in (_print_run, _print_lock, _print_review, _print_files, _print_reporting, _print_outputs, _print_checks):
        section(summary, console)


def _print_run(summary: Mapping[str, Any], console: Console) -> None:
    console.print(line((f"Kỳ {summary['period']}", "bold"), f" · run {summary['run_id']} · "
                       f"{summary['workbooks']} tệp / workbooks"))
    if summary["synthetic"]:
        console.print(SYNTHETIC_BANNER, style="bold red", markup=False)
    for notice in summary["notices"]:
        console.print(line(("! ", "yellow"), Data(notice)))
    if summary["nothing_new"] and summary["read"]:
        console.print("Không có gì mới dùng được từ lần chạy trước (xem các tệp không đọc bên dưới): không xuất bản lại "
                      "/ nothing new that could be used since the last run (see the files set aside below): nothing "
                      "published again", markup=False)
    elif summary["nothing_new"]:
        console.print("Không có gì mới từ lần chạy trước: không đọc, không xuất bản lại / nothing new since the last "
                      "run: nothing read, nothing published again", markup=False)
    elif summary["read"] < summary["workbooks"] - summary["counts"]["set_aside"]:
        files = "file" if summary["read"] == 1 else "files"
        console.print(f"Đọc {summary['read']} tệp mới hoặc đã sửa, các tệp khác không đổi / read {summary['read']} new "
                      f"or changed {files}, the others are unchanged", markup=False)
    counts = summary["counts"]
    console.print(" · ".join(f"{OUTCOMES[kind]}: {counts[kind]}" for kind in OUTCOMES
                             if counts[kind] or kind == "loaded"), markup=False)


def _print_lock(summary: Mapping[str, Any], console: Console) -> None:
    """The lock the period is under, and the files received since, which count in nothing until it is lifted."""
    lock = summary["lock"]
    if not lock:
        return
    # who locked it and when are in --json and marts.publication_versions
    console.print(line(("KỲ ĐÃ KHÓA / PERIOD LOCKED", "bold yellow"), f" (lần / version {lock['version']}): ",
                       Data(lock["reason"]),
                       " — số liệu đã xuất bản giữ nguyên / what was published stays as it was sent"))
    for item in summary["received_after_lock"]:
        console.print(line("Nhận sau khi khóa / received after the lock: ", Data(item["file_name"]), " (",
                           Data(item["commune_code"] or "?"), f") — {AFTER_LOCK[item['status']]}",
                           f", {item['errors']} lỗi / errors" if item["errors"] else ""))
    if summary["received_after_lock"]:
        console.print(f"Mở khóa để tính các tệp này / unlock to count them: giamngheo unlock --period "
                      f"{summary['period']} --reason …", markup=False)


def _print_review(summary: Mapping[str, Any], console: Console) -> None:
    """The submissions waiting for the district's approval: they count from the run after it."""
    waiting = [row for row in summary["review"] if row["decision"] == "waiting"]
    if waiting:
        console.print(line(("CHỜ HUYỆN DUYỆT / AWAITING REVIEW", "bold yellow"), f": {len(waiting)} tệp / files, ",
                           Data(", ".join(row["commune_name"] for row in waiting)), " — ",
                           f"giamngheo review --period {summary['period']}"))


def _print_files(summary: Mapping[str, Any], console: Console) -> None:
    """The files loaded with warnings, counted once, set aside, quarantined or waiting for review."""
    for item in summary["loaded_with_warnings"]:
        console.print(line("\n", ("⚠ ", "yellow"), Data(item["file"]), " (", Data(item["commune_name"]), ")"))
        for warning in item["warnings"]:
            console.print(line("   ", Data(warning["message_vi"]), "\n     ", Data(warning["message_en"])))
    for item in summary["duplicate"]:
        console.print(line("\n= ", Data(item["file"]), " → ", Data(item["copy_of"]),
                           " (trùng từng byte, tính một lần / identical bytes, counted once)"))
    for item in summary["set_aside"]:
        console.print(line("\n- ", Data(item["message_vi"]), "\n  ", Data(item["message_en"])))
    for item in summary["quarantined"] + summary["needs_review"]:
        console.print(line("\n", ("✗ ", "red"), (for_terminal(item["file"]), "red"), " (",
                           Data(item["commune_name"] or "?"), ") → ", Data(item["report"])))
        if item["feedback"]:
            console.print(line("   Tệp đánh dấu lỗi gửi lại xã / marked-up copy for the commune: ",
                               Data(item["feedback"])))
        for problem in item["errors"][:ERRORS_SHOWN]:
            console.print(line("   ", Data(problem["message_vi"]), "\n     ", Data(problem["message_en"])))
        if len(item["errors"]) > ERRORS_SHOWN:
            console.print(f"   … {len(item['errors']) - ERRORS_SHOWN} lỗi khác / more errors in the report", markup=False)


def _print_reporting(summary: Mapping[str, Any], console: Console) -> None:
    """Which communes reported, which are out of the figures, and the area totals."""
    done = summary["completeness"]
    if done["counts"]:
        console.print("Tình hình nộp / reporting: " + ", ".join(
            f"{count} {SUBMISSION_STATUS[state].lower()}" for state, count in done["counts"].items() if count),
            markup=False)
        if done["absent"]:
            names = ", ".join(f"{a['commune_name']} ({a['status']}"
                              + (f": {a['rejected_for']})" if a["rejected_for"] else ")") for a in done["absent"])
            console.print(line(("SỐ LIỆU TẠM TÍNH / PROVISIONAL", "bold red"), " — chưa có số liệu / no figures: ",
                               Data(names)))
    for gone in summary["withdrawn"]:
        console.print(line("Không tính / out of the figures: ", Data(gone["file_name"]), " (", Data(gone["commune_name"]),
                           f") — {WITHDRAWAL_KINDS[gone['kind']]}", Data(f": {gone['reason']}" if gone["reason"] else "")))
    if summary["area_totals"]:
        console.print(_area_table(summary["area_totals"]))


def _print_outputs(summary: Mapping[str, Any], console: Console) -> None:
    """What was published, taken down or could not be written, and the warehouse."""
    for kind, label in (("workbooks", "Bảng tổng hợp / published workbook"), ("reports", "Báo cáo HTML / HTML report"),
                        ("official", "Báo cáo chính thức / official report")):
        written = summary["outputs"].get(kind, [])
        if len(written) <= AREAS_ACROSS:
            for path in written:
                console.print(line(f"{label}: ", Data(path)))
        else:
            console.print(line(f"{label}s: {len(written)} → ", Data(f"{Path(written[0]).parent}/")))
    if summary["outputs"].get("parquet"):
        # <out>/parquet/<mart>/period=<period>/<mart>.parquet
        console.print(line("Parquet: ", Data(f"{Path(summary['outputs']['parquet'][0]).parents[2]}/"),
                           f" ({len(summary['outputs']['parquet'])} marts)"))
    for path in summary["outputs"].get("removed", []):
        console.print(line("Đã gỡ, huyện/tỉnh không còn số liệu / taken down, its area has no figures left: ",
                           Data(path)))
    for failure in summary["failed"]:
        console.print(line(("Không ghi được / not written: ", "bold red"), Data(failure["path"]), " — ",
                           Data(failure["error"])))
    if summary["outputs"] and summary["version"]:
        console.print(f"Lần xuất bản / publication version: {summary['version']}", markup=False)
    console.print(line("Kho dữ liệu / warehouse: ", Data(summary["warehouse"])))


def _print_checks(summary: Mapping[str, Any], console: Console) -> None:
    checked = summary["expectations"]
    if checked:
        verdict = ("đạt / passed", "green") if checked["success"] else (
            "KHÔNG ĐẠT, không xuất bản / FAILED, nothing published", "red")
        console.print(line(f"Kiểm định kho / warehouse expectations: {checked['evaluated']} ", verdict, " → ",
                           Data(checked["docs"])))
        for failure in checked["failed"][:ERRORS_SHOWN]:
            console.print(line("   ", Data(f"{failure['expectation']} ({failure['table']}): {failure['detail']}")))


@contextmanager
def progress_bars(console: Console, files: int):
    """A ``progress(stage, done, total)`` callback drawing one bar per stage on ``console``, or None when the
    console is not a terminal or the run is small."""
    if not console.is_terminal or files < PROGRESS_FROM:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bars:
        tasks = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(STAGES.get(stage, stage), total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield progress


TREND_COLUMNS = (("Kỳ\nperiod", "period", None), ("Số hộ\nhouseholds", "total_households", 0),
                 ("Hộ nghèo\npoor", "poor_households", 0), ("Tỷ lệ %\nrate", "poverty_rate_pct", 2),
                 ("± điểm\nchange", "change_pp", 2), ("± /năm\n/year", "change_pp_per_year", 2),
                 ("KH %\nplan", "planned_poverty_rate_pct", 2), ("± KH\nvs plan", "above_plan_pp", 2))


def print_trend(unit: dict, rows: list[dict], path: Path, console: Console | None = None) -> None:
    """A unit's series, a period a row, and where its CSV went."""
    console = console or terminal()
    table = Table(title=Text(f"{unit['unit_name']} ({unit['unit_code']}, {unit['province_name']})"))
    for label, _, _ in TREND_COLUMNS:
        table.add_column(label, justify="left" if label.startswith("Kỳ") else "right")
    for row in rows:
        marked = {**row, "period": f"{row['period']} *" if row["is_synthetic"] else row["period"]}
        table.add_row(*[_data(marked[key]) if places is None else
                        ("" if row[key] is None else vn_number(row[key], places)) for _, key, places in TREND_COLUMNS])
    console.print(table)
    if any(row["is_synthetic"] for row in rows):
        console.print(f"* {SYNTHETIC_BANNER}", style="bold red", markup=False)
    console.print(line("CSV: ", Data(path)))


class _WithoutTraceback(logging.Formatter):
    """A log line as ``inner`` formats it, without the traceback of an exception it carries: the person at the
    terminal reads the message, and the log file giamngheo names holds the details."""

    def __init__(self, inner: logging.Formatter | None):
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        kept = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = kept


def without_tracebacks_on_the_terminal() -> None:
    """Log lines printed on the terminal (Prefect's among them) carry no traceback; the handlers that send them
    elsewhere (the Prefect UI) still do."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler.formatter, _WithoutTraceback):
            handler.setFormatter(_WithoutTraceback(handler.formatter))
