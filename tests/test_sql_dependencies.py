"""What the Python reads of the warehouse: only raw (what giamngheo wrote itself), ref (seeds and gazetteer) and the
marts, never the staging and intermediate models, which are the SQL project's to reshape; and each mart (and raw
table) a module reads is declared as a dependency of a dbt exposure naming that module (sql/models/exposures.yml),
so that dbt's lineage shows who reads what.

The relations are found in the modules' string literals (f-strings with each placeholder as ``{…}``, docstrings
left out) as ``schema.name``. A name with a placeholder (``marts.poverty_by_{level}``) is a pattern: its exposure
must name at least one mart it matches. A name that is all placeholder (``marts.{table}``) stands for the marts the
module names elsewhere in its strings, or for every mart when it names none (the Parquet export)."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from warehouse.schema import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
SQL = ROOT / "sql"
# the library packages (make lint's mypy list)
PACKAGES = ("vocabulary", "transforms", "checks", "warehouse", "publish", "pipeline", "flows", "giamngheo")
PUBLIC = {"raw", "ref", "marts"}
# DuckDB's catalogue, in the SQL standard's form: which tables exist and their columns, a query of any schema's
# names (what it asks about is held to PUBLIC below, by the schema it names in a literal)
CATALOGUE = {"information_schema"}
# the schemas a DuckDB warehouse may hold: the project's (warehouse/schema.py, and any dbt_project.yml gives a
# model folder), and DuckDB's own
DUCKDB_OWN = {"main", "temp", "system", "pg_catalog", "information_schema"}
RELATION = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\.((?:\w|\{[^{}]*\})+)")
SCHEMA_LITERAL = re.compile(r"\b(?:table_schema|schema_name)\s*(?:=|in)\s*\(?\s*'(\w+)'", re.I)
PLACEHOLDER = re.compile(r"(\{[^{}]*\})")


def _dbt_schemas() -> set[str]:
    settings = yaml.safe_load((SQL / "dbt_project.yml").read_text(encoding="utf-8"))
    found = set()

    def walk(config):
        for key, value in config.items():
            if key == "+schema":
                found.add(value)
            elif isinstance(value, dict):
                walk(value)

    walk({"models": settings.get("models", {}), "seeds": settings.get("seeds", {})})
    return found


SCHEMA_NAMES = set(SCHEMAS) | _dbt_schemas() | DUCKDB_OWN


def strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal of a module but its docstrings; an f-string with its placeholders."""
    tree = ast.parse(source)
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value,
                                                                                                    str):
                skipped.add(id(first.value))
        if isinstance(node, ast.JoinedStr):
            skipped |= {id(part) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            found.append((node.lineno, "".join(part.value if isinstance(part, ast.Constant)
                                               else "{" + ast.unparse(part.value) + "}" for part in node.values)))
    return found


def pattern(name: str) -> re.Pattern:
    return re.compile("".join(r"\w+" if PLACEHOLDER.fullmatch(part) else re.escape(part)
                              for part in PLACEHOLDER.split(name) if part))


@dataclass
class Reads:
    relations: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (schema, name) -> lines
    schema_literals: dict[str, list[int]] = field(default_factory=dict)  # 'marts' in table_schema = 'marts'
    names: set[str] = field(default_factory=set)  # every string that could be a relation's name


def reads(source: str) -> Reads:
    found = Reads()
    for line, text in strings(source):
        for schema, name in RELATION.findall(text):
            if schema in SCHEMA_NAMES:
                found.relations.setdefault((schema, name), []).append(line)
        for schema in SCHEMA_LITERAL.findall(text):
            found.schema_literals.setdefault(schema, []).append(line)
        if re.fullmatch(r"(?:\w|\{[^{}]*\})+", text):
            found.names.add(text)
    return found


def modules() -> dict[str, Reads]:
    return {str(path.relative_to(ROOT)): reads(path.read_text(encoding="utf-8"))
            for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


def _models(folder: str) -> set[str]:
    return {path.stem for path in (SQL / "models" / folder).glob("*.sql")}


def dependables() -> dict[tuple[str, str], str]:
    """(schema, relation) -> how an exposure names it: each mart and seed by ref(), each source table by source()."""
    found = {("marts", name): f"ref('{name}')" for name in _models("marts")}
    found |= {("ref", path.stem): f"ref('{path.stem}')" for path in (SQL / "seeds").glob("*.csv")}
    for source in yaml.safe_load((SQL / "models" / "sources.yml").read_text(encoding="utf-8"))["sources"]:
        for table in source["tables"]:
            found[(source.get("schema", source["name"]), table["name"])] = f"source('{source['name']}', '{table['name']}')"
    return found


def exposures() -> list[dict]:
    return yaml.safe_load((SQL / "models" / "exposures.yml").read_text(encoding="utf-8"))["exposures"]


def wanted(module: Reads, known: dict[tuple[str, str], str]) -> list[tuple[str, set[str]]]:
    """What a module's exposures must depend on: for each relation it reads, (what it is read as, the dependencies
    that would do), of which every one must be declared for a plain name and at least one for a pattern."""
    needs = []
    for (schema, name), _ in sorted(module.relations.items()):
        if PLACEHOLDER.fullmatch(name) and schema == "marts":  # marts.{table}: those it names, else every mart
            named = {n for n in module.names for (s, mart) in known if s == "marts" and pattern(n).fullmatch(mart)}
            if not named:
                needs += [(f"marts.{mart} (every mart)", {known[(s, mart)]}) for (s, mart) in known if s == "marts"]
            for n in sorted(named):
                needs.append((f"marts.{n}", {d for (s, mart), d in known.items() if s == "marts"
                                             and pattern(n).fullmatch(mart)}))
            continue
        matching = {dependency for (s, relation), dependency in known.items()
                    if s == schema and pattern(name).fullmatch(relation)}
        if PLACEHOLDER.search(name):
            needs.append((f"{schema}.{name}", matching))
        else:
            needs += [(f"{schema}.{name}", {dependency}) for dependency in matching]
    return needs


def test_python_reads_only_raw_ref_and_marts():
    wrong = [f"{path}:{lines[0]} reads {schema}.{name}"
             for path, module in modules().items()
             for (schema, name), lines in module.relations.items() if schema not in PUBLIC | CATALOGUE]
    wrong += [f"{path}:{lines[0]} asks the catalogue about schema '{schema}'"
              for path, module in modules().items()
              for schema, lines in module.schema_literals.items() if schema not in PUBLIC]
    assert wrong == []


def test_python_names_no_staging_or_intermediate_model():
    """Nor without its schema (a search path, a schema put together in code)."""
    private = {name for folder in SCHEMA_NAMES - PUBLIC if (SQL / "models" / folder).is_dir()
               for name in _models(folder)}
    assert private  # the scan has something to look for
    word = re.compile(r"\b(" + "|".join(sorted(private)) + r")\b")
    named = [f"{path.relative_to(ROOT)}:{line} {found}"
             for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             for line, text in strings(path.read_text(encoding="utf-8")) for found in word.findall(text)]
    assert named == []


def test_every_mart_python_reads_is_declared_in_an_exposure_of_its_module():
    known, declared = dependables(), exposures()
    by_module: dict[str, set[str]] = {}
    for exposure in declared:
        for path in exposure["config"]["meta"]["modules"]:
            assert (ROOT / path).is_file(), f"exposure {exposure['name']} names {path}, which is not there"
            by_module.setdefault(path, set()).update(exposure["depends_on"])
    missing = []
    for path, module in modules().items():
        unknown = [f"marts.{name}" for (schema, name) in module.relations if schema == "marts"
                   and not PLACEHOLDER.fullmatch(name)
                   and not any(s == "marts" and pattern(name).fullmatch(mart) for (s, mart) in known)]
        assert unknown == [], f"{path} reads marts that no model builds: {unknown}"
        if path not in by_module:  # the loader and the builder (warehouse/) read raw and ref: they are no consumers
            if any(schema == "marts" for schema, _ in module.relations):
                missing.append(f"{path} reads marts and no exposure names it")
            continue
        for read, will_do in wanted(module, known):
            if will_do and not will_do & by_module.get(path, set()):
                missing.append(f"{path} reads {read}: its exposures need {' or '.join(sorted(will_do))}")
    assert missing == []


def test_every_dependency_of_an_exposure_is_read_by_one_of_its_modules():
    known, every = dependables(), modules()
    unread = []
    for exposure in exposures():
        read = set()
        for path in exposure["config"]["meta"]["modules"]:
            for _, will_do in wanted(every[path], known):
                read |= will_do
        unread += [f"{exposure['name']}: {dependency}" for dependency in exposure["depends_on"]
                   if dependency not in read]
    assert unread == []


SNIPPET = '''
"""A docstring may say intermediate.int_period_units."""
def f(con, level):
    con.execute("select * from intermediate.int_period_units")
    con.execute(f"select * from marts.poverty_by_{level} join staging.stg_figures using (file_id)")
    con.execute("select 1 from information_schema.tables where table_schema = 'intermediate'")
    return s.period, "x.y"
'''


def test_the_scan_finds_reads_of_other_schemas_but_not_in_docstrings_or_aliases():
    found = reads(SNIPPET)
    assert set(found.relations) == {("intermediate", "int_period_units"), ("marts", "poverty_by_{level}"),
                                    ("staging", "stg_figures"), ("information_schema", "tables")}
    assert found.relations[("intermediate", "int_period_units")] == [4]
    assert set(found.schema_literals) == {"intermediate"}
    known = dependables()
    [(read, will_do)] = wanted(Reads(relations={("marts", "poverty_by_{level}"): [5]}), known)
    assert will_do == {"ref('poverty_by_commune')", "ref('poverty_by_district')", "ref('poverty_by_province')"}
    everything = wanted(Reads(relations={("marts", "{table}"): [1]}), known)
    assert {d for _, will_do in everything for d in will_do} == {d for (s, _), d in known.items() if s == "marts"}
