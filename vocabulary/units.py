"""Official administrative units, from the ``vietnamadminunits`` package's own database."""

import json
import sqlite3
from functools import cache
from importlib import metadata
from pathlib import Path

import polars as pl
import vietnamadminunits

from vocabulary.text import fold

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


def _communes(structure: str) -> pl.DataFrame:
    return legacy_communes() if structure == "legacy" else communes_2025()


def commune_by_code(code: str, structure: str = "legacy") -> dict | None:
    """The commune with this official code in the given unit structure (codes were reused across the reform)."""
    code = str(code).strip()
    if code.isdigit():
        code = code.zfill(5)
    match = _communes(structure).filter(pl.col("commune_code") == code)
    return match.row(0, named=True) if match.height else None


def communes_in(district: str | None = None, province: str | None = None, structure: str = "legacy") -> pl.DataFrame:
    """Communes of a district (legacy) and/or province; 2025 communes have no district."""
    frame = _communes(structure)
    if district and structure == "legacy":
        frame = frame.filter(pl.col("district_key") == name_key(district))
    if province:
        frame = frame.filter(pl.col("province_key") == name_key(province))
    return frame.sort("commune_code")


def communes_named(name: str, district: str | None = None, province: str | None = None,
                   structure: str = "legacy") -> list[dict]:
    """Communes whose name matches exactly after folding, within the district and province if given."""
    return communes_in(district, province, structure).filter(pl.col("commune_key") == name_key(name)).rows(named=True)


@cache
def communes_2025() -> pl.DataFrame:
    """One row per commune of the structure in force from 1 July 2025 (3,321 communes, no districts)."""
    with sqlite3.connect(f"file:{_DATABASE}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            """select distinct provinceCode, province, provinceShort, wardCode, ward, wardShort, wardType
               from admin_units where wardCode is not null"""
        ).fetchall()
    frame = pl.DataFrame(
        rows,
        schema=["province_code", "province_name", "province_short", "commune_code", "commune_name", "commune_short",
                "commune_type"],
        orient="row",
    )
    return frame.with_columns(
        pl.col("commune_short").map_elements(name_key, return_dtype=pl.String).alias("commune_key"),
        pl.col("province_short").map_elements(name_key, return_dtype=pl.String).alias("province_key"),
    )


@cache
def mapping_2025() -> pl.DataFrame:
    """Which 2025 commune(s) each legacy commune became: one row per (old, new) pair.

    ``whole`` is true when all of the old commune went to that one new commune; an old
    commune split over several new ones has a row for each, ``whole`` false, and the
    package's default successor marked ``is_default``.
    """
    with sqlite3.connect(f"file:{_DATABASE}?mode=ro", uri=True) as conn:
        old = dict(conn.execute(
            "select distinct provinceKey || '_' || districtKey || '_' || wardKey, wardCode from admin_units_legacy "
            "where wardCode is not null").fetchall())
        new = {(p, w): code for p, w, code in conn.execute(
            "select distinct provinceKey, wardKey, wardCode from admin_units where wardCode is not null").fetchall()}
    with open(_DATABASE.parent / "converter_2025.json", encoding="utf-8") as f:
        converter = json.load(f)
    rows = []
    for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, old_keys in wards.items():
            rows += [(old[k], new[(province, ward)], True, True) for k in old_keys if k in old and (province, ward) in new]
    for province, splits in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, successors in splits.items():
            rows += [(old[old_key], new[(province, s["newWardKey"])], False, bool(s["isDefaultNewWard"]))
                     for s in successors if old_key in old and (province, s["newWardKey"]) in new]
    return pl.DataFrame(rows, schema=["old_commune_code", "new_commune_code", "whole", "is_default"], orient="row").unique()
