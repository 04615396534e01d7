"""The ``giamngheo`` command: a thin layer over the library and the Prefect flow."""

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from checks.warnings import Thresholds
from giamngheo.reference import PeriodError, parse_period, unit_structure
from transforms.aliases import DEFAULT_PATH as ALIASES
from transforms.text import vn_number
from warehouse.connection import DEFAULT_PATH

app = typer.Typer(help="Tổng hợp báo cáo giảm nghèo cấp xã / consolidate commune poverty-reduction reports.",
                  no_args_is_help=True, add_completion=False)
err = Console(stderr=True)


def fail(message: str) -> None:
    err.print(f"[red]Lỗi / error:[/red] {message}")
    raise typer.Exit(2)


def _check_period(period: str) -> str:
    try:
        parse_period(period)
    except PeriodError as error:
        fail(str(error))
    return period


@app.command()
def template(
    commune: str = typer.Option(..., help="Mã xã (ví dụ 24076) hoặc tên xã / official commune code or name"),
    period: str = typer.Option(..., help="Kỳ báo cáo: 2020 (cả năm) hoặc 2021-H1 (6 tháng)"),
    output: Path = typer.Option(..., "-o", "--output", help="Tệp .xlsx sẽ ghi / the .xlsx file to write"),
    district: str = typer.Option(None, help="Huyện, khi ghi tên xã / district, when naming the commune"),
    province: str = typer.Option(None, help="Tỉnh / province"),
):
    """Ghi mẫu biểu cho một xã / write the workbook a commune fills in."""
    from giamngheo.template import CommuneInfo, Submission, write_submission
    from transforms import units

    structure = unit_structure(_check_period(period))
    if commune.strip().isdigit():
        found = units.commune_by_code(commune, structure)
        matches = [found] if found else []
    else:
        matches = units.communes_named(commune, district, province, structure)
    if not matches:
        fail(f"không tìm thấy xã {commune!r} / no commune {commune!r} in the official list")
    if len(matches) > 1:
        listed = "; ".join(f"{m['commune_code']} {m['commune_name']}, {m.get('district_name', '')}, {m['province_name']}"
                           for m in matches)
        fail(f"có nhiều xã tên {commune!r}, dùng --district hoặc mã xã / several communes are named {commune!r}; "
             f"give --district or the code: {listed}")
    unit = matches[0]
    info = CommuneInfo(unit["province_short"], unit.get("district_short", ""), unit["commune_name"], unit["commune_code"])
    path = write_submission(output, Submission(info, period))
    place = ", ".join(p for p in (unit["commune_name"], unit.get("district_name"), unit["province_name"]) if p)
    typer.echo(f"Đã ghi / wrote {path} ({place}, kỳ {period})")


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


def _print_summary(summary: dict) -> None:
    console = Console()
    console.print(f"[bold]Kỳ {summary['period']}[/bold] · run {summary['run_id']} · {summary['workbooks']} tệp / workbooks")
    counts = summary["counts"]
    console.print(f"Đã nạp / loaded: {counts['loaded']}   Nạp, có cảnh báo / loaded with warnings: "
                  f"{counts['loaded_with_warnings']}   Cách ly / quarantined: {counts['quarantined']}"
                  f"   Chờ xác nhận xã / needs review: {counts['needs_review']}")
    for item in summary["loaded_with_warnings"]:
        console.print(f"\n[yellow]⚠ {item['file']}[/yellow] ({item['commune_name']})")
        for warning in item["warnings"]:
            console.print(f"   {warning['message_vi']}\n     {warning['message_en']}")
    for item in summary["quarantined"] + summary["needs_review"]:
        console.print(f"\n[red]✗ {item['file']}[/red] ({item['commune_name'] or '?'}) → {item['report']}")
        if item["feedback"]:
            console.print(f"   Tệp đánh dấu lỗi gửi lại xã / marked-up copy for the commune: {item['feedback']}")
        for problem in item["errors"][:10]:
            console.print(f"   {problem['message_vi']}\n     {problem['message_en']}")
        if len(item["errors"]) > 10:
            console.print(f"   … {len(item['errors']) - 10} lỗi khác / more errors in the report")
    done = summary["completeness"]
    if done["counts"]:
        c = done["counts"]
        console.print(f"Tình hình nộp / reporting: {c['on_time']} đúng hạn / on time, {c['late']} trễ hạn / late, "
                      f"{c['rejected']} bị trả lại / rejected, {c['missing']} chưa nộp / missing")
        if done["absent"]:
            names = ", ".join(f"{a['commune_name']} ({a['status']})" for a in done["absent"])
            console.print(f"[bold red]SỐ LIỆU TẠM TÍNH / PROVISIONAL[/bold red] — chưa có số liệu / no figures: {names}")
    if summary["area_totals"]:
        # measures down, areas across: reads in a narrow terminal too
        level = summary["area_totals"][0]["area_level"]
        table = Table(title="Toàn huyện / district totals" if level == "district" else "Toàn tỉnh / province totals")
        table.add_column("")
        for row in summary["area_totals"]:
            table.add_column(row["area_name"], justify="right")
        for label, key, decimals in AREA_LINES:
            table.add_row(label, *[vn_number(row[key], decimals) for row in summary["area_totals"]])
        console.print(table)
    for path in summary["outputs"].get("workbooks", []):
        console.print(f"Bảng tổng hợp / published workbook: {path}")
    if summary["outputs"].get("parquet"):
        console.print(f"Parquet: {Path(summary['outputs']['parquet'][0]).parent}/ ({len(summary['outputs']['parquet'])} marts)")
    console.print(f"Kho dữ liệu / warehouse: {summary['warehouse']}")
    checked = summary["expectations"]
    if checked:
        verdict = "[green]đạt / passed[/green]" if checked["success"] else "[red]KHÔNG ĐẠT, không xuất bản / FAILED, nothing published[/red]"
        console.print(f"Kiểm định kho / warehouse expectations: {checked['evaluated']} {verdict} → {checked['docs']}")
        for failure in checked["failed"][:10]:
            console.print(f"   {failure['expectation']} ({failure['table']}): {failure['detail']}")


def _run(period: str, inbox: Path, warehouse: Path, out: Path, aliases: Path, as_json: bool,
         thresholds: dict | None = None) -> None:
    from flows.consolidate import consolidate_period

    _check_period(period)
    if not inbox.is_dir():
        fail(f"không có thư mục {inbox} / inbox {inbox} is not a directory")
    summary = consolidate_period(period=period, inbox=str(inbox), warehouse=str(warehouse), out=str(out),
                                 aliases=str(aliases), **(thresholds or {}))
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
    else:
        _print_summary(summary)
    if summary["expectations"] and not summary["expectations"]["success"]:
        raise typer.Exit(1)


@app.command()
def run(
    period: str = typer.Option(..., help="Kỳ báo cáo: 2020 hoặc 2021-H1"),
    inbox: Path = typer.Option(Path("inbox"), help="Thư mục chứa tệp các xã gửi / folder of commune workbooks"),
    warehouse: Path = typer.Option(DEFAULT_PATH, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(Path("out"), help="Thư mục xuất bản / where published files go"),
    aliases: Path = typer.Option(ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
    as_json: bool = typer.Option(False, "--json", help="In một đối tượng JSON / print one JSON object"),
    max_rate_change: float = typer.Option(
        Thresholds.max_rate_change_pp, help="Cảnh báo khi tỷ lệ hộ nghèo của xã thay đổi quá số điểm này so với năm "
        "trước / warn when a commune's poverty rate moves more points than this since the previous year"),
    max_poor_rise: float = typer.Option(
        Thresholds.max_poor_rise_share, help="Cảnh báo khi hộ nghèo tăng quá tỷ lệ này mà hộ cận nghèo giảm / warn "
        "when poor households rise by more than this share while near-poor households fall"),
    max_village_change: float = typer.Option(
        Thresholds.max_village_change_share, help="Cảnh báo khi số hộ của thôn thay đổi quá tỷ lệ này / warn when a "
        "village's households change by more than this share"),
    due_date: str = typer.Option(None, help="Hạn nộp, ví dụ 2020-10-15 (mặc định 10/6 hoặc 15/10) / when the files "
                                 "were due (default 10 June or 15 October)"),
):
    """Tổng hợp một kỳ / consolidate a reporting period (Prefect flow consolidate_period)."""
    from datetime import date

    try:
        due = date.fromisoformat(due_date) if due_date else None
    except ValueError:
        fail(f"hạn nộp {due_date!r} không hợp lệ, ghi dạng 2020-10-15 / due date {due_date!r} is not a date like 2020-10-15")
    _run(period, inbox, warehouse, out, aliases, as_json,
         {"max_rate_change_pp": max_rate_change, "max_poor_rise_share": max_poor_rise,
          "max_village_change_share": max_village_change, "due_date": due})


@app.command()
def demo(
    inbox: Path = typer.Option(Path("data/demo-inbox"), help="Nơi ghi tệp mẫu / where the demo workbooks are written"),
    warehouse: Path = typer.Option(DEFAULT_PATH, help="Tệp DuckDB / the DuckDB file"),
    out: Path = typer.Option(Path("out"), help="Thư mục xuất bản / where published files go"),
    as_json: bool = typer.Option(False, "--json", help="In một đối tượng JSON / print one JSON object"),
):
    """Ghi 14 tệp mẫu của huyện Krông Pa (2020) rồi tổng hợp / write Krông Pa's 14 demo workbooks and consolidate them."""
    from giamngheo.demo import DEMO_PERIOD, write_demo_inbox

    paths = write_demo_inbox(inbox)
    if not as_json:
        typer.echo(f"Đã ghi {len(paths)} tệp mẫu vào / wrote {len(paths)} demo workbooks to {inbox}")
    _run(DEMO_PERIOD, inbox, warehouse, out, ALIASES, as_json)


aliases_app = typer.Typer(help="Tên xã đã xác nhận / confirmed commune names.", no_args_is_help=True)
app.add_typer(aliases_app, name="aliases")


@aliases_app.command("add")
def aliases_add(
    name: str = typer.Argument(..., help="Tên xã như trong tệp / the name as written"),
    code: str = typer.Argument(..., help="Mã xã chính thức / the official commune code"),
    district: str = typer.Option("", help="Chỉ áp dụng trong huyện này / only within this district"),
    province: str = typer.Option("", help="Tỉnh / province"),
    path: Path = typer.Option(ALIASES, "--file", help="Tệp CSV / the aliases CSV"),
):
    """Xác nhận một tên xã / confirm which commune a name stands for."""
    from transforms import units
    from transforms.aliases import add_alias

    commune = units.commune_by_code(code)
    if commune is None:
        fail(f"không có mã xã {code} / no commune has the code {code}")
    if district and units.name_key(district) != commune["district_key"]:
        fail(f"mã {code} là {commune['commune_name']}, {commune['district_name']}, không thuộc huyện {district} / "
             f"{code} is {commune['commune_name']}, {commune['district_name']}, not in {district}")
    add_alias(name, commune["commune_code"], district, province, path)
    typer.echo(f"{name!r} → {commune['commune_code']} {commune['commune_name']}, {commune['district_name']} ({path})")


@aliases_app.command("list")
def aliases_list(path: Path = typer.Option(ALIASES, "--file", help="Tệp CSV / the aliases CSV")):
    """Liệt kê tên đã xác nhận / list confirmed names."""
    from transforms.aliases import read_aliases

    for row in read_aliases(path):
        typer.echo(f"{row['name_as_written']}\t{row['commune_code']}\t{row['district']}\t{row['province']}")


@app.command()
def resolve(
    name: str = typer.Argument(..., help="Tên hoặc mã xã / a commune name or code"),
    district: str = typer.Option("", help="Huyện / district"),
    province: str = typer.Option("", help="Tỉnh / province"),
    aliases: Path = typer.Option(ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
    period: str = typer.Option("2020", help="Kỳ báo cáo: quyết định danh mục trước/sau 1/7/2025 / the period picks the unit list"),
    as_json: bool = typer.Option(False, "--json", help="In JSON / print JSON"),
):
    """Xã này là xã nào, và vì sao / which commune a name resolves to, and why. Exit 0 resolved, 1 needs review, 2 no match."""
    from transforms.aliases import alias_index, read_aliases
    from transforms.resolve import resolve_commune

    field = "commune_code" if name.strip().isdigit() else "commune_name"
    info = {field: (name, "", ""), "district_name": (district, "", ""), "province_name": (province, "", "")}
    found = resolve_commune(info, alias_index(read_aliases(aliases)), unit_structure(_check_period(period)))
    commune = found.commune or {}
    result = {
        "structure": unit_structure(period),
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
        typer.echo(f'Xác nhận / confirm: giamngheo aliases add "{name}" <code> --district "{district}"')
    else:
        err.print(f"[red]Không tìm thấy / no match:[/red] {name!r}"
                  + (f" trong huyện / in district {district!r}" if district else "")
                  + (f" ({found.detail})" if found.detail else ""))
    raise typer.Exit({"resolved": 0, "review": 1, "no_match": 2}[result["status"]])


@app.command()
def init(warehouse: Path = typer.Option(DEFAULT_PATH, help="Tệp DuckDB / the DuckDB file")):
    """Tạo kho và nạp danh mục đơn vị hành chính / create the warehouse and load the official unit lists."""
    from warehouse.connection import connect
    from warehouse.reference import load_reference

    with connect(warehouse) as con:
        load_reference(con)
        version = con.execute("select version from ref.gazetteer_version").fetchall()[0][0]
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
    import subprocess

    from giamngheo.orchestration import server_command, server_environment

    typer.echo(f"Giao diện Prefect / Prefect UI: http://{host}:{port}  (Ctrl+C để dừng / to stop)")
    raise typer.Exit(subprocess.call(server_command(host, port), env=server_environment(data, host, port)))


@app.command()
def worker(
    api_url: str = typer.Option("http://127.0.0.1:4200/api", envvar="PREFECT_API_URL",
                                help="Máy chủ Prefect / the Prefect server's API"),
    pool: str = typer.Option("giamngheo", help="Work pool (process)"),
    project: Path = typer.Option(Path("."), help="Thư mục có prefect.yaml / the folder holding prefect.yaml"),
):
    """Triển khai các lịch trong prefect.yaml và chạy worker / deploy prefect.yaml's schedules and run a worker."""
    import subprocess

    from giamngheo.orchestration import worker_environment, worker_steps

    if not (project / "prefect.yaml").exists():
        fail(f"không thấy {project / 'prefect.yaml'} / no prefect.yaml in {project.resolve()}")
    env = worker_environment(api_url, project)
    *setup, start = worker_steps(pool)
    for step in setup:
        if subprocess.call(step, env=env, cwd=project) != 0:
            fail(f"lệnh thất bại / command failed: {' '.join(step)} (máy chủ {api_url} đã chạy chưa? / is the server "
                 f"at {api_url} running? `giamngheo server`)")
    typer.echo(f"Worker đang chờ việc từ / worker polling {pool} at {api_url}  (Ctrl+C để dừng / to stop)")
    raise typer.Exit(subprocess.call(start, env=env, cwd=project))
