"""Great Expectations checks over the marts of a period, run after the models are built and before publishing.

``check_warehouse`` queries one pandas DataFrame per checked mart (its rows for the period, with the sums over its
communes and the rates recomputed from its counts added as columns by SQL), validates each against its expectation
suite under one run id, and writes the Data Docs site (the suites and their validation results, as HTML) into
``docs_dir``. A failed expectation makes ``success`` False: the flow must not publish.

GX runs with an ephemeral (in-memory) context: no ``gx/`` project folder, no usage statistics, no network; the only
files written are the Data Docs site in ``docs_dir``. Great Expectations takes a few seconds to import, so it is
imported when the check runs, not when this module is.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

SITE_NAME = "giamngheo"
TOLERANCE = 1e-9  # a published rate may differ from the one recomputed from its counts by at most this (points)

# The rate columns whose definition is known: rate -> (numerator, denominator), as 100 * numerator / denominator.
RATES = {
    "poverty": {
        "poverty_rate_pct": ("poor_households", "total_households"),
        "near_poor_rate_pct": ("near_poor_households", "total_households"),
    },
    "ethnic_minority": {
        "em_share_of_households_pct": ("em_households", "total_households"),
        "em_poverty_rate_pct": ("em_poor_households", "em_households"),
        "em_near_poor_rate_pct": ("em_near_poor_households", "em_households"),
        "em_share_of_poor_pct": ("em_poor_households", "poor_households"),
    },
    "deprivation": {
        "deprivation_rate_pct": ("deprived_households", "poor_households"),
    },
    "plan_vs_result": {
        "poverty_rate_pct": ("poor_households", "total_households"),
        "target_poverty_rate_pct": ("target_poor_households", "target_total_households"),
        "em_poverty_rate_pct": ("em_poor_households", "em_households"),
        "target_em_poverty_rate_pct": ("target_em_poor_households", "target_em_households"),
    },
    "deprivation_plan_vs_result": {
        "deprivation_rate_pct": ("deprived_households", "poor_households"),
        "target_deprivation_rate_pct": ("target_deprived_households", "target_poor_households"),
    },
}
# The counts an area (district, province) must hold as the sum of its communes' rows in the same family of marts.
SUMMED = {
    "poverty": ("total_households", "poor_households", "near_poor_households"),
    "ethnic_minority": ("total_households", "poor_households", "em_households", "em_poor_households",
                        "em_near_poor_households"),
    "deprivation": ("poor_households", "deprived_households"),
    "plan_vs_result": ("total_households", "poor_households", "em_households", "em_poor_households",
                       "target_total_households", "target_poor_households", "target_em_households",
                       "target_em_poor_households"),
    "deprivation_plan_vs_result": ("poor_households", "deprived_households", "target_poor_households",
                                   "target_deprived_households"),
}
# A target of an area is the sum of its communes' only when each has a plan.
UNLESS_VI, UNLESS_EN = " (trống khi có xã chưa có kế hoạch)", ", empty when one of them has no plan"
# What identifies a row of each family beyond its area code (deprivation marts have one row per indicator).
EXTRA_KEYS = {"poverty": (), "ethnic_minority": (), "deprivation": ("indicator_code",), "plan_vs_result": (),
              "deprivation_plan_vs_result": ("indicator_code",)}
LEVELS = {  # level -> (its code column, its name column)
    "commune": ("commune_code", "commune_name"),
    "district": ("district_code", "district_name"),
    "province": ("province_code", "province_name"),
}
FAMILIES = ("poverty", "ethnic_minority", "deprivation", "plan_vs_result", "deprivation_plan_vs_result")
# (family, level): the marts checked, in this order; every mart the published workbooks are written from is here
CHECKED = tuple((family, level) for family in FAMILIES for level in ("commune", "district", "province"))
# Counts that must not exceed another count on the same commune row: (smaller, larger).
WITHIN = {
    "poverty": (("poor_households", "total_households"),),
    "ethnic_minority": (("em_households", "total_households"), ("em_poor_households", "poor_households"),
                        ("em_poor_households", "em_households")),
    "deprivation": (),
    "plan_vs_result": (("poor_households", "total_households"), ("em_poor_households", "em_households"),
                       ("target_poor_households", "target_total_households")),
    "deprivation_plan_vs_result": (("deprived_households", "poor_households"),),
}


@dataclass
class Batch:
    """One mart of the period as a DataFrame, with the expectations it must meet."""

    table: str  # the mart, e.g. marts.poverty_by_district
    sql: str  # its rows for $period plus the computed comparison columns
    keys: list[str]  # columns naming a row in a failure
    columns: set[str] = field(default_factory=set)  # the mart's
    expectations: list[dict] = field(default_factory=list)  # {"type", "kwargs", "description", "check"}


def _recomputed(family: str, columns: set[str]) -> str:
    """SQL columns ``<rate>_minus_recomputed``: the published rate less 100·numerator/denominator. 0 when both are
    null (the denominator is 0 or a count is missing); null when only one of them is, which the suite rejects."""
    parts = []
    for rate, (numerator, denominator) in RATES[family].items():
        if rate not in columns:
            continue
        recomputed = f"100.0 * {numerator} / nullif({denominator}, 0)"
        parts.append(f"case when {rate} is null and ({recomputed}) is null then 0.0 "
                     f"else {rate} - ({recomputed}) end as {rate}_minus_recomputed")
    return "".join(f",\n    {part}" for part in parts)


def _sum_of_communes(column: str) -> str:
    """What an area's count must be: the sum of its communes'; for a target, none unless every commune has one
    (a commune that sent only its register has no plan, and the others' alone are not the area's)."""
    if column.startswith("target_"):
        return f"case when count({column}) = count(*) then sum({column})::bigint end"
    return f"sum({column})::bigint"


def _mart_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.sql("select table_name, column_name from information_schema.columns "
                   "where table_schema = 'marts' order by table_name, ordinal_position").fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return columns


def _batch(family: str, level: str, mart_columns: dict[str, list[str]]) -> Batch:
    name = f"{family}_by_{level}"
    code, area_name = LEVELS[level]
    columns = set(mart_columns[name])
    extra = list(EXTRA_KEYS[family])
    area = f"select * from marts.{name} where period = $period"
    batch = Batch(table=f"marts.{name}", sql="", keys=[code, area_name, *extra], columns=columns)
    expect = batch.expectations

    if level == "commune":
        sql = f"select *{_recomputed(family, columns)}\nfrom ({area})"
    else:
        summed = [c for c in SUMMED[family] if c in columns]
        sums = "".join(f", {_sum_of_communes(c)} as sum_of_communes_{c}" for c in summed)
        group = ", ".join(["period", code, *extra])
        area_vi = "huyện" if level == "district" else "tỉnh"
        sql = (f"with area as ({area}),\n"
               f"communes as (select {group}, count(*) as commune_rows{sums} from marts.{family}_by_commune "
               f"where period = $period and {code} is not null group by {group}),\n"
               f"joined as (select * from area full join communes using ({group}))\n"
               f"select *{_recomputed(family, columns)}\nfrom joined")
        for c in summed:
            expect.append({
                "type": "ExpectColumnPairValuesToBeEqual",
                "kwargs": {"column_A": c, "column_B": f"sum_of_communes_{c}"},
                "check": f"{level}_total_is_sum_of_communes:{c}",
                "description": f"Tổng {c} của {area_vi} bằng tổng các xã{UNLESS_VI if c.startswith('target_') else ''}"
                               f" · the {level}'s {c} equals the sum of its communes' {c} (marts.{family}_by_commune)"
                               f"{UNLESS_EN if c.startswith('target_') else ''}",
            })
        if "communes" in columns:
            expect.append({
                "type": "ExpectColumnPairValuesToBeEqual",
                "kwargs": {"column_A": "communes", "column_B": "commune_rows"},
                "check": f"{level}_commune_count_matches",
                "description": f"Số xã của {area_vi} bằng số dòng xã · the {level}'s count of communes equals "
                               f"its commune rows in marts.{family}_by_commune",
            })
    batch.sql = sql

    for rate in sorted(c for c in columns if c.endswith("_pct")):
        expect.append({
            "type": "ExpectColumnValuesToBeBetween",
            "kwargs": {"column": rate, "min_value": 0, "max_value": 100},
            "check": f"rate_between_0_and_100:{rate}",
            "description": f"Tỷ lệ {rate} từ 0 đến 100 (trống khi mẫu số bằng 0) · "
                           f"{rate} is between 0 and 100 % (empty only where its denominator is 0)",
        })
    for rate, (numerator, denominator) in RATES[family].items():
        if rate not in columns:
            continue
        difference = f"{rate}_minus_recomputed"
        expect.append({
            "type": "ExpectColumnValuesToBeBetween",
            "kwargs": {"column": difference, "min_value": -TOLERANCE, "max_value": TOLERANCE},
            "check": f"rate_matches_counts:{rate}",
            "description": f"{rate} = 100 × {numerator} / {denominator} (sai lệch ≤ {TOLERANCE:g}) · "
                           f"{rate} equals 100 × {numerator} / {denominator} within ±{TOLERANCE:g} points",
        })
        expect.append({
            "type": "ExpectColumnValuesToNotBeNull",
            "kwargs": {"column": difference},
            "check": f"rate_present_when_computable:{rate}",
            "description": f"{rate} trống khi và chỉ khi {denominator} bằng 0 · {rate} is empty exactly where "
                           f"{denominator} is 0 (or a count is missing)",
        })
    if level == "commune":
        for smaller, larger in WITHIN[family]:
            expect.append({
                "type": "ExpectColumnPairValuesAToBeGreaterThanB",
                "kwargs": {"column_A": larger, "column_B": smaller, "or_equal": True},
                "check": f"count_within_total:{smaller}<={larger}",
                "description": f"{smaller} không vượt quá {larger} · {smaller} is at most {larger}",
            })
        if family in ("poverty", "ethnic_minority", "plan_vs_result"):
            expect.append({
                "type": "ExpectColumnValuesToBeUnique",
                "kwargs": {"column": "commune_code"},
                "check": "commune_once_per_period",
                "description": f"Mỗi xã chỉ có một dòng trong kỳ · each commune appears once in the period "
                               f"(commune_code unique in marts.{name})",
            })
    return batch


def batches(con: duckdb.DuckDBPyConnection) -> list[Batch]:
    """The checked marts with their SQL and expectations (no Great Expectations objects yet)."""
    mart_columns = _mart_columns(con)
    missing = [f"marts.{family}_by_{level}" for family, level in CHECKED if f"{family}_by_{level}" not in mart_columns]
    if missing:
        raise ValueError(f"the models are not built: {', '.join(missing)} missing")
    return [_batch(family, level, mart_columns) for family, level in CHECKED]


def _numpy_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns with nulls come from DuckDB as pandas' nullable Int64, whose pd.NA makes GX's pair metrics
    raise ("boolean value of NA is ambiguous"): give GX float64 with NaN there, and plain int64 elsewhere."""
    for column, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_numeric_dtype(dtype) \
                and not pd.api.types.is_bool_dtype(dtype):
            has_nulls = bool(frame[column].isna().any())
            integer = pd.api.types.is_integer_dtype(dtype)
            frame[column] = frame[column].astype("int64" if integer and not has_nulls else "float64")
    return frame


def _describe(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "missing"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _detail(result, keys: list[str]) -> str:
    """What failed, in words: how many rows, which ones and their values (the first few)."""
    # exception_info is either one {"raised_exception", "exception_message"} or one such dict per failed metric
    info = result.exception_info or {}
    errors = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    messages = [e.get("exception_message") for e in errors if e.get("raised_exception")]
    if messages:
        return f"error: {'; '.join(dict.fromkeys(str(m) for m in messages))}"
    info = result.result or {}
    count, total = info.get("unexpected_count"), info.get("element_count")
    shown = []
    for row in (info.get("unexpected_index_list") or [])[:5]:
        if isinstance(row, dict):
            name = " ".join(_describe(row[k]) for k in keys if k in row and row[k] is not None)
            values = ", ".join(f"{k}={_describe(v)}" for k, v in row.items() if k not in keys)
            shown.append(f"{name}: {values}" if values else name)
    if not shown:
        shown = [_describe(v) for v in (info.get("partial_unexpected_list") or [])[:5]]
    head = f"{count} of {total} rows" if count is not None else "failed"
    return f"{head}: {'; '.join(shown)}" if shown else head


def _rows_in_scope(batch: Batch, scope: dict[str, list[str]] | None) -> tuple[str, dict]:
    """The batch's query and parameters for the rows of the units in ``scope`` (by the most detailed code the mart
    has), or for all its rows without one: filtered in DuckDB, not after fetching a national table."""
    column = next((column for column in scope or () if column in batch.columns), None)
    if column is None:
        return batch.sql, {}
    assert scope is not None  # the column was found in it
    return (f"select * from ({batch.sql})\nwhere {column} in (select unnest($codes::varchar[]))",
            {"codes": list(scope[column])})


# GX (1.24) builds an expectation's configuration anew, a pydantic ``dict()`` of the whole expectation, each time it
# is read: some 90 times per expectation while one is validated (2.22 s of CPU for the demo's check, 1.96 s with each
# built once). Nothing changes an expectation while it is validated, so inside ``_configurations_built_once`` each is
# built once. The property is the class's, shared by the process's threads: one check at a time holds it.
_BUILDING_ONCE = threading.Lock()


@contextmanager
def _configurations_built_once() -> Iterator[None]:
    from great_expectations.expectations.expectation import Expectation

    with _BUILDING_ONCE:
        built = Expectation.__dict__["configuration"]
        kept: dict[int, tuple] = {}  # id(expectation) -> (expectation, its configuration): kept alive, so ids stay

        def configuration(expectation: Expectation) -> object:
            entry = kept.get(id(expectation))
            if entry is None or entry[0] is not expectation:
                entry = kept[id(expectation)] = (expectation, built.fget(expectation))
            return entry[1]

        setattr(Expectation, "configuration", property(configuration))  # noqa: B010  (mypy reads a property as a method)
        try:
            yield
        finally:
            setattr(Expectation, "configuration", built)  # noqa: B010


def check_warehouse(con: duckdb.DuckDBPyConnection, period: str, docs_dir: Path,
                    scope: dict[str, list[str]] | None = None) -> dict:
    """Validate the marts of ``period`` and write the Data Docs site into ``docs_dir``. With a ``scope``
    (``{"commune_code": […], "district_code": […], "province_code": […]}``), only the rows of those units: each area's
    row is still checked against the sums over all its communes.

    Returns ``{"success", "failed": [{"expectation", "check", "table", "column", "detail"}], "evaluated",
    "docs": Path of the site's index.html, "run_name", "tables": {table: {"rows", "evaluated", "success"}}}``.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    gx_logger = logging.getLogger("great_expectations")
    if gx_logger.level == logging.NOTSET:  # GX logs dozens of INFO lines about its own registry on import
        gx_logger.setLevel(logging.WARNING)
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    shown, docs_dir = Path(docs_dir), Path(docs_dir).resolve()
    checked = batches(con)
    context = gx.get_context(mode="ephemeral", project_config=DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={SITE_NAME: {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }},
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    ))
    source = context.data_sources.add_pandas("marts")
    run_id = RunIdentifier(run_name=f"giamngheo-{period}", run_time=datetime.now(UTC))

    failed, evaluated, tables = [], 0, {}
    for batch in checked:
        sql, parameters = _rows_in_scope(batch, scope)
        frame = _numpy_numbers(con.sql(sql, params={"period": period, **parameters}).df())
        asset = source.add_dataframe_asset(batch.table.removeprefix("marts."))
        # the whole suite in one store write: adding expectations one by one re-saves the suite each time
        suite = context.suites.add(gx.ExpectationSuite(name=batch.table, meta={"period": period}, expectations=[
            getattr(gxe, spec["type"])(**spec["kwargs"], description=spec["description"], meta={"check": spec["check"]})
            for spec in batch.expectations
        ]))
        definition = context.validation_definitions.add(gx.ValidationDefinition(
            name=f"{batch.table} {period}", data=asset.add_batch_definition_whole_dataframe(period), suite=suite))
        keys = [k for k in batch.keys if k in frame.columns]
        # pass or fail first, which costs half as much as listing the rows; a table that fails is validated again
        # with every unexpected row named by its keys, for the summary and the Data Docs
        with _configurations_built_once():
            result = definition.run(batch_parameters={"dataframe": frame}, run_id=run_id,
                                    result_format={"result_format": "BOOLEAN_ONLY"})
            if not result.success:
                result = definition.run(
                    batch_parameters={"dataframe": frame}, run_id=run_id,
                    result_format={"result_format": "COMPLETE", "unexpected_index_column_names": keys},
                )
        evaluated += result.statistics["evaluated_expectations"]
        tables[batch.table] = {"rows": len(frame), "evaluated": result.statistics["evaluated_expectations"],
                               "success": bool(result.success)}
        for outcome in result.results:
            if outcome.success:
                continue
            config = outcome.expectation_config
            assert config is not None  # a result of a suite's expectation carries it
            kwargs = config.kwargs
            failed.append({
                "expectation": config.description or config.type,
                "check": (config.meta or {}).get("check", config.type),
                "type": config.type,
                "table": batch.table,
                "column": kwargs.get("column") or f"{kwargs.get('column_A')}, {kwargs.get('column_B')}",
                "detail": _detail(outcome, keys),
            })

    context.build_data_docs(site_names=[SITE_NAME])
    # GX deletes the pages of earlier runs in docs_dir (they are not in this context's store) but not their folders
    for directory in sorted((docs_dir / "validations").rglob("*"), reverse=True):
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()
    index = shown / "index.html"  # as the caller named the folder
    return {"success": not failed, "failed": failed, "evaluated": evaluated, "docs": index,
            "run_name": run_id.run_name, "tables": tables}
