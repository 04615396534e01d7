"""``giamngheo portal …``: serve the pages, and the district's accounts (add, revoke, list) and audit log."""

import json
from datetime import date
from pathlib import Path

import typer

from vocabulary import paths

PORTAL_DATA = Path("data/portal")
DEFAULT_PORT = 8765

portal_app = typer.Typer(help="Cổng nộp báo cáo của xã / the communes' submission pages.", no_args_is_help=True)

_DATA = typer.Option(PORTAL_DATA, "--data", help="Thư mục của cổng (tài khoản, nhật ký) / the portal's own folder")
_BASE = typer.Option(f"http://127.0.0.1:{DEFAULT_PORT}", "--base-url",
                     help="Địa chỉ người dùng mở cổng / the address users open the portal at")


def _store(data: Path):
    from giamngheo.portal.store import Store

    return Store(data / "portal.sqlite")


def _say_link(base_url: str, token: str, who_vi: str, who_en: str) -> None:
    from giamngheo.portal.store import LINK_DAYS

    typer.echo(f"Đường dẫn đăng nhập cho {who_vi} (dùng một lần, {LINK_DAYS} ngày) / one-time sign-in link for "
               f"{who_en} ({LINK_DAYS} days):\n{base_url.rstrip('/')}/vao/{token}\nMã / code: {token}")


def _by() -> str:
    """Who did it at the command line, for the audit log."""
    import getpass

    return f"cli:{getpass.getuser()}"


@portal_app.command("serve")
def serve(
    period: str = typer.Option(..., help="Kỳ đang nhận báo cáo / the period open for reports"),
    inbox: Path = typer.Option(paths.INBOX, help="Thư mục nhận tệp / the inbox accepted files go to"),
    warehouse: Path = typer.Option(paths.WAREHOUSE, help="Kho (chỉ đọc) / the warehouse (read only)"),
    out: Path = typer.Option(paths.OUT, help="Thư mục xuất bản (chỉ đọc) / the published folder (read only)"),
    aliases: Path = typer.Option(paths.ALIASES, help="Tên xã đã xác nhận / confirmed commune names (CSV)"),
    data: Path = _DATA,
    host: str = typer.Option("127.0.0.1", help="Địa chỉ nghe; để ngoài máy này, đặt sau proxy HTTPS / the address "
                             "to listen on; to serve beyond this machine, put it behind an HTTPS reverse proxy"),
    port: int = typer.Option(DEFAULT_PORT, help="Cổng / port"),
    forwarded_allow_ips: str = typer.Option("127.0.0.1", help="Proxy được tin (X-Forwarded-For, -Proto) / the "
                                            "reverse proxies trusted for X-Forwarded-For and -Proto"),
):
    """Chạy cổng nộp báo cáo / serve the submission pages."""
    import uvicorn

    from giamngheo.portal.app import PortalSettings, create_app
    from vocabulary.periods import PeriodError, parse_period

    try:
        parse_period(period)
    except PeriodError as error:
        raise typer.BadParameter(str(error), param_hint="--period") from error
    settings = PortalSettings(period, inbox, warehouse, out, data, aliases)
    typer.echo(f"Cổng nộp báo cáo kỳ {period} / submission pages for {period}: http://{host}:{port}/ "
               f"(tệp nhận vào / files go to {inbox})")
    # no access log: a sign-in link's token is in its path; the portal's audit log records who did what
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, proxy_headers=True,
                forwarded_allow_ips=forwarded_allow_ips, log_level="warning")


@portal_app.command("add-commune")
def add_commune(
    commune: str = typer.Argument(..., help="Mã xã / the commune's code"),
    email: str = typer.Option(None, help="Thư của cán bộ xã (ghi lại) / the officer's email (kept on record)"),
    base_url: str = _BASE,
    data: Path = _DATA,
):
    """Tạo tài khoản xã (hoặc đường dẫn mới) / a commune's account, or a new link for it."""
    from vocabulary import units

    unit = units.commune_by_code(commune)
    if unit is None:
        raise typer.BadParameter(f"không có mã xã {commune} / no commune has the code {commune}")
    store = _store(data)
    account = store.commune_account(unit["commune_code"]) or store.add_account("commune", unit["commune_code"], email)
    store.audit("add_commune", None, _by(), unit["commune_code"])
    who = f"{unit['commune_name']} ({unit['commune_code']})"
    _say_link(base_url, store.new_link(account), who, who)


@portal_app.command("add-district")
def add_district(email: str = typer.Option(None, help="Thư của cán bộ huyện / the officer's email"),
                 base_url: str = _BASE, data: Path = _DATA):
    """Tạo tài khoản huyện: xem mọi xã / a district account, which sees every commune."""
    store = _store(data)
    account = store.add_account("district", None, email)
    store.audit("add_district", None, _by(), f"account {account.id}")
    _say_link(base_url, store.new_link(account), f"huyện (tài khoản {account.id})", f"the district (account {account.id})")


@portal_app.command("revoke")
def revoke(who: str = typer.Argument(..., help="Mã xã hoặc số tài khoản / a commune's code or an account number"),
           data: Path = _DATA):
    """Thu hồi tài khoản: đăng xuất ngay, đường dẫn hết hiệu lực / revoke: sessions end, links stop working."""
    store = _store(data)
    ids = [a.id for a, revoked in store.accounts()
           if revoked is None and (a.commune_code == who or str(a.id) == who)]
    if not ids:
        raise typer.BadParameter(f"không có tài khoản đang dùng: {who} / no active account: {who}")
    for account_id in ids:
        store.revoke(account_id)
        store.audit("revoke", None, _by(), f"account {account_id}")
    typer.echo(f"Đã thu hồi / revoked: {', '.join(map(str, ids))}")


@portal_app.command("accounts")
def accounts(data: Path = _DATA):
    """Liệt kê tài khoản / list the accounts."""
    for account, revoked in _store(data).accounts():
        typer.echo("\t".join([str(account.id), account.kind, account.commune_code or "", account.email or "",
                              f"thu hồi / revoked {revoked}" if revoked else ""]).rstrip())


@portal_app.command("audit")
def audit(data: Path = _DATA, as_json: bool = typer.Option(False, "--json"),
          since: str = typer.Option(None, help="Từ ngày / from this day (YYYY-MM-DD)")):
    """Nhật ký: ai, lúc nào, từ đâu, làm gì / the audit log: who, when, from where, what."""
    rows = [r for r in _store(data).audit_log() if since is None or r["at"] >= date.fromisoformat(since).isoformat()]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        typer.echo("\t".join(str(row[k] or "") for k in ("at", "account_id", "address", "action", "detail")))
