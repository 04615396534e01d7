"""Reference tables in the warehouse: official units, poverty standards and their indicators."""

import csv

import duckdb
import polars as pl

from giamngheo.reference import REFERENCE_DIR
from transforms import units


def _csv_frame(name: str) -> pl.DataFrame:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return pl.DataFrame(rows, schema={key: pl.String for key in rows[0]})


def load_gazetteer(con: duckdb.DuckDBPyConnection, version: str) -> None:
    """Both unit structures and the old → new mapping, from the ``vietnamadminunits`` package."""
    legacy = units.legacy_communes().drop("commune_key", "district_key", "province_key")
    tables = {
        "legacy_provinces": legacy.select("province_code", "province_name", "province_short").unique().sort("province_code"),
        "legacy_districts": legacy.select("province_code", "district_code", "district_name", "district_short",
                                          "district_type").unique().sort("district_code"),
        "legacy_communes": legacy,
        "provinces_2025": units.communes_2025().select("province_code", "province_name", "province_short")
        .unique().sort("province_code"),
        "communes_2025": units.communes_2025().drop("commune_key", "province_key"),
        "commune_mapping_2025": units.mapping_2025(),
    }
    for name, frame in tables.items():
        con.execute(f"create or replace table ref.{name} as select * from frame")
    con.execute("create or replace table ref.gazetteer_version as select ? as version, now() as loaded_at", [version])


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)write the reference tables; the gazetteer only when its data version changed."""
    version = units.data_version()
    have = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'ref' and table_name = 'gazetteer_version'"
    ).fetchone()[0]
    current = have and con.execute("select version from ref.gazetteer_version").fetchone()
    if not current or current[0] != version:
        load_gazetteer(con, version)
    standards = _csv_frame("poverty_standards.csv")
    indicators = _csv_frame("indicators.csv")
    con.execute("create or replace table ref.poverty_standards as select * from standards")
    con.execute("create or replace table ref.indicators as select * from indicators")
