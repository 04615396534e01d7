"""Official administrative units, from the ``vietnamadminunits`` package's own database."""

import sqlite3
from functools import cache
from importlib import metadata
from pathlib import Path

import polars as pl
import vietnamadminunits

from transforms.text import fold

_DATABASE = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"

# The type words people put before a name, folded; longest first so "thi tran" wins over "tt".
_TYPE_WORDS = ("thi tran", "phuong", "xa", "tt")


def data_version() -> str:
    return f"vietnamadminunits {metadata.version('vietnamadminunits')}"


@cache
def legacy_communes() -> pl.DataFrame:
    """One row per commune of the structure in force until 30 June 2025 (10,040 communes)."""
    with sqlite3.connect(f"file:{_DATABASE}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            """select distinct provinceCode, province, provinceShort, districtCode, district, districtShort,
                      districtType, wardCode, ward, wardShort, wardType
               from admin_units_legacy where wardCode is not null"""
        ).fetchall()
    frame = pl.DataFrame(
        rows,
        schema=["province_code", "province_name", "province_short", "district_code", "district_name",
                "district_short", "district_type", "commune_code", "commune_name", "commune_short", "commune_type"],
        orient="row",
    )
    return frame.with_columns(
        pl.col("commune_short").map_elements(name_key, return_dtype=pl.String).alias("commune_key"),
        pl.col("district_short").map_elements(name_key, return_dtype=pl.String).alias("district_key"),
        pl.col("province_short").map_elements(name_key, return_dtype=pl.String).alias("province_key"),
    )


def name_key(name: str) -> str:
    """A unit name folded for exact matching: no accents, case, type word or spacing.

    >>> name_key("TT. Phú Túc"), name_key("Xã Ia RSươm"), name_key("huyện Krông  Pa")
    ('phu tuc', 'ia rsuom', 'krong pa')
    """
    key = fold(name)
    for word in _TYPE_WORDS + ("huyen", "quan", "thi xa", "thanh pho", "tinh", "tp"):
        if key.startswith(word + " "):
            key = key[len(word) + 1:]
            break
    return key


def commune_by_code(code: str) -> dict | None:
    code = str(code).strip()
    if code.isdigit():
        code = code.zfill(5)
    match = legacy_communes().filter(pl.col("commune_code") == code)
    return match.row(0, named=True) if match.height else None


def communes_named(name: str, district: str | None = None, province: str | None = None) -> list[dict]:
    """Communes whose name matches exactly after folding, within the district and province if given."""
    frame = legacy_communes().filter(pl.col("commune_key") == name_key(name))
    if district:
        frame = frame.filter(pl.col("district_key") == name_key(district))
    if province:
        frame = frame.filter(pl.col("province_key") == name_key(province))
    return frame.rows(named=True)


def communes_of_district(district: str, province: str | None = None) -> pl.DataFrame:
    frame = legacy_communes().filter(pl.col("district_key") == name_key(district))
    if province:
        frame = frame.filter(pl.col("province_key") == name_key(province))
    return frame.sort("commune_code")
