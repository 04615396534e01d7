"""The shape of the house: layers that import one way, one pipeline without Prefect, SQL models that dbt builds
and documents the same as giamngheo does."""

import ast
import inspect
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.browser import render

ROOT = Path(__file__).resolve().parent.parent
# lowest first: a module may import its own package and those below it, never one above
LAYERS = ("vocabulary", "transforms", "checks", "warehouse", "publish", "pipeline", "flows", "giamngheo")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(LAYERS)


def test_imports_point_down_the_layers_only():
    upward = []
    for layer, package in enumerate(LAYERS):
        for path in sorted((ROOT / package).rglob("*.py")):
            upward += [f"{path.relative_to(ROOT)} imports {imported}" for imported in _imports(path)
                       if LAYERS.index(imported) > layer]
    assert upward == []


def test_the_walk_finds_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from publish.workbooks import publish_period\nimport flows.tasks\n")
    assert _imports(bad) == {"publish", "flows"}


def _module_graph(root: Path) -> dict[str, set[str]]:
    """Which of the project's modules each imports, at its top or inside a function: dotted name -> dotted names."""
    modules = {".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): path
               for package in LAYERS for path in (root / package).rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                graph[name] |= {alias.name for alias in node.names if alias.name in modules}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                submodules = {f"{node.module}.{alias.name}" for alias in node.names} & set(modules)
                graph[name] |= submodules or ({node.module} & set(modules))
        graph[name].discard(name)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle once, as the modules around it, found by a depth-first walk."""
    circles, done = [], set()

    def walk(name: str, path: list[str]):
        if name in path:
            circle = path[path.index(name):]
            if sorted(circle) not in [sorted(c) for c in circles]:
                circles.append(circle)
            return
        if name in done:
            return
        for imported in sorted(graph.get(name, ())):
            walk(imported, [*path, name])
        done.add(name)

    for name in sorted(graph):
        walk(name, [])
    return circles


def test_no_module_imports_itself_round_a_circle():
    assert _circles(_module_graph(ROOT)) == []


def test_the_walk_finds_an_import_circle(tmp_path):
    (tmp_path / "transforms").mkdir()
    (tmp_path / "transforms" / "a.py").write_text("from transforms.b import f\n")
    (tmp_path / "transforms" / "b.py").write_text("def f():\n    from transforms import a\n")
    assert _circles(_module_graph(tmp_path)) == [["transforms.a", "transforms.b"]]


def test_importing_the_flows_changes_nothing_until_set_up():
    script = textwrap.dedent("""
        import atexit, os
        import flows, flows.consolidate, flows.scheduled
        registered = atexit._ncallbacks()
        atexit.unregister(flows._filter_leak_report)
        assert not [key for key in os.environ if key.startswith("PREFECT_SERVER_")]
        assert atexit._ncallbacks() == registered
        flows.setup()
        flows.setup()
        assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false" and atexit._ncallbacks() == registered + 1
    """)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_SERVER_")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]


def test_no_two_modules_share_a_name():
    names = [path.name for package in LAYERS for path in (ROOT / package).rglob("*.py") if path.name != "__init__.py"]
    assert sorted({n for n in names if names.count(n) > 1}) == []


@pytest.mark.slow  # a run in a process of its own
def test_a_period_runs_through_the_library_without_prefect(demo_inbox, tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from pipeline.contracts import RunSettings
        from pipeline.period import run_period
        from pipeline.summary import Summary
        summary = run_period(RunSettings("2020", Path({str(demo_inbox)!r}), Path({str(tmp_path / 'w.duckdb')!r}),
                                         Path({str(tmp_path / 'out')!r}), Path({str(tmp_path / 'aliases.csv')!r})))
        assert summary["area_totals"][0]["poor_households"] == 2342, summary["area_totals"]
        assert summary["outputs"]["workbooks"], summary
        assert sorted(summary) == sorted(Summary.__annotations__), sorted(summary)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("prefect", "dbt")))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _parameters(function) -> list[str]:
    return [name for name in inspect.signature(function).parameters if name != "self"]


def test_the_library_and_the_flow_provide_every_stage_as_the_protocol_says():
    from flows import tasks
    from pipeline import stages
    from pipeline.contracts import Stages

    wanted = {name: _parameters(getattr(Stages, name)) for name in vars(Stages)
              if not name.startswith("_") and callable(getattr(Stages, name))}
    assert len(wanted) == 7
    for module in (stages, tasks):
        provided = {name: _parameters(getattr(module, name)) for name in wanted if hasattr(module, name)}
        # a library stage may take more (a worker count), with defaults; the run gives it what the protocol says
        assert {name: params[:len(wanted[name])] for name, params in provided.items()} == wanted, module.__name__


def test_no_function_of_the_pipeline_takes_more_than_six_parameters():
    crowded = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                names = [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]] + ([""] if args.vararg else [])
                count = len([name for name in names if name != "self"])
                if count > 6:
                    crowded.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({count})")
    assert crowded == []


def test_every_mart_and_column_has_a_description_in_duckdb(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        undescribed = con.sql("""select schema_name || '.' || table_name || '.' || column_name from duckdb_columns()
                                 where schema_name in ('staging', 'intermediate', 'marts') and comment is null""").fetchall()
        tables = con.sql("""select table_name from duckdb_tables() where schema_name = 'marts' and comment is null
                            union all select view_name from duckdb_views()
                            where schema_name in ('staging', 'intermediate') and comment is null""").fetchall()
        marts = con.sql("select count(*) from duckdb_columns() where schema_name = 'marts'").fetchall()[0][0]
    assert undescribed == [] and tables == []
    assert marts > 300


GIAMNGHEO = str(Path(sys.executable).parent / "giamngheo")


@pytest.fixture(scope="module")
def dbt_built(demo_warehouse, tmp_path_factory):
    """The demo warehouse rebuilt, seeds, models and tests, by dbt itself (`giamngheo dbt build`)."""
    root = tmp_path_factory.mktemp("dbt")
    database = root / "w.duckdb"
    shutil.copy(demo_warehouse, database)
    with duckdb.connect(str(database)) as con:  # dbt must build everything itself
        con.execute("drop schema marts cascade; drop schema intermediate cascade; drop schema staging cascade")
    before = database.read_bytes()
    done = subprocess.run([GIAMNGHEO, "dbt", "--warehouse", str(database), "--work", str(root / "dbt"), "build",
                           "--quiet"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # dbt wrote its own copy: the warehouse it was pointed at is as it was, with no write-ahead log beside it
    assert database.read_bytes() == before and not Path(f"{database}.wal").exists()
    return root / "dbt" / "warehouse.duckdb", root / "dbt"


def test_dbt_builds_and_tests_the_project(dbt_built):
    database, root = dbt_built
    results = (root / "target" / "run_results.json").read_text()
    assert '"status": "fail"' not in results and '"status": "error"' not in results
    assert results.count('"unique_id": "test.') > 100  # keys, not-nulls, accepted values, relationships


def test_dbt_and_giamngheo_build_the_same_marts(dbt_built, demo_warehouse):
    database, _ = dbt_built
    with duckdb.connect() as con:
        con.execute(f"attach '{database}' as dbt (read_only)")
        con.execute(f"attach '{demo_warehouse}' as ours (read_only)")
        marts = [t for (t,) in con.sql("select table_name from duckdb_tables() where database_name = 'ours' "
                                       "and schema_name = 'marts' order by 1").fetchall()]
        assert len(marts) >= 19
        for mart in marts:
            differ = con.sql(f"(select * from ours.marts.{mart} except all select * from dbt.marts.{mart}) union all "
                             f"(select * from dbt.marts.{mart} except all select * from ours.marts.{mart})").fetchall()
            assert differ == [], mart
        comments = con.sql("""select count(*) filter (where comment is null), count(*) from duckdb_columns()
                              where database_name = 'dbt' and schema_name = 'marts'""").fetchall()[0]
        assert comments[0] == 0 and comments[1] > 300  # dbt's persist_docs writes the same descriptions


def test_the_dbt_docs_site_has_the_lineage_of_the_models(dbt_built, tmp_path):
    database, root = dbt_built
    done = subprocess.run([GIAMNGHEO, "docs", "--warehouse", str(database), "--work", str(root), "--out",
                           str(tmp_path / "dbt-docs")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    page = (tmp_path / "dbt-docs" / "index.html").read_text(encoding="utf-8")
    assert "model.giamngheo.plan_vs_result_by_commune" in page and '"depends_on"' in page
    assert "Poverty rate, %" in page  # a column description
    dom, requests = render(tmp_path / "dbt-docs" / "index.html")  # offline: styles inlined, dbt's tracker removed
    assert requests == [] and "plan_vs_result_by_commune" in dom


def test_two_docs_blocks_of_one_name_are_refused_as_dbt_refuses_them(tmp_path):
    from warehouse.models import SQL_DIR, ModelError, project

    copy = tmp_path / "sql"
    shutil.copytree(SQL_DIR, copy, ignore=shutil.ignore_patterns("target", "dbt_packages", "logs"))
    with open(copy / "models" / "docs.md", "a", encoding="utf-8") as docs:
        docs.write("\n{% docs period %}Again.{% enddocs %}\n")
    with pytest.raises(ModelError, match="two {% docs period %} blocks"):
        project(copy)


def test_each_threshold_of_the_seed_is_an_option_of_the_run_and_a_parameter_of_the_flow():
    """The seed names them; the CLI and the flow take them by those names (vocabulary.thresholds.given): a threshold
    added to the seed without its option, or an option renamed, fails here."""
    import typer.main

    from flows.consolidate import consolidate_period
    from giamngheo.cli import app
    from vocabulary.thresholds import thresholds

    run = next(c for c in typer.main.get_command(app).commands.values() if c.name == "run")
    options = {option: param.default for param in run.params for option in param.opts}
    flow = inspect.signature(consolidate_period.fn).parameters
    assert len(thresholds()) == 3
    for threshold in thresholds():
        assert options[threshold.option] == threshold.default, threshold
        assert flow[threshold.flow_parameter].default == threshold.default, threshold


def test_the_measures_are_declared_once_and_every_copy_agrees():
    """vocabulary/labels.py declares the template's measures; dbt's vars, the pandera rules and the warehouse
    expectations name them again: a measure added, renamed or dropped in one place and not the others fails here."""
    import yaml

    from checks.expectations import RATES, SUMMED
    from checks.schemas import HOUSEHOLD_RULES, TARGET_RULES
    from vocabulary import labels

    dbt_vars = yaml.safe_load((ROOT / "sql" / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    for var, declared in (("household_measures", labels.HOUSEHOLD_MEASURES),
                          ("target_measures", labels.TARGET_MEASURES), ("start_measures", labels.START_MEASURES)):
        assert dbt_vars[var] == [measure.code for measure in declared], var
    households = {measure.code for measure in labels.HOUSEHOLD_MEASURES}
    assert {m for _, *pair in HOUSEHOLD_RULES for m in pair} <= households
    assert {m for _, *pair in TARGET_RULES for m in pair} <= {measure.code for measure in labels.TARGET_MEASURES}
    # the marts' counts are the template's measures, their targets, or the deprivation counts
    counted = {m for family in RATES.values() for pair in family.values() for m in pair}
    counted |= {m for family in SUMMED.values() for m in family}
    known = households | {f"target_{m}" for m in households} | {"deprived_households", "target_deprived_households"}
    assert counted - known == set()
