"""The ``giamngheo`` command: a thin layer over the library pipeline (``pipeline/``) and the Prefect deployments.

Arguments are checked before anything heavy is imported, so a usage error answers at once.
"""

import json
import logging
import os
import sys
import threading
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from giamngheo.portal.commands import portal_app
from pipeline.contracts import RunSettings
from vocabulary import paths
from vocabulary.paths import KEEP_RETURNED_REGISTERS_DAYS, Returned
from vocabulary.periods import PeriodError, parse_period, unit_structure
from vocabulary.thresholds import default_thresholds, given
from vocabulary.thresholds import thresholds as all_thresholds

if TYPE_CHECKING:  # annotations only: the run's summary, without importing the pipeline
    from pipeline.review import Decision
    from pipeline.summary import Summary

app = typer.Typer(help="Tổng hợp báo cáo giảm nghèo cấp xã / consolidate commune poverty-reduction reports.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

# exit statuses, as the README lists them
OK, CHECKS_FAILED, USAGE, NOTHING_TO_DO, NOT_ALL_PUBLISHED, RUN_FAILED, KEY_NEEDED = 0, 1, 2, 3, 4, 5, 6
INTERRUPTED = 130  # as a shell reports a command stopped with Ctrl+C
_DEFAULTS = default_thresholds()


def _stderr():
    from giamngheo.console import terminal

    return terminal(stderr=True)


class _Output:
    """How the command that is running prints: ``json`` when it was given --json, and its errors are then one JSON
    object on stdout too."""

    json = False


def fail(message: str, status: int = USAGE) -> NoReturn:
    from vocabulary.escape import for_terminal

    if _Output.json:
        sys.stdout.write(json.dumps({"error": message, "exit_code": status}, ensure_ascii=False) + "\n")
    else:
        typer.echo(f"Lỗi / error: {for_terminal(message)}")
    raise typer.Exit(status)


def _check_period(period: str) -> str:
    try:
        parse_period(period)
    except PeriodError as error:
        fail(str(error))
    return period


def _check_date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{what} {text!r} không hợp lệ, ghi dạng 2020-10-15 / {what} {text!r} is not a date like 2020-10-15")


@app.command()
def template(
    commune: str = typer.Option(..., help="Mã xã (ví dụ 24076) hoặc tên xã / official commune code or name"),
    period: str = typer.Option(..., help="Kỳ báo cáo: 2020 (cả năm) hoặc 2021-H1 (6 tháng)"),
    output: Path = typer.Option(..., "-o", "--output", help="Tệp .xlsx sẽ ghi / the .xlsx file to write"),
    district: str = typer.Option(None, help="Huyện, khi ghi tên xã / district, when naming the commune"),
    province: str = typer.Option(None, help="Tỉnh / province"),
    households: bool = typer.Option(False, "--households", help="Mẫu danh sách hộ (rà soát hộ nghèo, cận nghèo) "
                                    "thay cho báo cáo tổng hợp / the household register instead of the aggregate "
                                    "workbook"),
    aliases: Path = typer.Option(paths.ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
):
    """Ghi mẫu biểu cho một xã / write the workbook a commune fills in."""
    from publish.template import CommuneInfo, Submission, write_submission
    from transforms.aliases import alias_index, read_aliases
    from transforms.resolve import UnitNotFound, find_commune
    from vocabulary.standards import standard_with_indicators

    _check_period(period)
    try:
        unit = find_commune(commune, period, district or "", province or "", alias_index(read_aliases(aliases)))
        standard_with_indicators(period)
    except (UnitNotFound, PeriodError) as error:
        fail(str(error))
    if households:
        from publish.register_template import Register, write_register

        path = write_register(output, Register(CommuneInfo.of(unit), period))
    else:
        path = write_submission(output, Submission(CommuneInfo.of(unit), period))
    place = ", ".join(dict.fromkeys(p for p in (unit["commune_name"], unit.get("district_name"), unit["province_name"]) if p))
    typer.echo(f"Đã ghi / wrote {path} ({place}, kỳ {period})")


def _run(settings: RunSettings, as_json: bool, runner: str | None = None, dask_address: str | None = None,
         profile: Path | None = None) -> None:
    """Run a period as ``settings`` say, here or as the Prefect flow (``runner``), with the district profile of the
    file ``profile`` (default: giamngheo.toml here, or the bundled one); print its summary and exit as it went."""
    _check_period(settings.period)
    import flows

    flows.setup()  # before Prefect is imported
    from flows.runners import RUNNERS

    if runner and runner not in RUNNERS:
        fail(f"--task-runner {runner!r}: dùng / use {' | '.join(RUNNERS)}")
    if dask_address and runner != "dask":
        fail("--dask-address chỉ dùng với --task-runner dask / --dask-address goes with --task-runner dask")
    from transforms.inbox import InboxError, scan_apart
    from vocabulary.profile import ProfileError, load_profile

    try:  # read now: a profile that cannot be used is said before anything is read
        settings = replace(settings, profile=load_profile(profile))
    except ProfileError as error:
        fail(str(error))

    try:
        readable, _ = scan_apart(settings.inbox, settings.out, settings.warehouse)
    except InboxError as error:
        fail(str(error), NOTHING_TO_DO if error.empty else USAGE)
    from giamngheo.console import print_summary

    try:
        if runner:
            summary = _run_flow(settings, runner, dask_address, profile)
        else:
            summary = _run_here(settings, len(readable))
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        fail("đã dừng giữa chừng; lần chạy sau hoàn tất phần còn lại / stopped halfway; the next run completes what "
             "is left", INTERRUPTED)
    except Exception as error:  # noqa: BLE001  the program's or the disk's fault: a message and where the details are
        fail(f"không xuất bản gì / nothing published: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
             f"; chi tiết / details: {_log_failure(settings.warehouse)}", RUN_FAILED)
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
    else:
        print_summary(summary)
    if summary["expectations"] and not summary["expectations"]["success"]:
        raise typer.Exit(CHECKS_FAILED)
    if summary["failed"]:
        raise typer.Exit(NOT_ALL_PUBLISHED)
    if any(item["rule"] == "register_without_key" for item in summary["set_aside"]):
        raise typer.Exit(KEY_NEEDED)


def _run_here(settings: RunSettings, files: int) -> "Summary":
    """The library pipeline in this process, with progress bars on a terminal."""
    from giamngheo.console import progress_bars
    from pipeline import checking
    from pipeline.period import run_period
    from transforms.inbox import InboxError
    from warehouse.models import ModelError

    err = _stderr()
    try:
        with progress_bars(err, files) as progress:
            return run_period(settings, progress,
                              on_wait=lambda: err.print(f"Kho {settings.warehouse} đang được một lần chạy khác dùng, chờ "
                                                        "đến lượt / the warehouse is in use by another run, "
                                                        "waiting", markup=False))
    except InboxError as error:  # the inbox changed since it was looked at
        fail(str(error), NOTHING_TO_DO if error.empty else USAGE)
    except (ModelError, checking.CheckCouldNotRun) as error:  # the program's fault, not a file's: said plainly
        fail(f"không xuất bản gì / nothing published: {error}", CHECKS_FAILED)


def _log_failure(warehouse: Path) -> Path:
    """The traceback of the exception being handled, written to a log file beside the warehouse; its path."""
    import traceback

    folder = Path(warehouse).parent / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"giamngheo-{datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}.log"
    path.write_text(f"giamngheo {' '.join(sys.argv[1:])}\n{traceback.format_exc()}", encoding="utf-8")
    return path


def _run_flow(settings: RunSettings, runner: str, dask_address: str | None, profile: Path | None) -> "Summary":
    """The same run as the Prefect flow consolidate-period, its tasks on ``runner``: on the server of
    PREFECT_API_URL when one is set (and then in its UI), else on a temporary one."""
    from flows.consolidate import consolidate_period
    from flows.runners import task_runner
    from giamngheo.console import without_tracebacks_on_the_terminal

    without_tracebacks_on_the_terminal()  # a failure is said once, with the log file's path (_run)
    thresholds = {**_DEFAULTS, **(settings.thresholds or {})}
    returned = settings.returned
    assert returned is not None  # the run command, the only one with a runner, sets it (_returned)
    flow = consolidate_period.with_options(task_runner=task_runner(runner, dask_address))
    return flow(period=settings.period, inbox=str(settings.inbox), warehouse=str(settings.warehouse),
                out=str(settings.out), aliases=str(settings.aliases),
                **{t.flow_parameter: thresholds[t.rule] for t in all_thresholds()}, due_date=settings.due_date,
                received_on=settings.received_on.date() if settings.received_on else None, full=settings.full,
                synthetic=settings.synthetic, returned_registers=str(returned.folder),
                keep_returned_days=returned.keep_days, profile=str(profile) if profile else None)


def _day(on: date | None) -> datetime | None:
    """A day given on the command line as the moment it starts."""
    return datetime.combine(on, datetime.min.time()) if on else None


def _returned(folder: Path | None, warehouse: Path, keep_days: float):
    if keep_days < 0:
        fail(f"--keep-returned-days {keep_days:g}: cần ≥ 0 / must be ≥ 0")
    return Returned(folder or paths.returned_registers(warehouse), keep_days)


@app.command()
def run(
    period: str = typer.Option(..., help="Kỳ báo cáo: 2020 hoặc 2021-H1"),
    inbox: Path = typer.Option(paths.INBOX, help="Thư mục chứa tệp các xã gửi / folder of commune workbooks"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(paths.OUT, help="Thư mục xuất bản / where published files go"),
    aliases: Path = typer.Option(paths.ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
    as_json: bool = typer.Option(False, "--json", help="In một đối tượng JSON / print one JSON object"),
    max_rate_change: float = typer.Option(
        _DEFAULTS["rate_moved"], help="Cảnh báo khi tỷ lệ hộ nghèo của xã thay đổi quá số điểm này so với năm "
        "trước / warn when a commune's poverty rate moves more points than this since the previous year"),
    max_poor_rise: float = typer.Option(
        _DEFAULTS["poor_up_near_poor_down"], help="Cảnh báo khi hộ nghèo tăng quá tỷ lệ này mà hộ cận nghèo giảm / "
        "warn when poor households rise by more than this share while near-poor households fall"),
    max_village_change: float = typer.Option(
        _DEFAULTS["village_households_changed"], help="Cảnh báo khi số hộ của thôn thay đổi quá tỷ lệ này / warn "
        "when a village's households change by more than this share"),
    due_date: str = typer.Option(None, help="Hạn nộp, ví dụ 2020-10-15 (mặc định 10/6 hoặc 15/10) / when the files "
                                 "were due (default 10 June or 15 October)"),
    received_on: str = typer.Option(None, help="Ngày nhận các tệp mà kho chưa từng thấy, khi nhập tệp nhận từ "
                                    "trước (mặc định: hôm nay) / when files the warehouse has never seen were "
                                    "received, for files that arrived before giamngheo read them (default: now)"),
    full: bool = typer.Option(False, "--full", help="Đọc lại mọi tệp, dựng lại mọi bảng và xuất bản lại mọi địa bàn "
                              "(mặc định chỉ tệp mới hoặc đã sửa) / read every file again, rebuild every model and "
                              "republish every area (default: only new or changed files)"),
    runner: str = typer.Option(None, "--task-runner", metavar="threads|dask",
                               help="Chạy bằng luồng Prefect consolidate-period với bộ chạy tác vụ này (mặc định: "
                               "chạy trực tiếp, không cần Prefect) / run as the Prefect flow consolidate-period on this "
                               "task runner (default: the pipeline in this process, without Prefect)"),
    dask_address: str = typer.Option(None, help="Địa chỉ bộ lập lịch Dask, ví dụ tcp://10.0.0.5:8786 (mặc định: một "
                                     "cụm Dask trên máy này) / a Dask scheduler's address (default: a local cluster)"),
    synthetic: bool = typer.Option(False, "--synthetic", help="Các tệp mới là số liệu mô phỏng (trình diễn, tập huấn), "
                                   "mọi kết quả từ chúng ghi rõ như vậy / the new files are made-up figures (a "
                                   "demonstration, a training), and every output made from them says so"),
    returned_registers: Path = typer.Option(None, help="Nơi giữ danh sách hộ bị trả lại (có tên, số CCCD; chỉ người "
                                            "chạy đọc được); mặc định registers-returned cạnh kho / where refused "
                                            "household registers are kept for their communes (names and identity "
                                            "numbers; readable by this user only); default registers-returned beside "
                                            "the warehouse"),
    keep_returned_days: float = typer.Option(KEEP_RETURNED_REGISTERS_DAYS, help="Số ngày giữ danh sách hộ bị trả lại "
                                             "/ days a refused register is kept for its commune"),
    profile: Path = typer.Option(None, help="Hồ sơ huyện: cơ quan ban hành, người ký, nơi nhận (mặc định giamngheo.toml "
                                 "ở đây, nếu có) / the district profile: issuing body, signer, recipients (default "
                                 "giamngheo.toml here, when there is one)"),
):
    """Tổng hợp một kỳ / consolidate a reporting period."""
    _Output.json = as_json
    due = _check_date(due_date, "hạn nộp / due date")
    received = _check_date(received_on, "ngày nhận / received-on date")
    thresholds = given(locals(), by="argument")  # the options the seed names, whatever their number
    _run(RunSettings(period, inbox, warehouse, out, aliases, thresholds, due, _day(received), full, synthetic,
                     _returned(returned_registers, warehouse, keep_returned_days)), as_json, runner, dask_address,
         profile)


@app.command()
def demo(
    inbox: Path = typer.Option(Path("data/demo-inbox"), help="Nơi ghi tệp mẫu / where the demo workbooks are written"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(paths.OUT, help="Thư mục xuất bản / where published files go"),
    as_json: bool = typer.Option(False, "--json", help="In mỗi kỳ một dòng JSON / print one JSON object a line, a "
                                 "period each"),
    mistakes: bool = typer.Option(False, "--mistakes", help="Tệp của xã Ia Mláh có hai lỗi thường gặp, để xem tệp "
                                  "bị trả lại / Ia Mláh's file has two common mistakes, to see what is sent back"),
    registers: bool = typer.Option(False, "--registers", help="Thêm danh sách hộ của mỗi xã, khớp với báo cáo "
                                   "(cần GIAMNGHEO_PII_KEY) / add each commune's household register, matching its "
                                   "report (needs GIAMNGHEO_PII_KEY)"),
    second: bool = typer.Option(True, "--synthetic-period/--one-period",
                                help="Thêm kỳ 2021 mô phỏng (ghi rõ là mô phỏng) để có xu hướng / add a made-up 2021 "
                                "period (labelled synthetic everywhere) so that trends have a series"),
):
    """Ghi 14 tệp mẫu của huyện Krông Pa (2020) rồi tổng hợp; rồi kỳ 2021 mô phỏng / write Krông Pa's 14 demo
    workbooks and consolidate them; then a made-up 2021."""
    from giamngheo import demo as bundled

    _Output.json = as_json
    written = bundled.write_demo_inbox(inbox, mistakes, registers)
    if not as_json:
        typer.echo(f"Đã ghi {len(written)} tệp mẫu vào / wrote {len(written)} demo workbooks to {inbox}")
    _run(RunSettings(bundled.DEMO_PERIOD, inbox, warehouse, out, paths.ALIASES,
                     received_on=_day(bundled.DEMO_RECEIVED_ON)), as_json)
    if not second:
        return
    made_up = inbox.with_name(f"{inbox.name}-{bundled.SYNTHETIC_PERIOD}-{bundled.SYNTHETIC_SUFFIX}")
    written = bundled.write_synthetic_inbox(made_up)
    if not as_json:
        typer.echo(f"\nĐã ghi {len(written)} tệp MÔ PHỎNG kỳ {bundled.SYNTHETIC_PERIOD} vào / wrote {len(written)} "
                   f"SYNTHETIC workbooks for {bundled.SYNTHETIC_PERIOD} to {made_up}")
    _run(RunSettings(bundled.SYNTHETIC_PERIOD, made_up, warehouse, out, paths.ALIASES,
                     received_on=_day(bundled.SYNTHETIC_RECEIVED_ON), synthetic=True), as_json)


@app.command()
def trend(
    unit: str = typer.Argument(..., help="Mã hoặc tên xã, huyện, tỉnh / a commune's, district's or province's code or name"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    level: str = typer.Option(None, metavar="commune|district|province",
                              help="Cấp, khi tên trùng / the level, when a name is shared"),
    restated: bool = typer.Option(False, "--restated-2025", help="Theo xã sau sáp nhập 2025 / in the 2025 communes"),
    csv_path: Path = typer.Option(None, "--csv", help="Tệp CSV (mặc định out/trend-<mã>.csv) / the CSV to write "
                                  "(default out/trend-<code>.csv)"),
    aliases: Path = typer.Option(paths.ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
):
    """Tỷ lệ hộ nghèo của một đơn vị qua các kỳ / a unit's poverty rate across the periods the warehouse holds:
    the change each period, per year, and against its plan. Printed, and written as CSV."""
    from publish.trend import LEVELS, UnitNotFound, find_unit, trend_rows, write_trend_csv
    from transforms.aliases import alias_index, read_aliases

    if level and level not in LEVELS:
        fail(f"--level {level!r}: dùng / use {' | '.join(LEVELS)}")
    if not warehouse.exists():
        fail(f"chưa có kho {warehouse}; chạy một kỳ trước / no warehouse at {warehouse}; run a period first")
    import duckdb

    from giamngheo.console import print_trend

    with duckdb.connect(str(warehouse), read_only=True) as con:
        series = "restated_2025" if restated else "as_reported"
        try:
            found = find_unit(con, unit, level, series, alias_index(read_aliases(aliases)))
        except UnitNotFound as error:
            fail(str(error))
        rows = trend_rows(con, found, series)
    path = write_trend_csv(rows, csv_path or paths.OUT / f"trend-{found['unit_code']}.csv")
    print_trend(found, rows, path)


@app.command("posting-list")
def posting_list(
    register: Path = typer.Argument(..., help="Danh sách hộ của xã / the commune's household register (.xlsx, .xls, .ods)"),
    output: Path = typer.Option(..., "-o", "--output", help="Tệp .xlsx sẽ ghi / the .xlsx file to write"),
):
    """Danh sách niêm yết công khai của một xã, từ chính tệp của xã / a commune's list for public posting, from its own
    register: the only output with names, written only when asked."""
    from publish.posting_list import write_posting_list
    from transforms.read import ReadError
    from transforms.register import posting_rows

    if not register.is_file():
        fail(f"không có tệp {register} / no file {register}")
    try:
        info, households = posting_rows(register)
    except ReadError as error:
        fail(f"{error.message_vi} / {error.message_en}")
    except ValueError as error:
        fail(str(error))
    path = write_posting_list(output, info, households)
    poor = sum(1 for h in households if h["decided_class"] == "poor")
    typer.echo(f"Đã ghi / wrote {path}: {poor} hộ nghèo / poor, {len(households) - poor} hộ cận nghèo / near-poor")


app.add_typer(portal_app, name="portal")

aliases_app = typer.Typer(help="Tên xã đã xác nhận / confirmed commune names.", no_args_is_help=True)
app.add_typer(aliases_app, name="aliases")


@aliases_app.command("add")
def aliases_add(
    name: str = typer.Argument(..., help="Tên xã như trong tệp / the name as written"),
    code: str = typer.Argument(..., help="Mã xã chính thức / the official commune code"),
    district: str = typer.Option("", help="Chỉ áp dụng trong huyện này / only within this district"),
    province: str = typer.Option("", help="Tỉnh / province"),
    path: Path = typer.Option(paths.ALIASES, "--file", help="Tệp CSV / the aliases CSV"),
    replace: bool = typer.Option(False, "--replace", help="Đổi tên đã xác nhận cho xã khác; bản cũ vẫn lưu trong tệp "
                                 "/ change a name confirmed for another commune; the old one stays on record"),
):
    """Xác nhận một tên xã / confirm which commune a name stands for."""
    from transforms.aliases import AliasTaken, add_alias, confirmed
    from vocabulary import units
    from vocabulary.escape import for_shell, for_terminal

    commune = units.commune_by_code(code)
    if commune is None:
        fail(f"không có mã xã {code} / no commune has the code {code}")
    if district and commune["district_key"] not in units.name_keys(district):
        fail(f"mã {code} là {commune['commune_name']}, {commune['district_name']}, không thuộc huyện {district} / "
             f"{code} is {commune['commune_name']}, {commune['district_name']}, not in {district}")
    before = confirmed(name, district, path)
    try:
        row = add_alias(name, commune["commune_code"], district, province, path, replace)
    except AliasTaken as taken:
        held = units.commune_by_code(taken.current["commune_code"]) or {"commune_name": "?"}
        fail(f"'{name}' đã được xác nhận là {taken.current['commune_code']} {held['commune_name']} (ngày "
             f"{taken.current['added_on']}); để đổi / to change it: giamngheo aliases add {for_shell(name)} {code} "
             f"--district {for_shell(district)} --file {for_shell(path)} --replace / '{name}' is confirmed as "
             f"{taken.current['commune_code']} already")
    was = (f" (thay cho / replaces {before['commune_code']})"
           if before and before["commune_code"].strip() != row["commune_code"] else "")
    typer.echo(for_terminal(f"{name!r} → {commune['commune_code']} {commune['commune_name']}, "
                            f"{commune['district_name']} ({path}){was}"))


@aliases_app.command("list")
def aliases_list(path: Path = typer.Option(paths.ALIASES, "--file", help="Tệp CSV / the aliases CSV")):
    """Liệt kê tên đã xác nhận / list confirmed names."""
    from transforms.aliases import read_aliases
    from vocabulary.escape import for_terminal

    for row in read_aliases(path):
        typer.echo("\t".join(for_terminal(row[k]) for k in ("name_as_written", "commune_code", "district", "province")))


@app.command()
def resolve(
    name: str = typer.Argument(..., help="Tên hoặc mã xã / a commune name or code"),
    district: str = typer.Option("", help="Huyện / district"),
    province: str = typer.Option("", help="Tỉnh / province"),
    aliases: Path = typer.Option(paths.ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
    period: str = typer.Option("2020", help="Kỳ báo cáo: quyết định danh mục trước/sau 1/7/2025 / the period picks the unit list"),
    as_json: bool = typer.Option(False, "--json", help="In JSON / print JSON"),
):
    """Xã này là xã nào, và vì sao / which commune a name resolves to, and why. Exit 0 resolved, 1 needs review, 2 no match."""
    from transforms.aliases import alias_index, read_aliases
    from transforms.resolve import not_found, resolve_commune
    from vocabulary.escape import for_shell

    _Output.json = as_json
    structure = unit_structure(_check_period(period))
    field = "commune_code" if name.strip().isdigit() else "commune_name"
    info = {field: (name, "", ""), "district_name": (district, "", ""), "province_name": (province, "", "")}
    found = resolve_commune(info, alias_index(read_aliases(aliases)), structure)
    commune = found.commune or {}
    result = {
        "structure": structure,
        "name": name, "status": "resolved" if found.commune else ("review" if found.rule == "commune_review" else "no_match"),
        "method": found.method or None, "score": found.score, "commune_code": commune.get("commune_code"),
        "commune_name": commune.get("commune_name"), "district_name": commune.get("district_name", ""),
        "province_name": commune.get("province_name"), "rule": found.rule or None, "candidates": found.candidates,
    }
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    elif found.commune:
        place = ", ".join(p for p in (result["commune_name"], result["district_name"], result["province_name"]) if p)
        typer.echo(f"{name} → {result['commune_code']} {place} (cách / by: {found.method}, {found.score:g})")
    elif found.candidates:
        typer.echo(f"{name}: cần xác nhận / needs review. Ứng viên / candidates:")
        for rank, c in enumerate(found.candidates, 1):
            typer.echo(f"  {rank}. {c['commune_code']} {c['commune_name']} ({c['score']:g})")
        bound = f"--district {for_shell(district)}" if district else f"--province {for_shell(province)}"
        typer.echo(f"Xác nhận ứng viên 1 (mã khác cho ứng viên khác) / confirm candidate 1 (another's code for "
                   f"another): giamngheo aliases add {for_shell(name)} {found.candidates[0]['commune_code']} {bound} "
                   f"--file {for_shell(aliases)}")
    else:
        typer.echo(not_found(name, district, found))
    raise typer.Exit({"resolved": 0, "review": 1, "no_match": 2}[result["status"]])


@app.command()
def init(warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file")):
    """Tạo kho và nạp danh mục đơn vị hành chính / create the warehouse and load the official unit lists."""
    from warehouse.connection import connect
    from warehouse.gazetteer import ensure_gazetteer

    with connect(warehouse) as con:
        version = ensure_gazetteer(con)
        typer.echo(f"{warehouse}: {version}")
        for table in ("legacy_provinces", "legacy_districts", "legacy_communes", "provinces_2025", "communes_2025",
                      "commune_mapping_2025"):
            typer.echo(f"  ref.{table}: {con.execute(f'select count(*) from ref.{table}').fetchall()[0][0]:,}")


@app.command()
def server(
    host: str = typer.Option("127.0.0.1", help="Địa chỉ / address to listen on"),
    port: int = typer.Option(4200, help="Cổng / port"),
    data: Path = typer.Option(Path("data"), help="Thư mục dữ liệu; máy chủ giữ CSDL của nó ở data/prefect / data "
                              "folder; the server keeps its database in data/prefect"),
):
    """Chạy máy chủ Prefect và giao diện web / run the Prefect server and its UI (http://HOST:PORT)."""
    from giamngheo.orchestration import exec_server

    typer.echo(f"Giao diện Prefect / Prefect UI: http://{host}:{port}  (Ctrl+C để dừng / to stop)")
    exec_server(data, host, port)


@app.command()
def worker(
    api_url: str = typer.Option("http://127.0.0.1:4200/api", envvar="PREFECT_API_URL",
                                help="Máy chủ Prefect / the Prefect server's API"),
    pool: str = typer.Option("giamngheo", help="Work pool (process)"),
    project: Path = typer.Option(Path("."), help="Thư mục có prefect.yaml / the folder holding prefect.yaml"),
    take_over: bool = typer.Option(False, "--take-over", help="Triển khai lại cả khi các lịch đang thuộc thư mục "
                                   "khác / deploy even where the deployments belong to another project folder"),
):
    """Triển khai các lịch trong prefect.yaml và chạy worker / deploy prefect.yaml's schedules and run a worker."""
    from giamngheo import orchestration

    if not (project / "prefect.yaml").exists():
        fail(f"không thấy {project / 'prefect.yaml'} / no prefect.yaml in {project.resolve()}")
    try:
        orchestration.deploy(api_url, pool, project, take_over)
    except orchestration.DeployError as error:
        fail(str(error), CHECKS_FAILED)
    typer.echo(f"Worker đang chờ việc từ / worker polling {pool} at {api_url}  (Ctrl+C để dừng / to stop)")
    orchestration.exec_worker(api_url, pool, project)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def dbt(
    context: typer.Context,
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    work: Path = typer.Option(Path("data/dbt"), help="Nơi dbt ghi bản sao kho, target/ và logs/ / where dbt writes "
                              "its copy of the warehouse, target/ and logs/"),
):
    """Chạy dbt trên dự án sql/, với một bản sao của kho / run dbt on the project in sql/ against a copy of the
    published warehouse, which it never opens (e.g. `giamngheo dbt build`, `giamngheo dbt test`)."""
    from warehouse.dbt import DbtError, run_dbt

    if not context.args:
        fail("thiếu lệnh dbt, ví dụ: giamngheo dbt build / give a dbt command, e.g. giamngheo dbt build")
    try:
        run_dbt(context.args, warehouse, work)
    except DbtError as error:
        fail(str(error), CHECKS_FAILED)


@app.command()
def docs(
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(paths.OUT / "dbt-docs", help="Thư mục ghi trang / where the site goes"),
    work: Path = typer.Option(Path("data/dbt"), help="Nơi dbt ghi bản sao kho, target/ và logs/ / where dbt writes "
                              "its copy of the warehouse, target/ and logs/"),
):
    """Ghi trang tài liệu các mô hình (dbt docs) / write the models' documentation site, with its lineage graph
    (it opens without internet)."""
    from publish.offline import make_offline
    from warehouse.dbt import DbtError, write_docs

    try:
        page = write_docs(warehouse, out, work)
    except DbtError as error:
        fail(str(error), CHECKS_FAILED)
    make_offline(page.parent)
    typer.echo(f"Tài liệu mô hình / model docs: {page}")


@app.command()
def withdraw(
    target: str = typer.Argument(..., help="Tệp, tên tệp đã nhận, hoặc mã/tên xã / a file, a file name as received, "
                                 "or a commune's code or name"),
    period: str = typer.Option(..., help="Kỳ báo cáo / the period"),
    reason: str = typer.Option("", help="Lý do, ghi vào nhật ký / why, kept in the record"),
    undo: bool = typer.Option(False, "--undo", help="Đưa trở lại số liệu / put it back in the figures"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    aliases: Path = typer.Option(paths.ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
):
    """Rút một tệp khỏi số liệu của kỳ (có ghi nhật ký) / take a submission out of a period's figures, on record."""
    from pipeline.suggestions import rerun_command
    from pipeline.withdrawal import Asked, NotFound, withdraw_submissions
    from transforms.aliases import alias_index, read_aliases
    from vocabulary.escape import for_terminal

    _check_period(period)
    notices: list[str] = []
    try:
        changed = withdraw_submissions(warehouse, period, Asked(target, reason, undo), notices,
                                       alias_index(read_aliases(aliases)))
    except NotFound as error:
        fail(str(error))
    for notice in notices:
        typer.echo(f"! {for_terminal(notice)}")
    verb = "Đã đưa trở lại / restored" if undo else "Đã rút / withdrawn"
    for row in changed:
        typer.echo(f"{verb}: {for_terminal(row['file_name'])} ({for_terminal(row['commune_name'] or '?')})")
    if not changed:
        typer.echo("Không có gì thay đổi / nothing changed (already so)")
    typer.echo(f"Chạy lại kỳ để xuất bản / run the period again to publish: {rerun_command(warehouse, period)}")


@app.command()
def review(
    period: str = typer.Option(..., help="Kỳ báo cáo / the period"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    as_json: bool = typer.Option(False, "--json", help="In JSON / print JSON"),
):
    """Tệp chờ huyện duyệt / the submissions waiting for the district's approval, with their figures against the
    commune's earlier period (the profile's review_periods names the periods whose files need it)."""
    from pipeline.withdrawal import NotFound

    _Output.json = as_json
    _check_period(period)
    from pipeline.review import waiting

    try:
        rows = waiting(warehouse, period)
    except NotFound as error:
        fail(str(error))
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, default=str))
        return
    from giamngheo.console import review_table, terminal

    terminal().print(review_table(period, rows))


def _decide(period: str, decision: "Decision", warehouse: Path, out: Path, aliases: Path) -> None:
    from pipeline.review import decide
    from pipeline.suggestions import rerun_command
    from pipeline.withdrawal import NotFound
    from transforms.aliases import alias_index, read_aliases
    from vocabulary.escape import for_terminal
    from vocabulary.labels import REVIEW_DECISIONS

    _check_period(period)
    notices: list[str] = []
    try:
        decided = decide(warehouse, out, period, decision, notices, alias_index(read_aliases(aliases)))
    except NotFound as error:
        fail(str(error))
    _said(notices)
    for row in decided:
        typer.echo(f"{REVIEW_DECISIONS[decision.decision]}: {for_terminal(row['file_name'])} "
                   f"({for_terminal(row['commune_name'])})")
        if row.get("returned"):
            typer.echo(f"  Gửi lại xã, có lý do / returned to the commune with the reason: {for_terminal(row['returned'])}")
    typer.echo(f"Chạy lại kỳ để xuất bản / run the period again to publish: {rerun_command(warehouse, period)}")


@app.command()
def approve(
    target: str = typer.Argument(None, help="Tệp, tên tệp đã nhận, hoặc mã/tên xã / a file, a file name as received, "
                                 "or a commune's code or name"),
    period: str = typer.Option(..., help="Kỳ báo cáo / the period"),
    every: bool = typer.Option(False, "--all", help="Duyệt mọi tệp đang chờ / approve every submission waiting"),
    note: str = typer.Option("", help="Ghi chú, ghi vào nhật ký / a note, kept in the record"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(paths.OUT, help="Thư mục xuất bản / the output folder"),
    aliases: Path = typer.Option(paths.ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
):
    """Duyệt báo cáo của xã: tệp được tính từ lần chạy sau / approve a commune's submission: it counts from the next
    run."""
    from pipeline.review import WAITING, Decision

    if bool(target) == every:
        fail("ghi một tệp hoặc xã, hoặc --all / name a file or a commune, or give --all")
    _decide(period, Decision(target or WAITING, "approved", note), warehouse, out, aliases)


@app.command()
def reject(
    target: str = typer.Argument(..., help="Tệp, tên tệp đã nhận, hoặc mã/tên xã / a file, a file name as received, "
                                 "or a commune's code or name"),
    period: str = typer.Option(..., help="Kỳ báo cáo / the period"),
    reason: str = typer.Option(..., help="Lý do, gửi lại xã / why, sent back to the commune"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(paths.OUT, help="Thư mục xuất bản / the output folder"),
    aliases: Path = typer.Option(paths.ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
):
    """Không duyệt báo cáo của xã: tệp không được tính, xã nhận lại tệp có lý do / reject a commune's submission: it
    does not count, and the commune gets its workbook back with the reason."""
    from pipeline.review import Decision

    _decide(period, Decision(target, "rejected", reason), warehouse, out, aliases)


def _said(notices: list[str]) -> None:
    from vocabulary.escape import for_terminal

    for notice in notices:
        typer.echo(f"! {for_terminal(notice)}")


@app.command()
def lock(
    period: str = typer.Option(..., help="Kỳ báo cáo / the period"),
    reason: str = typer.Option(..., help="Vì sao, ví dụ 'đã gửi tỉnh, số 123/BC-UBND' / why, e.g. the report it was "
                               "sent with"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(paths.OUT, help="Thư mục xuất bản / the output folder"),
):
    """Khóa kỳ đã gửi: số liệu đã xuất bản giữ nguyên / lock a period once sent: what was published stays as it was,
    and files arriving later are read and kept as received after the lock."""
    from pipeline.publications import LockError, lock_period
    from vocabulary.escape import for_terminal

    _check_period(period)
    notices: list[str] = []
    try:
        made, kept = lock_period(warehouse, out, period, reason, notices)
    except LockError as error:
        fail(str(error))
    _said(notices)
    typer.echo(f"Đã khóa kỳ {period} ở lần {made.version} / period {period} locked at version {made.version}: "
               f"{for_terminal(reason)}")
    typer.echo(f"Bản đã gửi lưu tại / as sent, kept in: {for_terminal(kept)}")


@app.command()
def unlock(
    period: str = typer.Option(..., help="Kỳ báo cáo / the period"),
    reason: str = typer.Option(..., help="Vì sao mở lại / why it is opened again"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(paths.OUT, help="Thư mục xuất bản / the output folder"),
):
    """Mở khóa kỳ: lần chạy sau xuất bản lần mới / open a locked period again: its next run publishes a new version."""
    from pipeline.publications import LockError, unlock_period
    from pipeline.suggestions import rerun_command

    _check_period(period)
    notices: list[str] = []
    try:
        lifted = unlock_period(warehouse, out, period, reason, notices)
    except LockError as error:
        fail(str(error))
    _said(notices)
    typer.echo(f"Đã mở khóa kỳ {period}; lần {lifted.version} giữ nguyên, lần xuất bản sau là lần {lifted.version + 1}"
               f" / period {period} unlocked; version {lifted.version} stays as sent, the next publication is version "
               f"{lifted.version + 1}: {rerun_command(warehouse, period)}")


@app.command()
def diff(
    period: str = typer.Option(..., help="Kỳ báo cáo / the period"),
    before: int = typer.Option(None, "--from", help="Lần trước (mặc định: lần áp chót) / the earlier version "
                               "(default: the one before the last)"),
    after: int = typer.Option(None, "--to", help="Lần sau (mặc định: lần cuối) / the later version (default: the "
                              "last)"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    as_json: bool = typer.Option(False, "--json", help="In JSON / print JSON"),
):
    """Số liệu đã xuất bản khác nhau giữa hai lần / what changed between two published versions of a period."""
    from pipeline.publications import LockError, changes

    _Output.json = as_json
    _check_period(period)
    if not warehouse.exists():
        fail(f"chưa có kho {warehouse} / there is no warehouse at {warehouse}")
    try:
        before, after, rows = changes(warehouse, period, before, after)
    except LockError as error:
        fail(str(error))
    if as_json:
        typer.echo(json.dumps({"period": period, "from": before, "to": after, "changes": rows}, ensure_ascii=False))
        return
    from giamngheo.console import changes_table, terminal

    terminal().print(changes_table(period, before, after, rows))


@app.command()
def sql(
    query: str = typer.Argument(None, help="Câu SQL; bỏ trống để mở dấu nhắc / a query; none opens a prompt"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(paths.OUT, help="Thư mục xuất bản: đọc được Parquet trong out/parquet / the output "
                             "folder: the Parquet copies in out/parquet can be read"),
):
    """Hỏi kho dữ liệu (chỉ đọc) / query the published warehouse, read-only: SELECT queries only, no file written,
    none read but the warehouse and out/parquet. `describe <mart>` lists its columns."""
    from giamngheo.analyst import AnalystError, answer, prompt

    if not warehouse.exists():
        fail(f"chưa có kho {warehouse}; chạy một kỳ trước / no warehouse at {warehouse}; run a period first")
    parquet = out / "parquet"
    try:
        typer.echo(answer(warehouse, query, parquet) if query else prompt(warehouse, parquet))
    except AnalystError as error:
        fail(str(error))


def main() -> None:
    """The ``giamngheo`` console script: ``app``, then, when nothing is left that needs the interpreter's exit, an
    immediate one. A run in this process has loaded polars, DuckDB and pandera, whose teardown as the interpreter
    exits took a third of a second of a 5-second run and serves nothing once the output is flushed. Prefect (which
    sends its last logs as the process exits), a thread still running or a child process still alive get the
    ordinary exit."""
    try:
        returned = app(standalone_mode=False)
        status = returned if isinstance(returned, int) else OK
    except typer.exceptions.TyperException as error:  # a usage error: with --json, said as JSON too
        if "--json" in sys.argv:
            sys.stdout.write(json.dumps({"error": error.format_message(), "exit_code": error.exit_code},
                                        ensure_ascii=False) + "\n")
        elif hasattr(error, "show"):
            error.show()
        else:
            typer.echo(error.format_message(), err=True)
        status = error.exit_code
    except typer.Abort:
        typer.echo("Đã dừng / stopped", err=True)
        status = INTERRUPTED
    except SystemExit as leaving:
        if not isinstance(leaving.code, int | None):
            raise
        status = leaving.code or OK
    if "pipeline.checking" in sys.modules:  # the check's process, kept for a next run there will not be
        sys.modules["pipeline.checking"].discard()
    if "prefect" in sys.modules or any(not t.daemon for t in threading.enumerate() if t is not threading.main_thread()) \
            or ("multiprocessing" in sys.modules and sys.modules["multiprocessing"].active_children()):
        sys.exit(status)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that stopped reading (`| head`) missed nothing it wanted
            pass
    os._exit(status)
