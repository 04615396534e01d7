"""Build the dbt project in ``sql/`` without dbt: its seeds, then its models in the order their ``ref()``s require,
each model's and column's description written as a DuckDB comment.

dbt takes seconds to start and parse the project; a run that changes one commune cannot pay that, so the files are
rendered here with the same meaning: ``ref``, ``source``, ``var``, ``config``, ``is_incremental``, ``this``, ``doc``
and the project's macros. ``giamngheo dbt build`` runs the very same files with dbt itself (and its tests).
"""

import re
from dataclasses import dataclass, field
from functools import cache
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb
import yaml
from jinja2 import Environment, StrictUndefined

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
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


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


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
        docs.update({name: text.strip() for name, text in _DOC_BLOCK.findall(path.read_text(encoding="utf-8"))})
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

    return Environment().from_string(text).render(doc=doc).strip()


def _environment(spec: Project, model: Model, incremental: bool) -> Environment:
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True)

    def ref(name: str) -> str:
        model.refs.add(name)
        if name in spec.seeds:
            return f"{SEED_SCHEMA}.{name}"
        return spec.models[name].relation

    def config(**settings) -> str:
        model.config.update(settings)
        return ""

    env.globals.update(
        ref=ref, source=lambda source, table: f"{spec.sources[source]}.{table}", var=lambda name: spec.variables[name],
        config=config, is_incremental=lambda: incremental, this=model.relation,
    )
    # every macro sees every other, as in dbt: they share one template's module
    module = env.from_string(spec.macros).module
    env.globals.update({name: getattr(module, name) for name in dir(module) if not name.startswith("_")})
    return env


def render(model: Model, spec: Project | None = None, incremental: bool = False) -> str:
    """The model's SQL as DuckDB runs it."""
    spec = spec or project()
    sql = _environment(spec, model, incremental).from_string(model.path.read_text(encoding="utf-8")).render()
    model.materialized = model.config.get("materialized", model.materialized)
    return sql


def build_order(spec: Project) -> list[str]:
    """Model names, each after every model it refers to (as rendering them recorded)."""
    for name, model in spec.models.items():
        unknown = model.refs - spec.models.keys() - spec.seeds.keys()
        if unknown:
            raise ValueError(f"model {name} refers to {', '.join(sorted(unknown))}, which has no file in sql/")
    graph = {name: {r for r in model.refs if r in spec.models} for name, model in spec.models.items()}
    return list(TopologicalSorter(graph).static_order())


def load_seeds(con: duckdb.DuckDBPyConnection, spec: Project | None = None) -> list[str]:
    """Each CSV of ``sql/seeds`` as a table of text columns in ``ref`` (the staging models cast them), as dbt seeds
    them with the column types ``seeds/_seeds.yml`` gives."""
    spec = spec or project()
    con.execute(f"create schema if not exists {SEED_SCHEMA}")
    for name, path in spec.seeds.items():
        con.execute(f"create or replace table {SEED_SCHEMA}.{name} as "
                    f"select * from read_csv(?, header = true, all_varchar = true)", [str(path)])
    return [f"{SEED_SCHEMA}.{name}" for name in spec.seeds]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment(con: duckdb.DuckDBPyConnection, relation: str, kind: str, spec: Project | None = None) -> None:
    """Write the relation's description and its columns' as DuckDB comments (dbt's persist_docs)."""
    spec = spec or project()
    documented = spec.descriptions.get(relation)
    if not documented:
        return
    if documented["description"]:
        con.execute(f"comment on {kind} {relation} is {_quote(documented['description'])}")
    for column, text in documented["columns"].items():
        if text:
            con.execute(f"comment on column {relation}.{column} is {_quote(text)}")


def build_models(con: duckdb.DuckDBPyConnection, only: set[str] | None = None) -> list[str]:
    """Create the seeds and every model (or only those named in ``only``, whose inputs must exist already); return
    the relations built, in order."""
    spec = project()
    built = []
    if only is None:
        for relation in load_seeds(con, spec):
            comment(con, relation, "table", spec)
            built.append(relation)
    for schema in MODEL_SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
    rendered = {name: render(model, spec) for name, model in spec.models.items()}
    for name in build_order(spec):
        model = spec.models[name]
        if only is not None and name not in only:
            continue
        sql = rendered[name]
        kind = "table" if model.materialized in ("table", "incremental") else "view"
        try:
            con.execute(f"create or replace {kind} {model.relation} as\n{sql}")
        except duckdb.Error as error:
            raise ModelError(f"{model.path.relative_to(SQL_DIR.parent)}: {error}") from error
        comment(con, model.relation, kind, spec)
        built.append(model.relation)
    return built
