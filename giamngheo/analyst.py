"""An analyst's way into the published warehouse: a query answered as a table, the marts' descriptions one command
away, and a prompt for more. Always read-only, on the file runs publish (never the one they write)."""

import duckdb

DESCRIBE = "describe "


class AnalystError(RuntimeError):
    pass


def _describe(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    schema, _, name = relation.rpartition(".")
    rows = con.sql("""select column_name, data_type, coalesce(comment, '') from duckdb_columns()
                      where schema_name = ? and table_name = ? order by column_index""",
                   params=[schema or "marts", name]).fetchall()
    if not rows:
        raise AnalystError(f"không có bảng {relation} / no table {relation} (try: describe marts.poverty_by_commune)")
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{column.ljust(width)}  {kind:<9} {comment}" for column, kind, comment in rows)


def answer(warehouse, query: str) -> str:
    """The query's result as DuckDB prints a table, or a relation's columns with their descriptions."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        try:
            if query.strip().lower().startswith(DESCRIBE):
                return _describe(con, query.strip()[len(DESCRIBE):].strip().rstrip(";"))
            relation = con.sql(query)
            return str(relation) if relation is not None else ""
        except duckdb.Error as error:
            raise AnalystError(str(error).splitlines()[0]) from error


def prompt(warehouse) -> str:
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
            print(answer(warehouse, line))
        except AnalystError as error:
            print(f"Lỗi / error: {error}")
