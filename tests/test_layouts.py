"""A warehouse of every earlier layout the repository shipped (tests/layouts/, the raw layer as each commit created
it) is upgraded in order and runs: built here from the layout's own DDL, filled with the demo's rows as that layout
held them, then run with today's code."""

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_library
from tests.helpers import mart_rows
from warehouse import schema

LAYOUTS = sorted((Path(__file__).parent / "layouts").glob("*.sql"))
RECEIVED = datetime(2020, 10, 15)
# a file was a row of raw.workbooks until layout 7; this is what that row held, from today's tables
PER_FILE = """select w.*, s.source_path, s.file_name, s.modified_at, s.resolved_commune_code, s.resolved_structure,
                     s.resolution_method, s.status, s.last_run_id, w.received_at as first_loaded_at,
                     s.last_seen_at as last_loaded_at
              from today.raw.submissions as s join today.raw.workbooks as w using (file_id)
              where s.present and s.copy_of is null"""


def _columns(con: duckdb.DuckDBPyConnection, database: str, table: str) -> list[str]:
    return [name for (name,) in con.execute(
        "select column_name from duckdb_columns() where database_name = ? and schema_name = 'raw' and table_name = ? "
        "order by column_index", [database, table]).fetchall()]


def build_old(layout: Path, today: Path, target: Path) -> Path:
    """A warehouse of ``layout`` holding what the warehouse ``today`` holds, as that layout could hold it (its
    models were built by the code of its time, and are rebuilt: none here)."""
    con = duckdb.connect(str(target))
    for name in schema.SCHEMAS:
        con.execute(f"create schema if not exists {name}")
    con.execute(layout.read_text(encoding="utf-8"))
    con.execute(f"attach '{today}' as today (read_only)")
    for (table,) in con.execute("select table_name from duckdb_tables() where schema_name = 'raw' "
                                "and database_name = current_database()").fetchall():
        old = _columns(con, target.stem, table)
        per_file = table == "workbooks" and "source_path" in old
        source = f"({PER_FILE})" if per_file else f"today.raw.{table}"
        if not per_file and not _columns(con, "today", table):
            continue
        known = set(con.sql(f"select * from {source} limit 0").columns)
        shared = [column for column in old if column in known]
        if table == "schema_version":  # today's; the old warehouse is at its own
            continue
        if table == "model_state":  # built by another version of the models: rebuilt
            con.execute("insert into raw.model_state values ('built by an earlier version', now())")
            continue
        con.execute(f"insert into raw.{table} ({', '.join(shared)}) select {', '.join(shared)} from {source}")
    con.close()
    return target


@pytest.fixture(scope="module")
def demo_today(demo_inbox, tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("today") / "warehouse.duckdb"
    run_library(demo_inbox, database, received_on=RECEIVED)
    return database


def test_the_layouts_shipped_before_are_all_here():
    assert [path.name.split("-")[0] for path in LAYOUTS] == [f"{n:02d}" for n in range(1, schema.VERSION)]


@pytest.mark.parametrize("layout", LAYOUTS, ids=[path.stem for path in LAYOUTS])
def test_a_warehouse_of_an_earlier_layout_is_upgraded_and_runs(layout, demo_inbox, demo_today, tmp_path):
    old = build_old(layout, demo_today, tmp_path / "warehouse.duckdb")
    summary = run_library(demo_inbox, old, received_on=datetime(2026, 1, 1))
    assert summary["counts"]["loaded"] == 14 and summary["outputs"]["workbooks"]
    # the receipts it held are kept: every commune still on time, not received in 2026
    assert summary["completeness"]["counts"]["on_time"] == 14
    assert mart_rows(old) == mart_rows(demo_today)
    with duckdb.connect(str(old), read_only=True) as con:
        assert con.execute("select max(version) from raw.schema_version").fetchall() == [(schema.VERSION,)]
        assert {table for (table,) in con.execute("select table_name from duckdb_tables() where schema_name = 'raw' "
                                                  "and table_name like 'workbooks%'").fetchall()} == {"workbooks"}


def test_each_upgrade_gives_exactly_todays_layout():
    def layout_of(con):
        return set(con.execute("select table_name, column_name, data_type from duckdb_columns() "
                               "where schema_name = 'raw'").fetchall())

    fresh = duckdb.connect()
    schema.ensure(fresh)
    for layout in LAYOUTS:
        con = duckdb.connect()
        for name in schema.SCHEMAS:
            con.execute(f"create schema {name}")
        con.execute(layout.read_text(encoding="utf-8"))
        assert schema.ensure(con) == (1, schema.VERSION)
        assert layout_of(con) == layout_of(fresh), layout.name
        assert schema.ensure(con) == (schema.VERSION, schema.VERSION)  # and then nothing more to do


def test_a_warehouse_of_a_newer_giamngheo_is_refused_with_a_message(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    schema.ensure(con)
    con.execute("insert into raw.schema_version values (?, now())", [schema.VERSION + 1])
    with pytest.raises(schema.SchemaError, match="newer giamngheo"):
        schema.ensure(con)


def test_a_relation_no_model_builds_any_more_is_dropped_by_a_full_build(demo_today, tmp_path):
    """An earlier version's mart would otherwise stay, never updated, for analysts and the Parquet copies."""
    import shutil

    from warehouse.connection import connect
    from warehouse.models import build_models

    database = Path(shutil.copy(demo_today, tmp_path / "w.duckdb"))
    with connect(database) as con:
        con.execute("create table marts.int_households_by_area as select 1 as retired")
        con.execute("create view intermediate.int_rates_by_area as select 1 as retired")
        build_models(con)
        left = con.execute("""select table_name from duckdb_tables() where table_name like '%by_area'
                              union all select view_name from duckdb_views() where view_name like '%by_area'""")
        assert left.fetchall() == []
        assert con.execute("select count(*) from marts.poverty_by_commune").fetchall() == [(14,)]
