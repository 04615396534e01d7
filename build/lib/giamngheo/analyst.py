"""An analyst's way into the published warehouse: a query answered as a table, the marts' descriptions one command
away, and a prompt for more. On the file runs publish (never the one they write), and read-only in fact, not only
by intent: the warehouse is opened read-only, a query may only be a SELECT (no COPY, EXPORT, ATTACH, SET, …), and
DuckDB is told to touch no file but the warehouse and the published Parquet copies (``enable_external_access``
off, those allowed, the configuration locked), so no query can write a file or read one outside them."""

from pathlib import Path

import duckdb

DESCRIBE = "describe "


class AnalystError(RuntimeError):
    pass


def open_read_only(warehouse: Path, parquet: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The published warehouse, read-only, reaching no other file than the Parquet folder ``parquet``."""
    con = duckdb.connect(str(warehouse), read_only=True)
    if parquet is not None:
        con.execute("set allowed_directories = ?", [[f"{Path(parquet).resolve()}/"]])
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def _only_selects(con: duckdb.DuckDBPyConnection, query: str) -> None:
    for statement in con.extract_statements(query):
        if statement.type != duckdb.StatementType.SELECT:
            kind = statement.type.name
            raise AnalystError(f"chỉ được hỏi bằng SELECT (câu {kind} không được chạy: kho chỉ đọc) / only SELECT "
                               f"queries are answered ({kind} is not: the warehouse is read-only)")


def _describe(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    schema, _, name = relation.rpartition(".")
    rows = con.sql("""select column_name, data_type, coalesce(comment, '') from duckdb_columns()
                      where schema_name = ? and table_name = ? order by column_index""",
                   params=[schema or "marts", name]).fetchall()
    if not rows:
        raise AnalystError(f"không có bảng {relation} / no table {relation} (try: describe marts.poverty_by_commune)")
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{column.ljust(width)}  {kind:<9} {comment}" for column, kind, comment in rows)


def answer(warehouse, query: str, parquet: Path | None = None) -> str:
    """The query's result as DuckDB prints a table, or a relation's columns with their descriptions."""
    with open_read_only(warehouse, parquet) as con:
        try:
            if query.strip().lower().startswith(DESCRIBE):
                return _describe(con, query.strip()[len(DESCRIBE):].strip().rstrip(";"))
            _only_selects(con, query)
            relation = con.sql(query)
            return str(relation) if relation is not None else ""
        except duckdb.Error as error:
            raise AnalystError(str(error).splitlines()[0]) from error


def prompt(warehouse, parquet: Path | None = None) -> str:
    """Read queries until an empty line or end of input; print each answer."""
    print("Kho chỉ đọc / read-only warehouse:", warehouse, "— `describe marts.<mart>`, an empty line to quit")
    while True:
        try:
            line = input("giamngheo> ").strip()
        except EOFError:
            return ""
        if not line:
            return ""
        try:
            print(answer(warehouse, line, parquet))
        except AnalystError as error:
            print(f"Lỗi / error: {error}")
