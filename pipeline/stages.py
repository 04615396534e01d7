"""The stages of a run, each a plain function over all the workbooks of a run (or a batch of them): read → resolve
and validate → quarantine → load and model → check, while the publication is written aside → release it if the
checks passed; and what the warehouse says of a period. The Prefect tasks in ``flows/`` wrap these; so does
``run_period``, which is what the CLI and the tests call.

The libraries a stage needs are imported when it first runs (pandera, openpyxl and Great Expectations take from a
second to several to import): a run with nothing new to do needs none of them.
"""

import gc
import multiprocessing
import os
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import polars as pl

from checks.validated import Validated
from pipeline import checking
from pipeline.contracts import Progress
from transforms.extract import read_submission
from transforms.inbox import SetAside
from transforms.tables import Extracted
from vocabulary.failpoints import failpoint
from vocabulary.periods import area_level
from vocabulary.profile import Profile
from warehouse.connection import connect, transaction
from warehouse.load import RunRecord, load_run

# Below this many files (or workbooks to write), starting processes costs more than it saves.
PARALLEL_FROM = 200
CHUNK = 100


@contextmanager
def _collector_paused():
    """Reading makes millions of small objects that hold no reference cycles: the cyclic garbage collector's passes
    over them find nothing, and took a tenth of a national run's reading. What was read is then moved straight to
    the collector's oldest generation (``freeze`` then ``unfreeze``): left in the youngest, never collected while
    reading, it would all be traversed by the next collections, once per generation (validating 10,040 files took
    6 s instead of 4)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


# a file the file system would not give: tried again this long after each failure, then set aside
RETRY_SECONDS = (2, 4, 8)


def read_one(path: Path) -> Extracted | SetAside:
    """One file read and extracted. A file gone since the inbox was scanned, or that the file system will not give
    (after RETRY_SECONDS on an error that may pass: a file still being copied, a network share that blinked), is
    set aside with the reason: that file's outcome, never the run's."""
    for wait in (*RETRY_SECONDS, None):
        try:
            return read_submission(path)
        except FileNotFoundError:
            return SetAside(path, "vanished")
        except (PermissionError, IsADirectoryError, NotADirectoryError):
            return SetAside(path, "unreadable_file")
        except OSError:
            if wait is None:
                return SetAside(path, "unreadable_file")
            time.sleep(wait)
    raise AssertionError("unreachable: the last try returns whatever happens")


def held_for_key(item: Extracted | SetAside) -> Extracted | SetAside:
    """A household register read without the district's pseudonym key is the district's to fix, not the commune's:
    set aside (nothing returned to the commune, nothing recorded), so that the first run with the key reads it."""
    if isinstance(item, SetAside) or item.kind != "register":
        return item
    wanting = next((p for p in item.problems if p.rule == "pii_key_missing"), None)
    return SetAside(item.workbook.path, "register_without_key", (wanting.message_vi, wanting.message_en)) \
        if wanting else item


def _read_chunk(paths: list[Path]) -> list[Extracted | SetAside]:
    with _collector_paused():
        return [read_one(path) for path in paths]


@contextmanager
def _mapper(items: int, workers: int | None = None, chunksize: int = 1):
    """``map``, or a pool's map over as many processes as the machine has cores when there are enough items to
    repay starting them (reading and writing workbooks are the same work for every file, and take longest)."""
    workers = workers or os.cpu_count() or 1
    if items < PARALLEL_FROM or workers < 2 or not checking.spawnable():
        yield map
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield partial(pool.map, chunksize=chunksize)


def read(paths: list[Path], progress: Progress | None = None,
         workers: int | None = None) -> list[Extracted | SetAside]:
    """Read and extract every file, each on its own; a file that could not be read at all is set aside."""
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    extracted: list[Extracted | SetAside] = []
    with _mapper(len(paths), workers) as mapper, _collector_paused():
        for chunk in mapper(_read_chunk, chunks):
            extracted += chunk
            if progress:
                progress("read", len(extracted), len(paths))
    return extracted


def validate(extracted: list[Extracted], period: str, aliases: Path) -> Validated:
    """Resolve each workbook's commune and check every rule, all workbooks at once: submissions, one row per file;
    cells, the registers' households and errors, each content once however many identical files hold it."""
    from checks.validate import validate as validate_rules
    from transforms.aliases import alias_index, read_aliases
    from transforms.frames import cells_frame, households_frame, originals, submissions_frame

    submissions = submissions_frame(extracted, period, alias_index(read_aliases(aliases)), str(aliases))
    cells = cells_frame(extracted)
    households = households_frame(extracted)
    errors = validate_rules(originals(extracted), submissions.filter(pl.col("copy_of").is_null()), cells, period,
                            households)
    return Validated(submissions, cells, households, errors)


def quarantine(errors: pl.DataFrame, submissions: pl.DataFrame, directory: Path,
               registers: Path | None = None) -> list[dict]:
    """What goes back to the communes whose files were refused: to ``directory`` (in the published tree), but a
    household register, which holds names, to ``registers`` (the period's folder of returned registers), where what a
    commune was sent back is deleted once its register loads."""
    from publish.quarantine import clear_returned, write_quarantine

    written = write_quarantine(errors, submissions, directory, registers)
    if registers is not None:
        clear_returned(errors, submissions, registers)
    return written


def relocate_returned(database: Path, period: str, registers: Path) -> int:
    """Move the refused registers an earlier version returned from the published tree (``out/<period>/quarantine``:
    their names were published with it) to the period's folder of returned registers, and record where they are
    now; return how many moved."""
    from publish.quarantine import move_returned

    registers = Path(registers).resolve()
    with connect(database) as con:
        rows = con.execute("""select s.source_path, s.file_id, s.report_path, s.feedback_path, s.attributed_commune_code
                              from raw.submissions s join raw.workbooks w using (file_id)
                              where s.period = ? and w.kind = 'register' and s.report_path is not null""",
                           [period]).fetchall()
        moved = 0
        for source_path, file_id, report, feedback, commune in rows:
            if not Path(report).exists() or registers in Path(report).resolve().parents:
                continue
            report, feedback = move_returned(Path(report), feedback and Path(feedback), registers, commune)
            con.execute("""update raw.submissions set report_path = ?, feedback_path = ?
                           where period = ? and source_path = ? and file_id = ?""",
                        [str(report), feedback and str(feedback), period, source_path, file_id])
            moved += 1
    return moved


def known(database: Path, period: str) -> tuple[dict[str, dict], str | None]:
    """The files the period's latest run found (by path), as the warehouse remembers them, and the SHA-256 of the
    confirmed names it resolved them with."""
    from warehouse.load import aliases_read, known_files

    if not Path(database).exists():
        return {}, None
    with connect(database, read_only=True) as con:  # its layout brought up to date by working_copy
        files = known_files(con, period)
        # registers a version before this one refused for want of the key: read again, the key may be there now
        wanting = {path for (path,) in con.execute(
            """select s.source_path from raw.submissions s join raw.validation_errors e
               on e.file_id = s.file_id and e.period = s.period
               where s.period = ? and s.present and e.rule = 'pii_key_missing'""", [period]).fetchall()}
        return {path: seen for path, seen in files.items() if path not in wanting}, aliases_read(con, period)


def load(database: Path, run: RunRecord, batch: Validated, full: bool = False) -> dict:
    """Write the run into the raw layer and rebuild the models (incrementally where it can, unless ``full``), in one
    transaction."""
    from warehouse.gazetteer import ensure_gazetteer
    from warehouse.models import build_models

    with connect(database) as con, transaction(con):
        ensure_gazetteer(con)
        counts = load_run(con, run, batch)
        failpoint("load.raw")
        models = build_models(con, incremental=not full)
        failpoint("load.models")
    return {**counts, "models": models}


def _rows(database: Path, sql: str, params: list | dict) -> list[dict]:
    with connect(database, read_only=True) as con:
        return con.sql(sql, params=params).pl().to_dicts()


def files(database: Path, period: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The files of the period's latest run, each with what became of it and the sheets its figures were read from,
    and their errors."""
    with connect(database, read_only=True) as con:
        present = con.sql(
            """with read as (
                   select file_id, list(distinct sheet order by sheet) as sheets_read
                   from (select file_id, sheet from raw.cells union all select file_id, sheet from raw.households)
                   where file_id in (select file_id from raw.submissions where period = ? and present)
                   group by file_id
               )
               select s.file_id, s.source_path, s.file_name, s.copy_of, s.resolved_commune_code, s.resolution_method,
                      s.status, s.report_path, s.feedback_path, w.commune_name, w.text_encoding,
                      coalesce(read.sheets_read, []) as sheets_read
               from raw.submissions s join raw.workbooks w using (file_id) left join read using (file_id)
               where s.period = ? and s.present order by s.source_path""", params=[period, period]).pl()
        errors = con.sql(
            """select e.file_id, e.sheet, e.cell, e.value, e.rule, e.message_vi, e.message_en
               from raw.validation_errors e
               where e.period = ? and e.file_id in (select file_id from raw.submissions where period = ? and present)
               order by e.file_id""", params=[period, period]).pl()
    return present, errors


def warnings(database: Path, period: str) -> list[dict]:
    """The warnings on the current workbooks and household registers of ``period`` (``marts.warnings``,
    ``marts.register_warnings``)."""
    return _rows(database, """select * from marts.warnings where period = $period
                              union all by name
                              select * from marts.register_warnings where period = $period
                              order by commune_code, rule, sheet, cell""", {"period": period})


def completeness(database: Path, period: str) -> list[dict]:
    return _rows(database, """select district_name, province_name, commune_code, commune_name, submission_status,
                                     files, first_received_at, due_date, rejected_for, figures_source
                              from marts.completeness where period = ? order by district_code, commune_code""",
                 [period])


def withdrawals(database: Path, period: str) -> list[dict]:
    """Submissions out of the period's figures: withdrawn, or no longer in the inbox."""
    return _rows(database, "select * from marts.withdrawals where period = ? order by commune_code, since", [period])


def review_queue(database: Path, period: str) -> list[dict]:
    """The submissions that count only once the district approves them, with its decisions (marts.review_queue)."""
    from warehouse.reviews import queue

    with connect(database, read_only=True) as con:
        return queue(con, period)


def area_totals(database: Path, period: str) -> list[dict]:
    """The period's districts or provinces, as the published workbooks total them."""
    level = area_level(period)
    name = "district_name" if level == "district" else "province_name"
    order = "province_code, district_code" if level == "district" else "province_code"
    return _rows(database, f"""select '{level}' as area_level, {level}_code as area_code, {name} as area_name,
                                      communes, communes_with_plan, total_households, poor_households,
                                      poverty_rate_pct, em_households,
                                      em_poor_households, em_poverty_rate_pct, target_period, target_poor_households,
                                      target_poverty_rate_pct, target_rate_reduction_pp, target_poor_reduction,
                                      coalesce((select is_synthetic from marts.poverty_by_{level} as p
                                                where p.period = x.period and p.unit_structure = x.unit_structure
                                                and p.{level}_code = x.{level}_code), false) as is_synthetic
                               from marts.plan_vs_result_by_{level} as x where period = ? order by {order}""",
                 [period])


def affected(database: Path, period: str) -> dict[str, list[str]] | None:
    """The codes of the communes a run changed and of their areas, ``{"commune_code": […], "district_code": […],
    "province_code": […]}`` (no districts after the reform), or None when the whole period is to be checked and
    published (nothing published yet)."""
    levels = ["commune", "district", "province"] if area_level(period) == "district" else ["commune", "province"]
    with connect(database, read_only=True) as con:
        published = con.execute("select count(*) from raw.publications where period = ?", [period]).fetchall()[0][0]
        if not published:
            return None
        rows = con.execute(f"""select {', '.join(f'list(distinct u.{level}_code order by 1)' for level in levels)}
                               from raw.affected_communes a
                               join marts.period_units u using (period, commune_code)
                               where a.period = ?""", [period]).fetchall()[0]
    return {f"{level}_code": [code for code in codes or [] if code is not None] for level, codes in zip(levels, rows)}


@dataclass(frozen=True)
class Standing:
    """How the period stands against its last publication, as the run deciding whether it has anything to do sees
    it: ``settled``, its last run used these thresholds, this due date, this review setting and models built by this
    version (a change to any of them rewrites every area's publication); ``up_to_date``, its last publication holds
    every change so far (no withdrawal made or undone since, no commune whose change is still unpublished: its run
    failed its checks, could not write its area's workbook, a file of it was approved or rejected, or another
    period's change touched it)."""

    settled: bool
    up_to_date: bool


def standing(database: Path, period: str, thresholds: dict[str, float], due: date, review: bool = False) -> Standing:
    if not Path(database).exists():
        return Standing(False, False)
    with connect(database, read_only=True) as con:
        return Standing(_same_settings(con, period, thresholds, due, review) and _models_current(con),
                        _up_to_date(con, period))


def _same_settings(con, period: str, thresholds: dict[str, float], due: date, review: bool) -> bool:
    stored = dict(con.execute("select rule, threshold from raw.run_thresholds where period = ?", [period]).fetchall())
    [(stored_due, reviewed)] = con.execute(
        """select (select due_date from raw.due_dates where period = $period),
                  coalesce((select required from raw.review_periods where period = $period), false)""",
        {"period": period}).fetchall()
    return stored == {k: float(v) for k, v in thresholds.items()} and stored_due == due and reviewed == review


def _models_current(con) -> bool:
    """Whether the models were last built from this version's SQL project (``warehouse.models.fingerprint``): a new
    version of giamngheo rebuilds them, and republishes, before any run can say it has nothing new to do."""
    import duckdb

    from warehouse.models import fingerprint

    [(built,)] = con.execute("select max(fingerprint) from raw.model_state").fetchall()
    try:
        return built is not None and built == fingerprint(con)
    except duckdb.CatalogException:  # no gazetteer yet: nothing was ever built
        return False


def published_as_is(database: Path, period: str) -> bool:
    """Whether the period's last publication holds every change the warehouse has for it."""
    with connect(database, read_only=True) as con:
        return _up_to_date(con, period)


def _up_to_date(con, period: str) -> bool:
    published = con.execute("select max(published_at) from raw.publications where period = ?",
                            [period]).fetchall()[0][0]
    if published is None:
        return False
    [(withdrawn, pending)] = con.execute(
        """select (select count(*) from raw.withdrawals where period = ?
                   and greatest(withdrawn_at, coalesce(restored_at, withdrawn_at)) > ?),
                  (select count(*) from raw.affected_communes where period = ?)""",
        [period, published, period]).fetchall()
    return not withdrawn and not pending


def record_publication(database: Path, period: str, run_id: str, unpublished_areas: Sequence[str] = (),
                       outputs: dict[str, str] | None = None) -> None:
    """The period is published: what changed before is in its workbooks now, except in ``unpublished_areas`` (the
    codes of areas whose workbook could not be written), whose communes the next run publishes again. ``outputs``:
    the files it published (path relative to out/ -> SHA-256), recorded as its version's with those of the version
    that this publication did not write again."""
    from warehouse import versions

    level = area_level(period)
    with connect(database) as con, transaction(con):
        con.execute("insert or replace into raw.publications values (?, ?, ?)",
                    [period, run_id, datetime.now(UTC).replace(tzinfo=None)])
        version = versions.publishing_version(con, period)
        kept = versions.outputs_of(con, period, version) if version == versions.published_version(con, period) else {}
        versions.record_version(con, period, run_id, list({**kept, **(outputs or {})}.items()))
        con.execute(f"""delete from raw.affected_communes as a where period = $period and not exists (
                            select 1 from marts.period_units as u
                            where u.period = a.period and u.commune_code = a.commune_code
                            and u.{level}_code in (select unnest($areas::varchar[])))""",
                    {"period": period, "areas": list(unpublished_areas)})


def check(database: Path, period: str, docs_dir: Path, scope: dict[str, list[str]] | None = None) -> dict:
    """The warehouse's expectations over the period's rows, or over those of the units in ``scope`` (what a run
    changed: the rest was checked when it was published); their Data Docs made to open offline."""
    from publish.offline import make_offline

    result = checking.verdict(database, period, docs_dir, scope)
    make_offline(docs_dir)
    return result


def write_publication(database: Path, period: str, aside: Path, progress: Progress | None = None,
                      areas: list[str] | None = None, profile: Profile | None = None) -> dict:
    """The period's workbooks and reports (of ``areas`` only, when given) and its Parquet copies, written into the
    folder ``aside`` (``release.new_aside``) while the checks run, as the district ``profile`` issues them:
    ``release`` puts them in place if the checks pass."""
    from publish.workbooks import publish_period

    with connect(database, read_only=True) as con:
        written = publish_period(con, period, Path(aside), progress, areas, partial(_mapper, chunksize=8), profile)
    failpoint("aside.written")
    return {"aside": Path(aside), **written}


DOCS, FAILED_DOCS = "data-docs", "data-docs-failed"


def withhold(written: dict, expectations: dict, out: Path, period: str) -> dict:
    """The warehouse failed its checks: nothing written aside is published. Their Data Docs, which say why, go to
    ``out/<period>/data-docs-failed`` (the Data Docs of the publication in place stay); return the expectations
    with that address."""
    docs = Path(written["aside"]) / period / DOCS
    failed = Path(out) / period / FAILED_DOCS
    if docs.exists():
        shutil.rmtree(failed, ignore_errors=True)
        failed.parent.mkdir(parents=True, exist_ok=True)
        os.replace(docs, failed)
    shutil.rmtree(written["aside"], ignore_errors=True)
    return {**expectations, "docs": failed / "index.html"}


def _hashes(out: Path, aside: Path | None, plan) -> dict[str, str]:
    """The SHA-256 of each file a release puts in place (relative to ``out``), taken from where it is written aside;
    a file taken down is recorded with an empty one, so that it leaves its version's list."""
    from transforms.read import sha256_of

    hashes = {relative: sha256_of(Path(aside) / relative) for relative in plan.files if aside}
    return hashes | {relative: "" for relative in plan.removed if not relative.endswith(FAILED_DOCS)}


def release(database: Path, warehouse: Path, out: Path, period: str, run_id: str, written: dict | None) -> dict:
    """Publish what the run wrote aside (``written``; None when it had nothing to write) and its working copy as the
    analysts' warehouse, as one release that a crash cannot leave half-done (``pipeline/release.py``): written
    down, recorded in the warehouse, carried out. Return where each file went."""
    from pipeline.release import Release, begin, carry_out

    out = Path(out)
    aside: Path | None
    moved: dict[str, list[Path]]
    failed: list[dict]
    removed: list[Path]
    if written:
        aside = Path(written["aside"])
        moved = {kind: [Path(p).relative_to(aside) for p in written.get(kind, [])]
                 for kind in ("workbooks", "reports", "official", "parquet")}
        failed = written.get("failed", [])
        removed = [Path(p).relative_to(aside) for p in written.get("emptied", [])]
    else:
        aside, moved, failed, removed = None, {}, [], []
    folders = [Path(period) / DOCS] if aside and (aside / period / DOCS).exists() else []
    plan = Release(run_id, str(Path(warehouse).resolve()), str(aside.resolve() if aside else ""), str(out.resolve()),
                   files=[str(p) for kind in moved.values() for p in kind], folders=[str(f) for f in folders],
                   removed=[str(p) for p in removed if (out / p).exists()]
                   + ([str(Path(period) / FAILED_DOCS)] if folders else []))
    begin(plan)
    record_publication(database, period, run_id, [f["area_code"] for f in failed], _hashes(out, aside, plan))
    failpoint("release.recorded")
    carry_out(plan)
    released: dict[str, list] = {kind: [out / p for p in paths] for kind, paths in moved.items()}
    released["removed"] = [out / p for p in plan.removed if not p.endswith(FAILED_DOCS)]
    if failed:
        assert aside is not None  # the areas that failed are of what was written aside
        released["failed"] = [{**f, "path": str(out / Path(f["path"]).relative_to(aside))} for f in failed]
    return released
