"""Taking a submission out of a period's figures, and putting it back: ``giamngheo withdraw``.

A withdrawal is recorded (who, when, why) and kept: the submission stays in the warehouse, out of the figures, until
it is restored. The next run of the period publishes without it and lists it.
"""

import getpass
from dataclasses import dataclass
from pathlib import Path

from pipeline.release import holding
from transforms.read import sha256_of
from transforms.resolve import UnitNotFound, find_commune
from warehouse.connection import connect, transaction
from warehouse.load import withdraw
from warehouse.models import build_models
from warehouse.snapshot import working_copy
from warehouse.versions import lock_of


class NotFound(LookupError):
    pass


def _submissions(con, period: str) -> list[dict]:
    return con.sql("""select s.file_id, s.file_name, s.source_path, s.resolved_commune_code as commune_code,
                             u.commune_name, u.district_name, u.province_name, c.file_id is not null as is_current,
                             exists (select 1 from raw.withdrawals d where d.period = s.period and d.file_id = s.file_id
                                     and d.restored_at is null) as withdrawn
                      from raw.submissions s
                      left join marts.period_units u
                          on u.period = s.period and u.unit_structure = s.resolved_structure
                          and u.commune_code = s.resolved_commune_code
                      left join marts.current_submissions c on c.period = s.period and c.file_id = s.file_id
                      where s.period = ? and s.status = 'loaded' and s.copy_of is null""",
                   params=[period]).pl().to_dicts()


def find(con, period: str, target: str, restore: bool, aliases: dict[tuple[str, str], str] | None = None) -> list[dict]:
    """The submissions ``target`` names: a file on disk (by its content), a file name or path as received, or a
    commune, found as a run finds a workbook's (a code, a name, a confirmed name in ``aliases``, a near spelling
    clearly the best): its current submission, its withdrawn ones when restoring."""
    rows = _submissions(con, period)
    if Path(target).is_file():
        content = sha256_of(Path(target))
        found = [r for r in rows if r["file_id"] == content]
    else:
        found = [r for r in rows if target in (r["file_name"], r["source_path"])]
    why = ""
    if not found:
        codes, why = communes_named(target, period, rows, aliases)
        if len(codes) > 1:
            raise NotFound(f"{target!r} là nhiều xã, ghi mã xã / {target!r} names several communes, give the code: "
                           + ", ".join(sorted(codes)))
        found = [r for r in rows if r["commune_code"] in codes and (r["withdrawn"] if restore else r["is_current"])]
    if not found:
        raise NotFound(f"kỳ {period} không có tệp đã nạp nào ứng với {target!r} / period {period} has no loaded "
                       f"submission matching {target!r} (a file, a file name as received, or a commune code or name)"
                       + why)
    return [r for r in found if r["withdrawn"] == restore]


def communes_named(target: str, period: str, rows: list[dict],
                    aliases: dict[tuple[str, str], str] | None) -> tuple[set[str], str]:
    """The communes ``target`` names within the districts (provinces after the reform) the period's files are
    from, as a run would find them there; and, when none, why."""
    codes, why = set(), ""
    for district, province in {(r["district_name"] or "", r["province_name"] or "") for r in rows}:
        try:
            codes.add(find_commune(target, period, district, province, aliases)["commune_code"])
        except UnitNotFound as error:
            why = f" ({error})"
    return codes, "" if codes else why


@dataclass(frozen=True)
class Asked:
    """What a person asks withdraw for: the submissions ``target`` names, why, and whether to put them back."""

    target: str
    reason: str = ""
    restore: bool = False


def withdraw_submissions(warehouse: Path, period: str, asked: Asked, notices: list[str] | None = None,
                         aliases: dict[tuple[str, str], str] | None = None) -> list[dict]:
    """Withdraw (or ``restore``) the submissions ``target`` names; return them. The published warehouse and
    workbooks change at the period's next run. ``notices`` hears of a release a killed run left, completed first."""
    if not Path(warehouse).exists():
        raise NotFound(f"chưa có kho {warehouse} / there is no warehouse at {warehouse}")
    with holding(warehouse, None, [] if notices is None else notices):
        with connect(working_copy(warehouse)) as con:
            if not con.execute("""select count(*) from information_schema.tables
                                  where table_schema = 'marts' and table_name = 'current_submissions'""",
                               ).fetchall()[0][0]:
                raise NotFound(f"kho {warehouse} chưa có lần chạy nào / the warehouse holds no run yet: giamngheo run "
                               f"--period {period} first")
            if lock := lock_of(con, period):
                raise NotFound(f"kỳ {period} đã khóa ({lock.reason}): mở khóa trước khi rút tệp / period {period} is "
                               f"locked ({lock.reason}): unlock it before withdrawing a file (giamngheo unlock)")
            changed = find(con, period, asked.target, asked.restore, aliases)
            with transaction(con):
                withdraw(con, period, [r["file_id"] for r in changed], asked.reason, getpass.getuser(),
                         asked.restore)
                build_models(con, incremental=True)
    return changed
