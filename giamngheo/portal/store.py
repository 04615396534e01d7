"""The portal's own records, in a SQLite file of its own (never the warehouse): the accounts the district made, the
one-time sign-in links, the sessions, every upload with its outcome, and the audit log.

A sign-in link's token and a session's id are random (32 bytes); only their SHA-256 is kept, so a copy of this file
signs nobody in."""

import hashlib
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

LINK_DAYS = 7
SESSION_HOURS = 12

SCHEMA = """
create table if not exists accounts (
    id integer primary key, kind text not null check (kind in ('commune', 'district')), commune_code text,
    email text, created_at text not null, revoked_at text);
create table if not exists links (
    token_sha256 text primary key, account_id integer not null references accounts(id), created_at text not null,
    expires_at text not null, used_at text);
create table if not exists sessions (
    id_sha256 text primary key, account_id integer not null references accounts(id), csrf text not null,
    created_at text not null, expires_at text not null, ended_at text);
create table if not exists uploads (
    id integer primary key, account_id integer not null references accounts(id), commune_code text not null,
    period text not null, received_at text not null, file_name text not null, accepted integer not null,
    problems integer not null, stored_name text, marked_up text, address text, answer text not null);
create table if not exists audit (
    at text not null, account_id integer, address text, action text not null, detail text);
"""


@dataclass(frozen=True)
class Account:
    id: int
    kind: str  # commune | district
    commune_code: str | None
    email: str | None

    @property
    def district(self) -> bool:
        return self.kind == "district"


@dataclass(frozen=True)
class Session:
    account: Account
    csrf: str


@dataclass(frozen=True)
class UploadRecord:
    id: int
    commune_code: str
    period: str
    received_at: str  # ISO 8601, UTC
    file_name: str
    accepted: bool
    problems: int
    stored_name: str | None
    marked_up: str | None
    answer: str  # the answer shown, as JSON (pipeline.intake.Answer without its paths)


def _upload(r: sqlite3.Row) -> UploadRecord:
    return UploadRecord(r["id"], r["commune_code"], r["period"], r["received_at"], r["file_name"], bool(r["accepted"]),
                        r["problems"], r["stored_name"], r["marked_up"], r["answer"])


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(SCHEMA)
        self.path.chmod(0o600)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    # accounts and links
    def add_account(self, kind: str, commune_code: str | None, email: str | None) -> Account:
        with self._db() as db:
            cursor = db.execute("insert into accounts (kind, commune_code, email, created_at) values (?, ?, ?, ?)",
                                (kind, commune_code, email, _now().isoformat()))
        return Account(int(cursor.lastrowid or 0), kind, commune_code, email)

    def accounts(self) -> list[tuple[Account, str | None]]:
        with self._db() as db:
            rows = db.execute("select * from accounts order by id").fetchall()
        return [(Account(r["id"], r["kind"], r["commune_code"], r["email"]), r["revoked_at"]) for r in rows]

    def commune_account(self, commune_code: str) -> Account | None:
        with self._db() as db:
            row = db.execute("select * from accounts where kind = 'commune' and commune_code = ? and revoked_at is null "
                             "order by id desc", (commune_code,)).fetchone()
        return Account(row["id"], row["kind"], row["commune_code"], row["email"]) if row else None

    def new_link(self, account: Account) -> str:
        token = secrets.token_urlsafe(32)
        now = _now()
        with self._db() as db:
            db.execute("insert into links values (?, ?, ?, ?, null)",
                       (_digest(token), account.id, now.isoformat(), (now + timedelta(days=LINK_DAYS)).isoformat()))
        return token

    def revoke(self, account_id: int) -> bool:
        now = _now().isoformat()
        with self._db() as db:
            changed = db.execute("update accounts set revoked_at = ? where id = ? and revoked_at is null",
                                 (now, account_id)).rowcount
            db.execute("update sessions set ended_at = ? where account_id = ? and ended_at is null", (now, account_id))
            db.execute("update links set used_at = ? where account_id = ? and used_at is null", (now, account_id))
        return bool(changed)

    # sessions
    def sign_in(self, token: str) -> tuple[str, Session] | None:
        """Spend a one-time link: a new session (its id, to go in the cookie) or None when the link is unknown,
        used, expired or its account revoked."""
        now = _now()
        with self._db() as db:
            row = db.execute("""select a.* from links l join accounts a on a.id = l.account_id
                                where l.token_sha256 = ? and l.used_at is null and l.expires_at > ?
                                  and a.revoked_at is null""", (_digest(token), now.isoformat())).fetchone()
            if row is None:
                return None
            db.execute("update links set used_at = ? where token_sha256 = ?", (now.isoformat(), _digest(token)))
            session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            db.execute("insert into sessions values (?, ?, ?, ?, ?, null)",
                       (_digest(session_id), row["id"], csrf, now.isoformat(),
                        (now + timedelta(hours=SESSION_HOURS)).isoformat()))
        return session_id, Session(Account(row["id"], row["kind"], row["commune_code"], row["email"]), csrf)

    def session(self, session_id: str) -> Session | None:
        with self._db() as db:
            row = db.execute("""select a.*, s.csrf from sessions s join accounts a on a.id = s.account_id
                                where s.id_sha256 = ? and s.ended_at is null and s.expires_at > ?
                                  and a.revoked_at is null""", (_digest(session_id), _now().isoformat())).fetchone()
        return Session(Account(row["id"], row["kind"], row["commune_code"], row["email"]), row["csrf"]) if row else None

    def sign_out(self, session_id: str) -> None:
        with self._db() as db:
            db.execute("update sessions set ended_at = ? where id_sha256 = ?", (_now().isoformat(), _digest(session_id)))

    # uploads
    def record_upload(self, account: Account, upload: "UploadRecord", address: str) -> int:
        with self._db() as db:
            cursor = db.execute(
                """insert into uploads (account_id, commune_code, period, received_at, file_name, accepted, problems,
                                        stored_name, marked_up, address, answer)
                   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (account.id, upload.commune_code, upload.period, upload.received_at, upload.file_name,
                 int(upload.accepted), upload.problems, upload.stored_name, upload.marked_up, address, upload.answer))
        return int(cursor.lastrowid or 0)

    def uploads(self, period: str, commune_code: str | None = None) -> list[UploadRecord]:
        with self._db() as db:
            rows = db.execute("""select * from uploads where period = ? and (? is null or commune_code = ?)
                                 order by id desc""", (period, commune_code, commune_code)).fetchall()
        return [_upload(r) for r in rows]

    def upload(self, upload_id: int) -> UploadRecord | None:
        with self._db() as db:
            r = db.execute("select * from uploads where id = ?", (upload_id,)).fetchone()
        return _upload(r) if r else None

    def latest_accepted(self, commune_code: str, period: str) -> str | None:
        with self._db() as db:
            row = db.execute("""select stored_name from uploads where commune_code = ? and period = ? and accepted
                                order by id desc limit 1""", (commune_code, period)).fetchone()
        return row["stored_name"] if row else None

    # audit
    def audit(self, action: str, account: Account | None, address: str, detail: str = "") -> None:
        with self._db() as db:
            db.execute("insert into audit values (?, ?, ?, ?, ?)",
                       (_now().isoformat(), account.id if account else None, address, action, detail))

    def audit_log(self) -> list[dict]:
        with self._db() as db:
            return [dict(r) for r in db.execute("select * from audit order by rowid").fetchall()]
