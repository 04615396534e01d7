"""Read-only means read-only: an analyst's query can neither write a file nor read one outside the warehouse and
the published Parquet; the published warehouse is only ever replaced whole; a run never reads its own outputs."""

import shutil
from pathlib import Path

import duckdb
import pytest

from giamngheo.analyst import AnalystError, answer
from transforms.inbox import InboxError, check_apart
from warehouse.snapshot import publish_snapshot, work_path


@pytest.fixture(scope="module")
def published(demo_warehouse, tmp_path_factory) -> Path:
    """A published warehouse and its Parquet folder, the report beside it, as an analyst finds them."""
    root = tmp_path_factory.mktemp("published")
    shutil.copy(demo_warehouse, root / "warehouse.duckdb")
    shutil.copytree(demo_warehouse.parent / "out", root / "out")
    return root


@pytest.mark.parametrize("query", [
    "copy (select 'x') to 'out/2020/bao-cao-huyen-krong-pa-2020.html'",
    "copy marts.poverty_by_district to '{root}/warehouse.duckdb'",
    "copy marts.poverty_by_district to '{root}/out/parquet/poverty_by_district/period=2020/poverty_by_district.parquet'",
    "export database '{root}/exported'",
    "attach '{root}/other.duckdb' as other",
    "set enable_external_access = true",
    "select 1; copy marts.completeness to '{root}/x.csv'",
    "explain analyze copy marts.completeness to '{root}/out/parquet/x.parquet'",
    "install httpfs",
    "create table marts.mine as select 1",
])
def test_a_query_that_would_write_or_change_anything_is_refused(published, query, monkeypatch):
    monkeypatch.chdir(published)
    before = {p: p.read_bytes() for p in published.rglob("*") if p.is_file()}
    with pytest.raises(AnalystError):
        answer(published / "warehouse.duckdb", query.format(root=published), published / "out" / "parquet")
    assert {p: p.read_bytes() for p in published.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("query", ["select * from read_text('/etc/passwd')",
                                   "select * from read_csv('{root}/out/2020/quarantine/x.csv')",
                                   "select * from glob('/*')",
                                   "select * from read_parquet('{root}/out/parquet/../../warehouse.duckdb')"])
def test_a_query_reads_no_file_but_the_warehouse_and_the_parquet(published, query):
    with pytest.raises(AnalystError, match="(?i)permission|disabled|magic"):
        answer(published / "warehouse.duckdb", query.format(root=published), published / "out" / "parquet")


def test_what_an_analyst_may_ask_is_answered(published):
    parquet = published / "out" / "parquet"
    assert "2342" in answer(published / "warehouse.duckdb", "select poor_households from marts.poverty_by_district",
                            parquet)
    assert "2342" in answer(published / "warehouse.duckdb", f"""select poor_households from read_parquet(
                            '{parquet}/poverty_by_district/*/*.parquet', hive_partitioning = true)""", parquet)
    assert "poverty_rate_pct" in answer(published / "warehouse.duckdb", "describe marts.poverty_by_district", parquet)


def test_a_write_ahead_log_left_beside_the_published_warehouse_goes_with_the_swap(demo_warehouse, tmp_path):
    """A stray .wal (a tool that opened the published file to write) would be replayed into the new file, and
    every later reader would fail with 'Failure while replaying WAL file'."""
    published = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_warehouse, published)
    shutil.copy(demo_warehouse, work_path(published))
    with duckdb.connect(str(published)) as con:  # a writer killed mid-way leaves its log
        con.execute("set wal_autocheckpoint = '1TB'; create table marts.stray as select 1 as x")
        shutil.copy(f"{published}.wal", tmp_path / "stray.wal")
    shutil.copy(tmp_path / "stray.wal", f"{published}.wal")
    publish_snapshot(published)
    assert not Path(f"{published}.wal").exists()
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.sql("select count(*) from marts.poverty_by_commune").fetchall() == [(14,)]


@pytest.mark.parametrize("inbox, out, warehouse", [
    (".", "out", "data/warehouse.duckdb"),  # the project folder itself: out/ and data/ are in it
    ("out/2020/quarantine", "out", "data/warehouse.duckdb"),  # the files returned to communes, read again
    ("data", "out", "data/warehouse.duckdb"),
    ("inbox", "inbox/out", "data/warehouse.duckdb"),
])
def test_an_inbox_mixed_up_with_the_outputs_or_the_warehouse_is_refused(tmp_path, inbox, out, warehouse):
    for folder in (inbox, out, Path(warehouse).parent):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    with pytest.raises(InboxError, match="own outputs|own warehouse"):
        check_apart(tmp_path / inbox, tmp_path / out, tmp_path / warehouse)


def test_an_inbox_beside_the_outputs_is_accepted(tmp_path):
    for folder in ("inbox", "out", "data/demo-inbox"):
        (tmp_path / folder).mkdir(parents=True)
    check_apart(tmp_path / "inbox", tmp_path / "out", tmp_path / "data" / "warehouse.duckdb")
    check_apart(tmp_path / "data" / "demo-inbox", tmp_path / "out", tmp_path / "data" / "warehouse.duckdb")
