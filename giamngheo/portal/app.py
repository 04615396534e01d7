"""``giamngheo portal``: the web pages where a commune hands in its report and learns at once what to fix, and where
the district sees who has reported. A thin layer over ``pipeline.intake`` (the checks of a run) and the portal's own
records (``giamngheo.portal.store``); it reads the warehouse (read-only) and the published folder, and writes only the
inbox, its own records and the marked-up copies it hands back.

Security, as the pages go: a session is a random id in a cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) whose
SHA-256 the store keeps; every form carries the session's CSRF token, and a POST from another origin is refused;
a commune's account sees only its own commune; uploads are limited in size and in number per window of time;
every page is rendered with Jinja's autoescaping (a file's text is data) and sent with a Content-Security-Policy that
allows nothing from another host and no script at all."""

import hmac
import json
import secrets
import shutil
import time
from collections import defaultdict, deque
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from giamngheo.portal.store import Account, Session, Store, UploadRecord
from giamngheo.portal.texts import LANGUAGES, text
from pipeline.intake import MAX_BYTES, Upload, check_upload, deliver
from publish.quarantine import prune_returned
from vocabulary.labels import REVIEW_DECISIONS, SUBMISSION_STATUS
from vocabulary.paths import KEEP_RETURNED_REGISTERS_DAYS
from vocabulary.text import vn_number

COOKIE = "giamngheo_session"
LANGUAGE_COOKIE = "giamngheo_lang"
PUBLISHED_SUFFIXES = (".xlsx", ".docx", ".pdf", ".html")
# the multipart envelope around a file of MAX_BYTES
ENVELOPE_BYTES = 64 * 1024
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    # a sign-in link's token never leaves in a Referer to another host; "no-referrer" would make Chromium send
    # "Origin: null" with the forms, which the same-origin check refuses
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class PortalSettings:
    """What the portal serves: the period open for reports, the inbox it delivers to, the warehouse and published
    folder it reads, and its own folder (records, marked-up copies)."""

    period: str
    inbox: Path
    warehouse: Path
    out: Path
    data: Path
    aliases: Path
    uploads_allowed: int = 10  # per account, in each window
    window: timedelta = timedelta(minutes=10)
    sign_ins_allowed: int = 20  # per address, in each window


class Limiter:
    """At most ``allowed`` events per key in ``window`` seconds (kept in memory: the portal is one process)."""

    def __init__(self, allowed: int, window: float):
        self.allowed, self.window = allowed, window
        self.events: dict[str, deque] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        events = self.events[key]
        while events and events[0] < now - self.window:
            events.popleft()
        if len(events) >= self.allowed:
            return False
        events.append(now)
        return True


class TooLarge(Exception):
    pass


def _limit_body(app, limit: int):
    """ASGI middleware: a request whose body runs past ``limit`` bytes (announced or not) is answered 413."""

    async def limited(scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST":
            return await app(scope, receive, send)
        announced = dict(scope["headers"]).get(b"content-length")
        if announced and announced.isdigit() and int(announced) > limit:
            return await _too_large(send)
        seen = 0
        started = False

        async def counting():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
            return message

        async def sending(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, counting, sending)
        except TooLarge:
            if not started:
                await _too_large(send)

    return limited


async def _too_large(send) -> None:
    body = f"{text('too_large', 'vi')} / {text('too_large', 'en')}".encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _number(value) -> str:
    return vn_number(value)


def _day(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _when(moment: str | datetime | None) -> str:
    """A time recorded in UTC (by the portal, as ISO text, or by the warehouse), as the office's clock shows it:
    05/12/2026 21:55.

    >>> _when(None), _when("2026-12-05T21:55:16+00:00") == _when(datetime(2026, 12, 5, 21, 55, 16))
    ('', True)
    """
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone():%d/%m/%Y %H:%M}"


def _label(bilingual: str, language: str) -> str:
    """One side of a label written "Vietnamese / English"."""
    vi, _, en = bilingual.partition(" / ")
    return en if language == "en" and en else vi


def _clean_name(name: str) -> str:
    r"""An uploaded file's name as shown back: its last part, without control characters, 120 characters at most. It
    is only ever shown (escaped), never used as a path.

    >>> _clean_name("../../etc/passwd\x07\n"), _clean_name("C:\\Users\\xa\\bao cao.xlsx")
    ('passwd', 'bao cao.xlsx')
    """
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in last if c.isprintable())[:120] or "(không tên / unnamed)"


def create_app(settings: PortalSettings) -> FastAPI:
    store = Store(settings.data / "portal.sqlite")
    work = settings.data / "work"
    returned = settings.data / "returned"
    uploads_limit = Limiter(settings.uploads_allowed, settings.window.total_seconds())
    sign_in_limit = Limiter(settings.sign_ins_allowed, settings.window.total_seconds())
    pages = Environment(loader=PackageLoader("giamngheo.portal"), autoescape=select_autoescape(default=True))
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    def language(request: Request) -> str:
        chosen = request.cookies.get(LANGUAGE_COOKIE, "vi")
        return chosen if chosen in LANGUAGES else "vi"

    def current(request: Request) -> Session | None:
        session_id = request.cookies.get(COOKIE)
        return store.session(session_id) if session_id else None

    def address(request: Request) -> str:
        return request.client.host if request.client else ""

    def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        lang = language(request)
        body = pages.get_template(name).render(lang=lang, t=lambda key: text(key, lang), number=_number, when=_when, day=_day,
                                               session=context.pop("session", current(request)), **context)
        return HTMLResponse(body, status_code=status, headers=HEADERS)

    def message(request: Request, key: str, status: int, kind: str = "refused") -> HTMLResponse:
        return page(request, "message.html", status, message=text(key, language(request)), kind=kind)

    def same_origin(request: Request) -> bool:
        origin = request.headers.get("origin")
        return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"

    async def form_with_csrf(request: Request, session: Session):
        form = await request.form(max_files=1, max_fields=5)
        sent = form.get("csrf")
        ok = isinstance(sent, str) and hmac.compare_digest(sent, session.csrf) and same_origin(request)
        return form, ok

    def to_sign_in() -> RedirectResponse:
        return RedirectResponse("/dang-nhap", status_code=303, headers=HEADERS)

    def standing(commune_code: str | None) -> list[dict]:
        from pipeline.stages import completeness

        if not settings.warehouse.is_file():
            return []
        try:
            rows = completeness(settings.warehouse, settings.period)
        except Exception:  # noqa: BLE001  a warehouse being replaced or of an older layout: shown as no run yet
            return []
        return [r for r in rows if commune_code is None or r["commune_code"] == commune_code]

    def reviewed(commune_code: str | None) -> dict | None:
        """The district's latest decision on the commune's submissions, when the period's files need one."""
        from pipeline.stages import review_queue

        try:
            rows = [r for r in review_queue(settings.warehouse, settings.period) if r["commune_code"] == commune_code]
        except Exception:  # noqa: BLE001  as standing(): no decision to show
            return None
        return max(rows, key=lambda r: str(r["decided_at"] or "")) if rows else None

    def locked() -> bool:
        from pipeline.publications import lock_of

        try:
            return settings.warehouse.is_file() and lock_of(settings.warehouse, settings.period) is not None
        except Exception:  # noqa: BLE001  as standing()
            return False

    def published() -> list[str]:
        folder = settings.out / settings.period
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix in PUBLISHED_SUFFIXES
                      and not p.name.startswith("."))

    def seen(request: Request, upload_id: int) -> tuple[Session, UploadRecord] | Response:
        """The session and an upload its account may see, or what to answer instead: the sign-in page, or "not
        found" for another commune's upload (nothing says it exists)."""
        session = current(request)
        if session is None:
            return to_sign_in()
        upload = store.upload(upload_id)
        if upload is None or not (session.account.district or upload.commune_code == session.account.commune_code):
            return message(request, "not_found", 404)
        return session, upload

    @app.get("/style.css")
    def style() -> Response:
        return Response((Path(__file__).parent / "style.css").read_text(encoding="utf-8"), media_type="text/css",
                        headers={**HEADERS, "Cache-Control": "max-age=3600"})

    @app.get("/ngon-ngu")
    def switch_language(request: Request, lang: str = "vi") -> RedirectResponse:
        response = RedirectResponse("/", status_code=303, headers=HEADERS)
        response.set_cookie(LANGUAGE_COOKIE, lang if lang in LANGUAGES else "vi", max_age=365 * 86400,
                            samesite="lax", httponly=True, secure=request.url.scheme == "https")
        return response

    @app.get("/dang-nhap")
    def sign_in_page(request: Request) -> HTMLResponse:
        return page(request, "signin.html", code="", error=False)

    @app.get("/vao/{token}")
    def sign_in_link(request: Request, token: str) -> HTMLResponse:
        # the link only fills the form: a mail client's preview that opens it does not spend it
        return page(request, "signin.html", code=token, error=False)

    @app.post("/dang-nhap")
    async def sign_in(request: Request) -> Response:
        if not same_origin(request):
            return message(request, "forbidden", 403)
        if not sign_in_limit.allow(address(request)):
            store.audit("sign_in_limited", None, address(request))
            return message(request, "too_many", 429)
        form = await request.form(max_files=0, max_fields=2)
        code = str(form.get("code") or "").strip()
        signed = store.sign_in(code) if code else None
        if signed is None:
            store.audit("sign_in_refused", None, address(request))
            return page(request, "signin.html", 403, code="", error=True, session=None)
        session_id, session = signed
        store.audit("sign_in", session.account, address(request))
        response = RedirectResponse("/", status_code=303, headers=HEADERS)
        response.set_cookie(COOKIE, session_id, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                            max_age=12 * 3600)
        return response

    @app.post("/dang-xuat")
    async def sign_out(request: Request) -> Response:
        session = current(request)
        if session is None:
            return to_sign_in()
        _, ok = await form_with_csrf(request, session)
        if not ok:
            return message(request, "forbidden", 403)
        store.sign_out(request.cookies[COOKIE])
        store.audit("sign_out", session.account, address(request))
        response = to_sign_in()
        response.delete_cookie(COOKIE)
        return response

    @app.get("/")
    def home(request: Request) -> Response:
        session = current(request)
        if session is None:
            return to_sign_in()
        account = session.account
        if account.district:
            communes = [{**row, "status": _label(SUBMISSION_STATUS.get(row["submission_status"], ""), language(request))}
                        for row in standing(None)]
            return page(request, "district.html", session=session, period=settings.period, communes=communes,
                        published=published(), uploads=store.uploads(settings.period), district=True)
        rows = standing(account.commune_code)
        row = rows[0] if rows else None
        status = None
        if row:
            decided = reviewed(account.commune_code)
            status = {"status": _label(SUBMISSION_STATUS.get(row["submission_status"], ""), language(request)),
                      "first_received_at": row["first_received_at"], "due_date": row["due_date"],
                      "decision": _label(REVIEW_DECISIONS[decided["decision"]], language(request)) if decided else None,
                      "reason": (decided or {}).get("note")}
        return page(request, "commune.html", session=session, period=settings.period,
                    commune_code=account.commune_code, commune_name=_commune_name(account, settings),
                    standing=status, uploads=store.uploads(settings.period, account.commune_code), district=False)

    @app.get("/mau")
    def template(request: Request, loai: str = "", xa: str = "") -> Response:
        session = current(request)
        if session is None:
            return to_sign_in()
        code = (xa if session.account.district else None) or session.account.commune_code
        if not code:
            return message(request, "not_found", 404)
        path = _write_template(code, settings, register=loai == "ho")
        if path is None:
            return message(request, "not_found", 404)
        store.audit("template", session.account, address(request), f"{code} {settings.period}")
        data = path.read_bytes()
        shutil.rmtree(path.parent)
        return Response(data, headers={**HEADERS, "Content-Disposition": f'attachment; filename="{path.name}"'},
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.post("/nop")
    async def hand_in(request: Request) -> Response:
        session = current(request)
        if session is None:
            return to_sign_in()
        account = session.account
        try:
            form, ok = await form_with_csrf(request, session)
        except TooLarge:  # a body sent without its length, past the limit (_limit_body)
            return message(request, "too_large", 413)
        if not ok or account.district or not account.commune_code:
            store.audit("upload_forbidden", account, address(request))
            return message(request, "forbidden", 403)
        if not uploads_limit.allow(f"account:{account.id}"):
            store.audit("upload_limited", account, address(request))
            return message(request, "too_many", 429)
        sent = form.get("file")
        if sent is None or isinstance(sent, str):
            return message(request, "no_file", 400)
        data = await sent.read(MAX_BYTES + 1)
        received_at = datetime.now(UTC).replace(microsecond=0)
        upload = Upload(data, account.commune_code, settings.period, received_at)
        answer, checked = check_upload(upload, work, settings.aliases)
        stored = None
        if answer.accepted and checked is not None:
            stored = deliver(checked, settings.inbox,
                             replaces=store.latest_accepted(account.commune_code, settings.period)).name
        marked_up = None
        if answer.marked_up is not None:
            returned.mkdir(parents=True, exist_ok=True)
            marked_up = answer.marked_up.replace(returned / answer.marked_up.name)
            marked_up.chmod(0o600)
        shown = {**asdict(answer), "stored": None, "marked_up": None}
        record = UploadRecord(0, account.commune_code, settings.period, received_at.isoformat(),
                              _clean_name(sent.filename or ""), answer.accepted, len(answer.problems), stored,
                              marked_up.name if marked_up else None, json.dumps(shown, ensure_ascii=False))
        upload_id = store.record_upload(account, record, address(request))
        # a register's marked-up copy holds names: kept as long as a run keeps a returned register
        prune_returned(returned, KEEP_RETURNED_REGISTERS_DAYS)
        store.audit("upload", account, address(request),
                    f"#{upload_id} {'accepted' if answer.accepted else 'refused'} {len(answer.problems)} {stored or ''}".strip())
        return RedirectResponse(f"/nop/{upload_id}", status_code=303, headers=HEADERS)

    @app.get("/nop/{upload_id}")
    def answer_page(request: Request, upload_id: int) -> Response:
        found = seen(request, upload_id)
        if isinstance(found, Response):
            return found
        session, upload = found
        return page(request, "answer.html", session=session, upload=upload, answer=json.loads(upload.answer),
                    district=session.account.district, locked=upload.accepted and locked())

    @app.get("/nop/{upload_id}/loi.xlsx")
    def marked_up_copy(request: Request, upload_id: int) -> Response:
        found = seen(request, upload_id)
        if isinstance(found, Response):
            return found
        session, upload = found
        path = returned / Path(upload.marked_up or "").name
        if not upload.marked_up or not path.is_file():
            return message(request, "not_found", 404)
        store.audit("marked_up_copy", session.account, address(request), f"#{upload_id}")
        return FileResponse(path, filename=f"{upload.commune_code}-{upload.period}-loi.xlsx", headers=HEADERS)

    @app.get("/nop/{upload_id}/tep")
    def as_received(request: Request, upload_id: int) -> Response:
        found = seen(request, upload_id)
        if isinstance(found, Response):
            return found
        session, upload = found
        if not session.account.district or not upload.stored_name:
            return message(request, "not_found", 404)
        path = settings.inbox / Path(upload.stored_name).name
        if not path.is_file():
            return page(request, "message.html", 404, message=text("replaced", language(request)), kind="refused")
        store.audit("file_as_received", session.account, address(request), f"#{upload_id}")
        return FileResponse(path, filename=path.name, headers=HEADERS)

    @app.get("/cong-bo/{name}")
    def publication(request: Request, name: str) -> Response:
        session = current(request)
        if session is None:
            return to_sign_in()
        if name not in published():  # a name of the listing, never a path built from the request
            return message(request, "not_found", 404)
        store.audit("publication", session.account, address(request), name)
        return FileResponse(settings.out / settings.period / name, filename=name,
                            headers={**HEADERS, "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    return _limit_body(app, MAX_BYTES + ENVELOPE_BYTES)


def _commune_name(account: Account, settings: PortalSettings) -> str:
    unit = _unit(account.commune_code or "", settings)
    return unit["commune_name"] if unit else ""


def _unit(code: str, settings: PortalSettings) -> dict | None:
    from transforms.aliases import alias_index, read_aliases
    from transforms.resolve import UnitNotFound, find_commune

    try:
        return find_commune(code, settings.period, "", "", alias_index(read_aliases(settings.aliases)))
    except UnitNotFound:
        return None


def _write_template(code: str, settings: PortalSettings, register: bool) -> Path | None:
    from publish.template import CommuneInfo, Submission, write_submission

    unit = _unit(code, settings)
    if unit is None:
        return None
    folder = settings.data / "templates" / secrets.token_hex(8)  # a folder per request: two at once never collide
    folder.mkdir(parents=True)
    if register:
        from publish.register_template import Register, write_register

        return write_register(folder / f"danh-sach-ho-{unit['commune_code']}-{settings.period}.xlsx",
                              Register(CommuneInfo.of(unit), settings.period))
    return write_submission(folder / f"mau-{unit['commune_code']}-{settings.period}.xlsx",
                            Submission(CommuneInfo.of(unit), settings.period))
