"""The renderer of the dbt project (warehouse/models.py) on its own: what it makes of every model, and the order it
builds them in. `giamngheo dbt build` runs the same files with dbt (tests/test_warehouse.py)."""

import re

import duckdb
import pytest

from warehouse.models import MODEL_SCHEMAS, SEED_SCHEMA, ModelError, build_order, comments, project, rendered

RELATION = re.compile(rf"\b({'|'.join((*MODEL_SCHEMAS, SEED_SCHEMA))})\.(\w+)\b")


@pytest.mark.parametrize("incremental", [False, True])
def test_every_model_renders_to_sql_that_names_only_what_it_refers_to(incremental):
    spec, models = project(), rendered(incremental)

    assert models.sql.keys() == spec.models.keys()
    for name, sql in models.sql.items():
        assert "{{" not in sql and "{%" not in sql, name
        # a model or seed it names is one it refers to (a source's table is not one); {{ this }} is the model itself
        named = {table for _, table in RELATION.findall(sql)} & (spec.models.keys() | spec.seeds.keys()) - {name}
        assert named <= spec.models[name].refs, f"{name} names {named - spec.models[name].refs} without ref()"


def test_only_incremental_models_render_otherwise_for_an_incremental_build():
    spec, full, incremental = project(), rendered(False), rendered(True)

    differ = {name for name in spec.models if full.sql[name] != incremental.sql[name]}
    assert differ  # the commune models redo only the communes that changed
    assert differ <= {name for name, model in spec.models.items() if model.materialized == "incremental"}


def test_each_model_is_built_once_after_every_model_it_refers_to():
    spec, order = project(), build_order()

    assert sorted(order) == sorted(spec.models)
    position = {name: i for i, name in enumerate(order)}
    for name, model in spec.models.items():
        for referred in model.refs & spec.models.keys():
            assert position[referred] < position[name], f"{name} is built before {referred}"


def test_descriptions_become_comments_whatever_quotes_they_hold():
    spec = project()
    relation, documented = next((r, d) for r, d in spec.descriptions.items() if d["description"]
                                 and r.startswith("marts."))
    con = duckdb.connect()
    columns = ", ".join(f"{column} varchar" for column in documented["columns"]) or "x varchar"
    con.execute(f"create schema marts; create table {relation} ({columns})")
    spec.descriptions["marts.quoted"] = {"description": "hộ 'nghèo'; drop table x", "columns": {"x": "it's"}}
    try:
        con.execute("create table marts.quoted as select 1 as x")
        con.execute(comments([(relation, "table"), ("marts.quoted", "table"), ("marts.undocumented", "view")]))
    finally:
        del spec.descriptions["marts.quoted"]
    described = dict(con.execute("select table_name, comment from duckdb_tables()").fetchall())
    assert described["quoted"] == "hộ 'nghèo'; drop table x"
    assert described[relation.split(".")[1]] == documented["description"]
    assert con.execute("select comment from duckdb_columns() where table_name = 'quoted'").fetchall() == [("it's",)]


def test_a_description_referring_to_a_missing_doc_block_is_refused(tmp_path):
    sql = tmp_path / "sql"
    (sql / "models" / "marts").mkdir(parents=True)
    (sql / "macros").mkdir()
    (sql / "seeds").mkdir()
    (sql / "dbt_project.yml").write_text("name: p\n")
    (sql / "models" / "marts" / "m.sql").write_text("select 1 as x\n")
    (sql / "models" / "marts" / "m.yml").write_text("models:\n  - name: m\n    description: '{{ doc(\"nowhere\") }}'\n")

    with pytest.raises(ModelError, match="no {% docs nowhere %} block"):
        project(sql)
