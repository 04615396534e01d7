"""One workbook a commune hands in through the portal, checked at once as a run would check it, and put into the
inbox when it passes: the run (scheduled, or the watch-inbox deployment's) consolidates it. Nothing here writes the
warehouse.

A file is refused before anything reads it when it is too large or is not a spreadsheet (.xlsx and .ods are zip
archives, .xls an OLE2 compound file); then it is read as a run reads it (which refuses a zip bomb) and validated
alone, and refused when it has errors, names another commune, or is for another period."""

import io
import os
import secrets
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from transforms.read import OLE_MAGIC
from vocabulary.labels import HOUSEHOLD_MEASURES
from vocabulary.paths import PORTAL_TIME

MAX_BYTES = 5 * 1024 * 1024  # a commune's workbook weighs tens of kilobytes; its register, with 5,000 households, 1 MB
ZIP = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Upload:
    """What a commune's officer sent: its bytes, for which commune and period, and when."""

    data: bytes
    commune_code: str
    period: str
    received_at: datetime  # aware


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str
    message_vi: str
    message_en: str


@dataclass(frozen=True)
class Figure:
    """A figure read back to the commune for it to confirm: a measure's commune total."""

    measure: str
    label_vi: str
    label_en: str
    value: float


@dataclass(frozen=True)
class Answer:
    """The portal's answer: accepted (``stored``: the file's name in the inbox) or refused with ``problems``, and
    ``marked_up`` the commune's workbook marked with them when one could be written."""

    accepted: bool
    problems: list[Problem] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)
    kind: str = "aggregate"
    households: int = 0
    stored: str | None = None
    marked_up: Path | None = None


def _refused(rule_vi: str, rule_en: str) -> Answer:
    return Answer(False, [Problem("", "", rule_vi, rule_en)])


def spreadsheet_suffix(data: bytes) -> str | None:
    """The suffix the bytes are a spreadsheet of, by content, whatever the file was called: ``.xlsx``, ``.ods`` or
    ``.xls``; None for anything else. How much an archive unpacks to is the reader's to judge
    (``transforms.read``, which refuses a zip bomb with its message).

    >>> spreadsheet_suffix(b"%PDF-1.7"), spreadsheet_suffix(OLE_MAGIC + bytes(504))
    (None, '.xls')
    """
    if data.startswith(OLE_MAGIC):
        return ".xls"
    if not data.startswith(ZIP):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as declared:
                    if declared.read(64).strip() == ODS_MIMETYPE:
                        return ".ods"
            return ".xlsx" if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names) else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError):
        return None


def stored_name(upload: Upload, suffix: str) -> str:
    """The file's name in the inbox, the portal's own: never the name it was uploaded with. It carries the time
    received (``vocabulary.paths.PORTAL_NAME``), which the run takes as the file's.

    >>> import re
    >>> from vocabulary.paths import PORTAL_NAME
    >>> name = stored_name(Upload(b"", "24085", "2021-H1", datetime(2021, 7, 2, 9, 5, tzinfo=UTC)), ".xlsx")
    >>> name[:35], re.match(PORTAL_NAME, name).group(1)
    ('cong-24085-2021-H1-20210702T090500-', '20210702T090500')
    """
    return (f"cong-{upload.commune_code}-{upload.period}-{upload.received_at.astimezone(UTC).strftime(PORTAL_TIME)}-"
            f"{secrets.token_hex(4)}{suffix}")


def check_upload(upload: Upload, work: Path, aliases: Path) -> tuple[Answer, Path | None]:
    """Check ``upload`` as a run checks a file; return the answer and, when it passes, the checked copy in ``work``
    (to be put in the inbox by ``deliver``). A refused file's marked-up copy is written to ``work`` too."""
    if len(upload.data) > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        return _refused(f"tệp lớn quá {limit} MB", f"the file is over {limit} MB"), None
    suffix = spreadsheet_suffix(upload.data)
    if suffix is None:
        return _refused("tệp không phải bảng tính .xlsx, .xls hoặc .ods (hoặc bị hỏng): lưu lại bằng Excel hay "
                        "LibreOffice rồi gửi lại",
                        "the file is not an .xlsx, .xls or .ods spreadsheet (or it is damaged): save it again in "
                        "Excel or LibreOffice and send it again"), None
    work.mkdir(parents=True, exist_ok=True)
    name = stored_name(upload, suffix)
    copy = work / name
    copy.write_bytes(upload.data)
    os.utime(copy, (upload.received_at.timestamp(), upload.received_at.timestamp()))
    answer = _checked(upload, copy, work, aliases)
    if not answer.accepted:
        copy.unlink(missing_ok=True)
        return answer, None
    return replace(answer, stored=name), copy


def _checked(upload: Upload, copy: Path, work: Path, aliases: Path) -> Answer:
    from pipeline.stages import held_for_key, read_one, validate
    from publish.feedback import write_feedback
    from publish.quarantine import NO_MARKED_UP_COPY
    from transforms.inbox import SetAside

    item = held_for_key(read_one(copy))
    if isinstance(item, SetAside):
        vi, en = item.messages
        return _refused(vi, en)
    batch = validate([item], upload.period, aliases)
    submission = batch.submissions.row(0, named=True)
    if submission["period"] and submission["period"] != upload.period:  # none declared: the errors say why
        return _refused(f"tệp ghi kỳ {submission['period']}, kỳ đang nhận là {upload.period}",
                        f"the file is for period {submission['period']}; the open period is {upload.period}")
    named = submission["resolved_commune_code"] or submission["attributed_commune_code"]
    if named and named != upload.commune_code:
        return _refused(f"tệp ghi xã khác ({submission['commune_name']}, mã {named}), không phải xã của tài khoản "
                        f"này ({upload.commune_code})",
                        f"the file names another commune ({submission['commune_name']}, code {named}), not this "
                        f"account's ({upload.commune_code})")
    errors = batch.errors
    if errors.height:
        problems = [Problem(r["sheet"] or "", r["cell"] or "", r["message_vi"], r["message_en"])
                    for r in errors.sort("sheet", "cell").iter_rows(named=True)]
        marked = None
        if not errors["rule"].is_in(NO_MARKED_UP_COPY).any():
            marked = write_feedback(copy, errors.to_dicts(), work / f"{copy.stem}.loi.xlsx")
        return Answer(False, problems, marked_up=marked)
    return Answer(True, figures=_figures(batch.cells), villages=_villages(batch.cells), kind=item.kind,
                  households=batch.households.height)


def _figures(cells: pl.DataFrame) -> list[Figure]:
    totals = dict(cells.filter((pl.col("section") == "households") & ~pl.col("is_total"))
                  .group_by("measure").agg(pl.col("value").sum()).iter_rows())
    return [Figure(m.code, m.label_vi, m.label_en, totals[m.code]) for m in HOUSEHOLD_MEASURES if m.code in totals]


def _villages(cells: pl.DataFrame) -> list[str]:
    rows = cells.filter((pl.col("section") == "households") & ~pl.col("is_total"))
    return rows.sort("row")["village"].unique(maintain_order=True).drop_nulls().to_list()


def deliver(copy: Path, inbox: Path, replaces: str | None = None) -> Path:
    """Put the checked ``copy`` into ``inbox`` whole (a hidden partial file renamed into place: a run never sees
    half of it; the run sets hidden files aside), keeping its time as the time received; then remove the file it
    replaces, the same commune's earlier upload for the period, so that one file per commune counts."""
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / copy.name
    partial = inbox / f".{copy.name}.partial"
    with open(partial, "wb") as out:
        out.write(copy.read_bytes())
        out.flush()
        os.fsync(out.fileno())
    stat = copy.stat()
    os.utime(partial, (stat.st_atime, stat.st_mtime))
    os.replace(partial, target)
    copy.unlink()
    if replaces and replaces != target.name and "/" not in replaces and not replaces.startswith("."):
        (inbox / replaces).unlink(missing_ok=True)
    return target
