"""Parquet copies of the marts, one file per mart with the period's rows, for analysts' own tools."""

from pathlib import Path

import duckdb


def export_parquet(con: duckdb.DuckDBPyConnection, period: str, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    tables = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                        "where table_schema = 'marts' order by table_name").fetchall()]
    paths = []
    for table in tables:
        path = directory / f"{table}.parquet"
        # COPY takes no parameters: the period has passed parse_period (digits, "-H1"), the path is quoted
        target = str(path).replace("'", "''")
        con.execute(f"copy (select * from marts.{table} where period = '{period}') to '{target}' (format parquet)")
        paths.append(path)
    return paths
