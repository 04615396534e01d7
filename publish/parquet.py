"""Parquet copies of the marts for analysts' own tools, partitioned by period as Hive does
(``<mart>/period=2020/<mart>.parquet``): ``read_parquet('out/parquet/<mart>/*/*.parquet', hive_partitioning = true)``
reads every period published, and a run rewrites only its own period's files.

The record of the publications themselves (``marts.publication_versions``, ``published_figures``,
``publication_changes``) is complete only once a publication is released, and lists the SHA-256 of these very files:
it is in the warehouse, not here."""

from pathlib import Path

import duckdb

from warehouse.versions import PUBLICATION_RECORD


def export_parquet(con: duckdb.DuckDBPyConnection, period: str, directory: Path) -> list[Path]:
    tables = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                        "where table_schema = 'marts' order by table_name").fetchall()]
    paths = []
    for table in (t for t in tables if t not in PUBLICATION_RECORD):
        path = Path(directory) / table / f"period={period}" / f"{table}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        # COPY takes no parameters: the period has passed parse_period (digits, "-H1"), the path is quoted. The
        # period stays in the file too, so that a file read on its own still says which period it holds.
        target = str(path).replace("'", "''")
        con.execute(f"copy (select * from marts.{table} where period = '{period}') to '{target}' (format parquet)")
        paths.append(path)
    return paths
