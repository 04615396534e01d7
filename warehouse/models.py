"""Build the SQL models in ``sql/``: one ``select`` per file, named ``<schema>/<model>.sql``.

Staging and intermediate models are views, marts are tables. Models are built in the
order their references to each other require.
"""

import re
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
MODEL_SCHEMAS = ("staging", "intermediate", "marts")
_REFERENCE = re.compile(r"\b(staging|intermediate|marts)\.(\w+)\b")


def discover(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    """``schema.model`` -> its SQL, for every model file."""
    return {
        f"{schema}.{path.stem}": path.read_text(encoding="utf-8")
        for schema in MODEL_SCHEMAS
        for path in sorted((sql_dir / schema).glob("*.sql"))
    }


def build_order(models: dict[str, str]) -> list[str]:
    graph = {
        name: {f"{s}.{m}" for s, m in _REFERENCE.findall(sql) if f"{s}.{m}" != name}
        for name, sql in models.items()
    }
    for name, refs in graph.items():
        unknown = refs - models.keys()
        if unknown:
            raise ValueError(f"model {name} refers to {', '.join(sorted(unknown))}, which has no file in sql/")
    return list(TopologicalSorter(graph).static_order())


def build_models(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR, only: set[str] | None = None) -> list[str]:
    """Build every model, or only those named in ``only`` (whose own inputs must exist already)."""
    models = discover(sql_dir)
    order = [name for name in build_order(models) if only is None or name in only]
    for name in order:
        kind = "table" if name.startswith("marts.") else "view"
        con.execute(f"create or replace {kind} {name} as\n{models[name]}")
    return order
