"""The official units in the warehouse (schema ``ref``), from the ``vietnamadminunits`` package: both unit
structures and the old → new mapping of the 2025 reform, reloaded only when the package's data version changes."""

import duckdb

from vocabulary import units


def load_gazetteer(con: duckdb.DuckDBPyConnection, version: str) -> None:
    legacy = units.legacy_communes().drop("commune_key", "district_key", "province_key", "commune_full_key",
                                          "district_full_key", "province_full_key")
    tables = {
        "legacy_provinces": legacy.select("province_code", "province_name", "province_short").unique().sort("province_code"),
        "legacy_districts": legacy.select("province_code", "district_code", "district_name", "district_short",
                                          "district_type").unique().sort("district_code"),
        "legacy_communes": legacy,
        "provinces_2025": units.communes_2025().select("province_code", "province_name", "province_short")
        .unique().sort("province_code"),
        "communes_2025": units.communes_2025().drop("commune_key", "province_key", "commune_full_key",
                                                    "province_full_key"),
        "commune_mapping_2025": units.mapping_2025(),
    }
    con.execute("create schema if not exists ref")
    for name, frame in tables.items():
        con.register("gazetteer_table", frame)
        con.execute(f"create or replace table ref.{name} as select * from gazetteer_table")
        con.unregister("gazetteer_table")
    con.execute("create or replace table ref.gazetteer_version as select ? as version, now() as loaded_at", [version])


def ensure_gazetteer(con: duckdb.DuckDBPyConnection) -> str:
    """Load the gazetteer unless the warehouse holds this package version's already; return the version."""
    version = units.data_version()
    # fetchall, not fetchone: a result left open keeps the connection from registering the run's frames
    [(have,)] = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'ref' and table_name = 'gazetteer_version'"
    ).fetchall()
    current = con.execute("select version from ref.gazetteer_version").fetchall() if have else []
    if not current or current[0][0] != version:
        load_gazetteer(con, version)
    return version
