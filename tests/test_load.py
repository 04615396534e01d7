"""Loading a run into the raw layer (warehouse/load.py), on its own: two of the demo's workbooks, one with mistakes,
read and validated as a run does, loaded into a new warehouse without building the models."""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from checks.validated import Validated
from giamngheo.demo import write_demo_inbox
from pipeline import stages
from warehouse.connection import connect, transaction
from warehouse.load import RunRecord, load_run

CORRECT, MISTAKEN = "24088", "24091"  # Krông Pa's first commune, and the one the demo can give two mistakes


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    paths = [p for p in write_demo_inbox(inbox, mistakes=True) if p.name.startswith((CORRECT, MISTAKEN))]
    assert len(paths) == 2, [p.name for p in paths]
    return stages.validate(stages.read(paths), "2020", inbox / "aliases.csv")


def _record(run_id: str, **options) -> RunRecord:
    return RunRecord(run_id, "2020", "inbox", datetime(2021, 1, 5, 8), {"poverty_rate_change_pp": 5.0}, **options)


def _load(database: Path, record: RunRecord, batch) -> dict[str, int]:
    with connect(database) as con, transaction(con):
        return load_run(con, record, batch)


def _one(database: Path, sql: str, params: list | None = None):
    with connect(database, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_a_run_is_written_with_what_became_of_each_file(batch, tmp_path):
    database = tmp_path / "warehouse.duckdb"
    counts = _load(database, _record("r1"), batch)

    assert counts == {"loaded": 1, "quarantined": 1, "needs_review": 0}
    statuses = dict(_one(database, "select resolved_commune_code, status from raw.submissions where present"))
    assert statuses == {CORRECT: "loaded", MISTAKEN: "quarantined"}
    assert _one(database, "select count(*) from raw.cells") == [(batch.cells.height,)]
    errors = _one(database, """select distinct s.resolved_commune_code, e.run_id from raw.validation_errors as e
                               join raw.submissions as s using (file_id)""")
    assert errors == [(MISTAKEN, "r1")]
    assert _one(database, "select run_id, workbooks, loaded, quarantined from raw.runs") == [("r1", 2, 1, 1)]
    assert _one(database, "select rule, threshold from raw.run_thresholds") == [("poverty_rate_change_pp", 5.0)]
    assert sorted(_one(database, "select commune_code from raw.affected_communes")) == [(CORRECT,), (MISTAKEN,)]


def test_loading_the_same_files_again_replaces_them_and_keeps_when_they_were_first_seen(batch, tmp_path):
    database = tmp_path / "warehouse.duckdb"
    _load(database, _record("r1"), batch)
    first_seen = _one(database, "select file_id, first_seen_at, first_run_id from raw.workbooks order by 1")
    with connect(database) as con:
        con.execute("delete from raw.affected_communes")  # as a build of the models leaves it

    _load(database, _record("r2"), batch)

    assert _one(database, "select count(*) from raw.cells") == [(batch.cells.height,)]
    assert _one(database, "select file_id, first_seen_at, first_run_id from raw.workbooks order by 1") == first_seen
    assert _one(database, "select distinct last_run_id from raw.submissions") == [("r2",)]
    assert _one(database, "select count(*) from raw.affected_communes") == [(0,)]  # nothing of theirs changed


def test_a_file_not_read_again_and_not_unchanged_is_no_longer_present(batch, tmp_path):
    database = tmp_path / "warehouse.duckdb"
    _load(database, _record("r1"), batch)
    correct = batch.submissions.filter(batch.submissions["resolved_commune_code"] == CORRECT)
    nothing_read = Validated(*(frame.clear() for frame in (batch.submissions, batch.cells, batch.households,
                                                           batch.errors)))

    _load(database, _record("r2", unchanged=tuple(correct.select("source_path", "file_id").iter_rows())),
          nothing_read)

    assert _one(database, "select resolved_commune_code from raw.submissions where present") == [(CORRECT,)]
    assert _one(database, "select count(*) from raw.cells") == [(batch.cells.height,)]  # kept, as content is


def test_the_frames_a_load_lends_to_duckdb_are_taken_back(batch, tmp_path):
    database = tmp_path / "warehouse.duckdb"
    with connect(database) as con:
        with transaction(con):
            load_run(con, _record("r1"), batch)
        with pytest.raises(duckdb.CatalogException):
            con.execute("select * from run_cells")
