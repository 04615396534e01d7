"""Build the dbt project in ``sql/`` without dbt: its seeds, then its models in the order their ``ref()``s require,
each model's and column's description written as a DuckDB comment.

dbt takes seconds to start and parse the project; a run that changes one commune cannot pay that, so the files are
rendered here with the same meaning: ``ref``, ``source``, ``var``, ``config``, ``is_incremental``, ``this``, ``doc``
and the project's macros. ``giamngheo dbt build`` runs the very same files with dbt itself (and its tests).

A build is full (seeds, views, tables, comments) the first time, and whenever the project's rendered SQL, its seeds
or the gazetteer changed since the last full build; otherwise it is incremental: the incremental models forget and
rebuild only the communes of ``raw.affected_communes``, the tables above them are rebuilt from those, and the views
are left as they are.
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb
import yaml
from jinja2 import Environment, StrictUndefined

from vocabulary.seeds import SQL_DIR

MODEL_SCHEMAS = ("staging", "intermediate", "marts")
SEED_SCHEMA = "ref"
_DOC_BLOCK = re.compile(r"{%\s*docs\s+(\w+)\s*%}(.*?){%\s*enddocs\s*%}", re.S)


class ModelError(RuntimeError):
    """A model failed to build; the message names its file."""


@dataclass
class Model:
    name: str
    schema: str
    path: Path
    materialized: str
    refs: set[str] = field(default_factory=set)
    config: dict = field(default_factory=dict)

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass
class Project:
    models: dict[str, Model]
    seeds: dict[str, Path]
    sources: dict[str, str]  # source name -> schema
    variables: dict
    descriptions: dict[str, dict]  # relation name -> {"description", "columns": {column: description}}
    macros: str


# libyaml's loader where PyYAML was built with it: the project's .yml files take 0.7 s in the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}


@cache
def project(sql_dir: Path = SQL_DIR) -> Project:
    settings = _yaml(sql_dir / "dbt_project.yml")
    folder_config = settings.get("models", {}).get(settings["name"], {})
    models = {}
    for schema in MODEL_SCHEMAS:
        default = folder_config.get(schema, {}).get("+materialized", "view")
        for path in sorted((sql_dir / "models" / schema).glob("*.sql")):
            models[path.stem] = Model(path.stem, schema, path, default)
    seeds = {path.stem: path for path in sorted((sql_dir / "seeds").glob("*.csv"))}
    sources, documented, docs = {}, {}, {}
    for path in sorted((sql_dir / "models").rglob("*.md")):
        for name, text in _DOC_BLOCK.findall(path.read_text(encoding="utf-8")):
            if name in docs:  # as dbt refuses it: which one a description means would be a guess
                raise ModelError(f"two {{% docs {name} %}} blocks in sql/models")
            docs[name] = text.strip()
    for path in sorted([*(sql_dir / "models").rglob("*.yml"), *(sql_dir / "seeds").glob("*.yml")]):
        spec = _yaml(path)
        sources.update({source["name"]: source.get("schema", source["name"]) for source in spec.get("sources", [])})
        for kind in ("models", "seeds"):
            for item in spec.get(kind, []):
                schema = SEED_SCHEMA if kind == "seeds" else models[item["name"]].schema
                documented[f"{schema}.{item['name']}"] = {
                    "description": _describe(item.get("description", ""), docs),
                    "columns": {c["name"]: _describe(c.get("description", ""), docs) for c in item.get("columns", [])},
                }
    macros = "\n".join(path.read_text(encoding="utf-8") for path in sorted((sql_dir / "macros").glob("*.sql")))
    return Project(models, seeds, sources, settings.get("vars", {}), documented, macros)


def _describe(text: str, docs: dict[str, str]) -> str:
    """A description with its ``{{ doc("name") }}`` references filled in, as dbt shows it."""
    def doc(name: str) -> str:
        if name not in docs:
            raise ModelError(f"no {{% docs {name} %}} block in sql/models/*.md for a description that refers to it")
        return docs[name]

    return _template(text).render(doc=doc).strip()


@cache
def _template(text: str):
    # most of the ~950 descriptions are one of a few {{ doc(...) }} lines: each is compiled once
    return Environment().from_string(text)


@dataclass
class Rendered:
    sql: dict[str, str]  # model name -> its SQL as DuckDB runs it
    pre_hooks: dict[str, str]  # model name -> SQL to run before it (rendered), where it has one


@cache
def rendered(incremental: bool) -> Rendered:
    """Every model rendered once per process (the macros compiled once): as a full build or an incremental one."""
    spec = project()
    current: list[Model] = []

    def ref(name: str) -> str:
        current[0].refs.add(name)
        return f"{SEED_SCHEMA}.{name}" if name in spec.seeds else spec.models[name].relation

    def config(**settings) -> str:
        current[0].config.update(settings)
        return ""

    class This:  # {{ this }}: the model being rendered, also inside macros (whose globals are fixed when compiled)
        def __str__(self) -> str:
            return current[0].relation

    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True)
    env.globals.update(ref=ref, source=lambda source, table: f"{spec.sources[source]}.{table}",
                       var=lambda name: spec.variables[name], config=config, this=This(),
                       is_incremental=lambda: incremental and current[0].config.get("materialized") == "incremental")
    # every macro sees every other, as in dbt: they share one template's module
    module = env.from_string(spec.macros).module
    env.globals.update({name: getattr(module, name) for name in dir(module) if not name.startswith("_")})
    sql, hooks = {}, {}
    for name, model in spec.models.items():
        current[:] = [model]
        sql[name] = env.from_string(model.path.read_text(encoding="utf-8")).render()
        model.materialized = model.config.get("materialized", model.materialized)
        if model.config.get("pre_hook"):
            hooks[name] = env.from_string(model.config["pre_hook"]).render().strip()
    for name, model in spec.models.items():
        unknown = model.refs - spec.models.keys() - spec.seeds.keys()
        if unknown:
            raise ModelError(f"model {name} refers to {', '.join(sorted(unknown))}, which has no file in sql/")
    return Rendered(sql, hooks)


def build_order() -> list[str]:
    """Model names, each after every model it refers to."""
    spec = project()
    rendered(False)  # records the refs
    graph = {name: {r for r in model.refs if r in spec.models} for name, model in spec.models.items()}
    return list(TopologicalSorter(graph).static_order())


def load_seeds(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Each CSV of ``sql/seeds`` as a table of text columns in ``ref`` (the staging models cast them), as dbt seeds
    them with the column types ``seeds/_seeds.yml`` gives."""
    spec = project()
    con.execute(f"create schema if not exists {SEED_SCHEMA}")
    for name, path in spec.seeds.items():
        con.execute(f"create or replace table {SEED_SCHEMA}.{name} as "
                    f"select * from read_csv(?, header = true, all_varchar = true)", [str(path)])
    return [f"{SEED_SCHEMA}.{name}" for name in spec.seeds]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comments(relations: list[tuple[str, str]]) -> str:
    """The COMMENT statements for the (relation, kind) pairs' descriptions and their columns' (dbt's persist_docs),
    as one script: hundreds of statements in one call to DuckDB, not one call each."""
    spec = project()
    statements = []
    for relation, kind in relations:
        documented = spec.descriptions.get(relation)
        if not documented:
            continue
        if documented["description"]:
            statements.append(f"comment on {kind} {relation} is {_quote(documented['description'])}")
        statements += [f"comment on column {relation}.{column} is {_quote(text)}"
                       for column, text in documented["columns"].items() if text]
    return ";\n".join(statements)


def fingerprint(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> str:
    """What a full build depends on: the project's files (models with their configurations, the macros an
    incremental build renders, seeds, settings), the gazetteer's version."""
    digest = hashlib.sha256()
    files = [sql_dir / "dbt_project.yml", *(path for folder in ("models", "macros", "seeds")
                                            for path in (sql_dir / folder).rglob("*") if path.is_file())]
    for path in sorted(files):
        digest.update(f"{path.relative_to(sql_dir)}\0".encode())
        digest.update(path.read_bytes())
    digest.update(str(con.execute("select max(version) from ref.gazetteer_version").fetchall()).encode())
    return digest.hexdigest()


def _execute(con: duckdb.DuckDBPyConnection, model: Model, sql: str) -> None:
    try:
        con.execute(sql)
    except duckdb.Error as error:
        raise ModelError(f"{model.path.relative_to(SQL_DIR.parent)}: {error}") from error


def _drop_retired(con: duckdb.DuckDBPyConnection, spec: Project) -> None:
    """Drop the relations of the model schemas that no model of the project builds any more (a warehouse made by
    an earlier version): analysts and the Parquet copies would otherwise go on finding them, never updated."""
    current = {model.relation for model in spec.models.values()}
    found = con.execute(f"""select schema_name || '.' || table_name, 'table' from duckdb_tables()
                            where schema_name in {MODEL_SCHEMAS} and database_name = current_database()
                            union all
                            select schema_name || '.' || view_name, 'view' from duckdb_views()
                            where schema_name in {MODEL_SCHEMAS} and database_name = current_database()
                            and not internal""").fetchall()
    for relation, kind in found:
        if relation not in current:
            con.execute(f"drop {kind} if exists {relation} cascade")


def build_models(con: duckdb.DuckDBPyConnection, incremental: bool = False) -> list[str]:
    """Build the project (incrementally when asked and possible, see the module's docstring); return the relations
    built, in order."""
    spec = project()
    built_with = fingerprint(con)
    have = con.execute("select max(fingerprint) from raw.model_state").fetchall()[0][0]
    incremental = incremental and have == built_with
    built, documented = [], []
    if not incremental:
        for relation in load_seeds(con):
            documented.append((relation, "table"))
            built.append(relation)
        for schema in MODEL_SCHEMAS:
            con.execute(f"create schema if not exists {schema}")
        _drop_retired(con, spec)
    sql = rendered(incremental)
    for name in build_order():
        model = spec.models[name]
        table = model.materialized in ("table", "incremental")
        if incremental and model.materialized == "incremental":
            if name in sql.pre_hooks:
                _execute(con, model, sql.pre_hooks[name])
            _execute(con, model, f"insert into {model.relation} by name\n{sql.sql[name]}")
        elif incremental and not table:
            continue  # a view reads what is there now
        else:
            _execute(con, model, f"create or replace {'table' if table else 'view'} {model.relation} as\n{sql.sql[name]}")
            documented.append((model.relation, "table" if table else "view"))
        built.append(model.relation)
    if documented:
        con.execute(comments(documented) or "select 1")
    if not incremental:
        con.execute("delete from raw.model_state")
        con.execute("insert into raw.model_state values (?, now())", [built_with])
    return built
