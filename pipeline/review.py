"""Reviewing each commune's submission before it counts, for the periods the district profile names
(``review_periods``): ``giamngheo review`` lists what waits, ``approve`` lets a file count, ``reject`` keeps it out and
sends its commune the reason in its returned workbook.

A decision is recorded in the working copy, with who and when, and the models are rebuilt there, as a withdrawal is:
the next run of the period publishes it.
"""

from dataclasses import dataclass
from pathlib import Path

from pipeline.release import holding
from pipeline.withdrawal import NotFound, communes_named
from transforms.read import sha256_of
from vocabulary.paths import returned_registers
from warehouse import reviews
from warehouse.connection import connect, exclusive, transaction
from warehouse.models import build_models
from warehouse.snapshot import work_path, working_copy
from warehouse.versions import lock_of

REJECTED_RULE = "district_rejected"
WAITING = "*"  # a target naming every submission waiting (giamngheo approve --all)


@dataclass(frozen=True)
class Decision:
    """What the district decides on the submissions ``target`` names (a file, a file name as received, a commune, or
    ``WAITING``: every one waiting): ``approved`` or ``rejected``, with a note (the reason, for a rejection)."""

    target: str
    decision: str
    note: str = ""


def _has_queue(con) -> bool:
    return bool(con.execute("""select count(*) from information_schema.tables
                               where table_schema = 'marts' and table_name = 'review_queue'""").fetchall()[0][0])


def waiting(warehouse: Path, period: str) -> list[dict]:
    """The period's submissions that count only once approved, with the decisions made so far (those made since the
    last run too: they are in the working copy). Reads only."""
    if not Path(warehouse).exists():
        raise NotFound(f"chưa có kho {warehouse} / there is no warehouse at {warehouse}")
    with exclusive(warehouse):
        source = work_path(warehouse) if work_path(warehouse).exists() else Path(warehouse)
        with connect(source, read_only=True) as con:
            if not _has_queue(con):
                raise NotFound(f"kho {warehouse} chưa có lần chạy nào của phiên bản này / the warehouse holds no run "
                               f"of this version yet: giamngheo run --period {period} first")
            return reviews.queue(con, period)


def _chosen(period: str, target: str, rows: list[dict], aliases) -> list[dict]:
    why = ""
    if target == WAITING:
        found = [r for r in rows if r["decision"] == "waiting"]
        if not found:
            raise NotFound(f"kỳ {period} không có tệp nào đang chờ duyệt / period {period} has nothing waiting")
    elif Path(target).is_file():
        content = sha256_of(Path(target))
        found = [r for r in rows if r["file_id"] == content]
    else:
        found = [r for r in rows if target == r["file_name"]]
    if not found:
        codes, why = communes_named(target, period, [{"district_name": r["district_name"],
                                                      "province_name": r["province_name"]} for r in rows], aliases)
        if len(codes) > 1:
            raise NotFound(f"{target!r} là nhiều xã, ghi mã xã / {target!r} names several communes, give the code: "
                           + ", ".join(sorted(codes)))
        of_commune = [r for r in rows if r["commune_code"] in codes]
        # a commune's waiting files, when it has any: not the one decided on before that still counts
        found = [r for r in of_commune if r["decision"] == "waiting"] or of_commune
    if not found:
        raise NotFound(f"kỳ {period} không có tệp chờ duyệt nào ứng với {target!r} / period {period} has no submission "
                       f"to review matching {target!r} (a file, a file name as received, or a commune's code or name)"
                       + why)
    return found


def decide(warehouse: Path, out: Path, period: str, asked: Decision, notices: list[str],
           aliases: dict[tuple[str, str], str] | None = None) -> list[dict]:
    """Record the district's decision on the submissions ``asked.target`` names; a rejected file's commune gets its
    workbook back, marked with the reason. Return the submissions decided on."""
    if not Path(warehouse).exists():
        raise NotFound(f"chưa có kho {warehouse} / there is no warehouse at {warehouse}")
    with holding(warehouse, out, notices):
        with connect(working_copy(warehouse, notices)) as con:
            if not _has_queue(con):
                raise NotFound(f"kho {warehouse} chưa có lần chạy nào của phiên bản này / the warehouse holds no run "
                               f"of this version yet: giamngheo run --period {period} first")
            if lock := lock_of(con, period):
                raise NotFound(f"kỳ {period} đã khóa ({lock.reason}): mở khóa trước / period {period} is locked "
                               f"({lock.reason}): unlock it first (giamngheo unlock)")
            rows = reviews.queue(con, period)
            if not rows:
                raise NotFound(f"kỳ {period} không có tệp nào cần duyệt (hồ sơ huyện: review_periods) / period "
                               f"{period} has no submission to review (the district profile's review_periods)")
            chosen = _chosen(period, asked.target, rows, aliases)
            sources = dict(con.execute("""select s.file_id, s.source_path || '|' || w.kind from raw.submissions s
                                          join raw.workbooks w using (file_id) where s.period = ?""",
                                       [period]).fetchall())
            with transaction(con):
                reviews.decide(con, period, chosen, asked.decision, asked.note)
                build_models(con, incremental=True)
    if asked.decision == "rejected":
        for row in chosen:
            source, kind = sources[row["file_id"]].rsplit("|", 1)
            row["returned"] = str(_return(Path(source), row, asked.note, out, period,
                                          returned_registers(warehouse) if kind == "register" else None))
    return chosen


def _return(source: Path, row: dict, reason: str, out: Path, period: str, registers: Path | None) -> Path:
    """The commune's workbook, marked with the district's reason, beside the reports of refused files (a household
    register, which holds names, in the folder of returned registers)."""
    from publish.feedback import write_feedback
    from publish.quarantine import safe_name

    folder = (registers / period) if registers else Path(out) / period / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    problem = {"sheet": "", "cell": "", "value": "", "rule": REJECTED_RULE,
               "message_vi": f"Huyện không duyệt báo cáo: {reason}",
               "message_en": f"The district did not approve the report: {reason}"}
    return write_feedback(source, [problem], folder / f"{safe_name(row['file_name'], str(source))}.loi.xlsx")
