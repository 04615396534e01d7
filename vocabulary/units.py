"""Official administrative units, from the ``vietnamadminunits`` package's own database, with their names as of a
period (``sql/seeds/unit_renames.csv``) and what became of each legacy commune on 1 July 2025.

Two structures: ``legacy`` (province → district → commune, until 30 June 2025; 10,035 communes, plus the five
island districts that have no communes and report as one unit each: 10,040 units) and ``2025`` (province → commune,
3,321 communes). Codes were reused across the reform, so a code means something only with its structure.
"""

import json
import re
import sqlite3
from datetime import date
from functools import cache, lru_cache
from importlib import metadata, util
from pathlib import Path

import polars as pl

from vocabulary.periods import default_due_date
from vocabulary.seeds import seed_rows
from vocabulary.text import fold

# found, not imported: importing the package builds its parsers (0.8 s) and only its database is read here
_SPEC = util.find_spec("vietnamadminunits")
assert _SPEC is not None and _SPEC.origin is not None, "vietnamadminunits is a dependency: installed with giamngheo"
_DATABASE = Path(_SPEC.origin).parent / "data" / "dataset.db"
REFORM_DAY = date(2025, 7, 1)

# The type words people put before a name, folded; longest first so "thi tran" wins over "tt".
_TYPE_WORDS = ("thi tran", "phuong", "xa", "tt", "dac khu")
_AREA_WORDS = ("huyen", "quan", "thi xa", "thanh pho", "tinh", "tp")
_COLUMNS = ["province_code", "province_name", "province_short", "district_code", "district_name", "district_short",
            "district_type", "commune_code", "commune_name", "commune_short", "commune_type"]


def data_version() -> str:
    return f"vietnamadminunits {metadata.version('vietnamadminunits')}"


def _query(sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{_DATABASE}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def name_key(name: str) -> str:
    """A unit name folded for exact matching: no accents, case, type word or spacing. The type may also follow in
    brackets, as the gazetteer tells apart two districts of one name (Kỳ Anh (Huyện), Kỳ Anh (Thị xã)).

    >>> name_key("TT. Phú Túc"), name_key("Xã Ia RSươm"), name_key("huyện Krông  Pa"), name_key("Kỳ Anh (Huyện)")
    ('phu tuc', 'ia rsuom', 'krong pa', 'ky anh')
    """
    key = fold(name)
    bracketed = re.fullmatch(r"(.*\S)\s*\(([^()]*)\)\s*", name)
    if bracketed and fold(bracketed[2]) in _TYPE_WORDS + _AREA_WORDS:
        return fold(bracketed[1])
    for word in _TYPE_WORDS + _AREA_WORDS:
        if key.startswith(word + " "):
            return key[len(word) + 1:]
    return key


def name_keys(name: str) -> tuple[str, ...]:
    """The keys a name as written may match a unit's key by: without its leading type word, and whole (a name may
    begin with a word that is also a type word: Phường Phương Mai, Xã Quản Bạ).

    >>> name_keys("Phường Phương Mai"), name_keys("Quan Hoa")
    (('phuong mai', 'phuong phuong mai'), ('hoa', 'quan hoa'))
    """
    return tuple(dict.fromkeys((name_key(name), fold(name))))


def island_code(district_code: str) -> str:
    """The unit code of a district with no communes: its district code, as five digits (no commune has these)."""
    return str(district_code).zfill(5)


@cache
def legacy_communes() -> pl.DataFrame:
    """One row per reporting unit of the structure in force until 30 June 2025: its 10,035 communes and the five
    island districts that have none (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo), each its own unit."""
    communes = _query("""select distinct provinceCode, province, provinceShort, districtCode, district, districtShort,
                                districtType, wardCode, ward, wardShort, wardType
                         from admin_units_legacy where wardCode is not null""")
    islands = [(*row[:7], island_code(row[3]), row[4], row[5], row[6]) for row in _query(
        """select distinct provinceCode, province, provinceShort, districtCode, district, districtShort, districtType
           from admin_units_legacy where wardCode is null""")]
    frame = pl.DataFrame(communes + islands, schema=_COLUMNS, orient="row")
    return _keyed(frame, ("commune", "district", "province"))


@cache
def communes_2025() -> pl.DataFrame:
    """One row per commune of the structure in force from 1 July 2025 (3,321 communes, no districts)."""
    rows = _query("""select distinct provinceCode, province, provinceShort, wardCode, ward, wardShort, wardType
                     from admin_units where wardCode is not null""")
    frame = pl.DataFrame(rows, schema=["province_code", "province_name", "province_short", "commune_code",
                                       "commune_name", "commune_short", "commune_type"], orient="row")
    return _keyed(frame, ("commune", "province"))


def _keyed(frame: pl.DataFrame, levels: tuple[str, ...]) -> pl.DataFrame:
    """Each level's two keys: its short name folded (the package adds a kind in brackets where two units of a
    district share a name, "Yên Viên (Thị trấn)": left out), and its full name folded, which tells such units apart."""
    return frame.with_columns(
        *[pl.col(f"{level}_short").str.replace(r"\s*\([^()]*\)$", "").map_elements(fold, return_dtype=pl.String)
          .alias(f"{level}_key") for level in levels],
        *[pl.col(f"{level}_name").map_elements(fold, return_dtype=pl.String).alias(f"{level}_full_key")
          for level in levels],
    )


def _communes(structure: str) -> pl.DataFrame:
    return legacy_communes() if structure == "legacy" else communes_2025()


@cache
def renames() -> tuple[dict, ...]:
    """Dated renames (a province, district or commune that changed its name or kind), from the seed
    ``unit_renames.csv``: level, code, name_before, name_after, effective_on (a date), legal_basis."""
    return tuple({**row, "effective_on": date.fromisoformat(row["effective_on"])}
                 for row in seed_rows("unit_renames.csv"))


def _codes_once_named(level: str, name: str) -> set[str]:
    keys = set(name_keys(name))
    return {r["code"] for r in renames() if r["level"] == level and keys & set(name_keys(r["name_before"]))}


def _named(frame: pl.DataFrame, level: str, name: str) -> pl.DataFrame:
    """Rows of the unit of this level ``name`` names, by its name now or a name it had before; by its full name
    first, which tells apart a commune and a town of one name in one district."""
    whole = frame.filter(pl.col(f"{level}_full_key") == fold(name))
    if whole.height:
        return whole
    return frame.filter(pl.col(f"{level}_key").is_in(name_keys(name))
                        | pl.col(f"{level}_code").is_in(_codes_once_named(level, name)))


def commune_by_code(code: str, structure: str = "legacy") -> dict | None:
    """The unit with this official code in the given unit structure (codes were reused across the reform); an island
    district's own code (e.g. 755) finds it too."""
    code = str(code).strip()
    if code.isdigit():
        code = code.zfill(5)
    found = _by_code(structure).get(code)
    return dict(found) if found else None


@cache
def _by_code(structure: str) -> dict[str, dict]:
    # a national run looks up ten thousand codes: one index, not one scan of the table each
    return {row["commune_code"]: row for row in _communes(structure).rows(named=True)}


@lru_cache(maxsize=4096)
def communes_in(district: str | None = None, province: str | None = None, structure: str = "legacy") -> pl.DataFrame:
    """Communes of a district (legacy) and/or province, named by their name now or one they had; 2025 communes have
    no district. Remembered: a run asks this of each district's files again and again."""
    frame = _communes(structure)
    if district and structure == "legacy":
        frame = _named(frame, "district", district)
    if province:
        frame = _named(frame, "province", province)
    return frame.sort("commune_code")


def within(commune_code: str, district: str | None, province: str | None, structure: str = "legacy") -> bool:
    """Whether the commune is in the district and/or province named (by their name now or one they had)."""
    return commune_code in _codes_in(district, province, structure)


@lru_cache(maxsize=4096)
def _codes_in(district: str | None, province: str | None, structure: str) -> frozenset[str]:
    return frozenset(communes_in(district, province, structure)["commune_code"])


def communes_named(name: str, district: str | None = None, province: str | None = None,
                   structure: str = "legacy") -> list[dict]:
    """Communes whose name matches exactly after folding, within the district and province if given."""
    return _named(communes_in(district, province, structure), "commune", name).rows(named=True)


def as_of(unit: dict, period: str) -> dict:
    """The unit with the names it had when the period's reports were due (a rename that came later is undone)."""
    day = default_due_date(period)
    named = dict(unit)
    for rename in sorted(renames(), key=lambda r: r["effective_on"], reverse=True):
        if rename["effective_on"] > day and named.get(f"{rename['level']}_code") == rename["code"]:
            named[f"{rename['level']}_name"] = rename["name_before"]
            named[f"{rename['level']}_short"] = _short(rename["name_before"])
    return named


def _short(name: str) -> str:
    """A name without its type word, as written: 'Tỉnh Thừa Thiên Huế' → 'Thừa Thiên Huế'."""
    words = name.split()
    for size in (2, 1):
        if fold(" ".join(words[:size])) in _TYPE_WORDS + _AREA_WORDS:
            return " ".join(words[size:])
    return name


@cache
def mapping_2025() -> pl.DataFrame:
    """Which 2025 commune(s) each legacy unit became: one row per (old, new) pair.

    ``whole`` is true when all of the old commune went to that one new commune; an old commune split over several
    new ones has a row for each, ``whole`` false, and the package's default successor marked ``is_default``. An island
    district became the special zone (đặc khu) of its name.
    """
    old = dict(_query("select distinct provinceKey || '_' || districtKey || '_' || wardKey, wardCode "
                      "from admin_units_legacy where wardCode is not null"))
    new = {(p, w): code for p, w, code in _query(
        "select distinct provinceKey, wardKey, wardCode from admin_units where wardCode is not null")}
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
    zones = communes_2025().filter(pl.col("commune_type") == "Đặc khu")
    islands = legacy_communes().filter(pl.col("commune_type").is_in(["Huyện", "Quận", "Thị xã", "Thành phố"]))
    for island in islands.iter_rows(named=True):
        zone = zones.filter(pl.col("commune_key") == island["commune_key"])
        rows += [(island["commune_code"], zone["commune_code"][0], True, True)] if zone.height else []
    return pl.DataFrame(rows, schema=["old_commune_code", "new_commune_code", "whole", "is_default"], orient="row").unique()


def province_after_reform(district: str, province: str | None = None) -> str | None:
    """The one 2025 province the communes of a legacy district went to (by its name now or one it had), or None:
    a 2025 commune has no district, so a district named in a period after the reform says which province."""
    codes = communes_in(district, province, "legacy")["commune_code"]
    new = mapping_2025().filter(pl.col("old_commune_code").is_in(codes.implode()))["new_commune_code"]
    names = {unit["province_name"] for code in new.unique() if (unit := commune_by_code(code, "2025"))}
    return names.pop() if len(names) == 1 else None


def fate(code: str, structure: str) -> tuple[str, str] | None:
    """What became of a code that is not a unit of ``structure``, in Vietnamese and English, or None when the code is
    no unit of either structure."""
    code = str(code).strip().zfill(5) if str(code).strip().isdigit() else str(code).strip()
    other = "2025" if structure == "legacy" else "legacy"
    unit = commune_by_code(code, other)
    if unit is None:
        return None
    mapping = mapping_2025()
    if structure == "2025":  # a legacy code in a period after the reform
        new = mapping.filter(pl.col("old_commune_code") == code)
        successors = [commune_by_code(c, "2025") for c in new["new_commune_code"]]
        listed = ", ".join(f"{s['commune_name']} ({s['commune_code']})" for s in successors if s)
        place = f"{unit['commune_name']}, {unit['district_name']}"
        if not listed:
            return (f"{place} không còn là đơn vị hành chính từ 1/7/2025",
                    f"{place} is no longer a unit since 1 July 2025")
        verb_vi = "được chia vào" if new.height > 1 else "nhập vào"
        verb_en = "was divided among" if new.height > 1 else "became part of"
        return (f"{place} {verb_vi} {listed} từ 1/7/2025; kỳ này dùng mã xã mới",
                f"{place} {verb_en} {listed} on 1 July 2025; this period uses the new commune codes")
    old = mapping.filter(pl.col("new_commune_code") == code)
    formed = [commune_by_code(c, "legacy") for c in old["old_commune_code"]]
    listed = ", ".join(f"{f['commune_name']} ({f['commune_code']})" for f in formed if f)
    return (f"{unit['commune_name']} ({code}) là xã mới từ 1/7/2025, lập từ {listed}; kỳ trước cải cách dùng mã xã cũ",
            f"{unit['commune_name']} ({code}) is a commune from 1 July 2025, formed from {listed}; a period before the "
            "reform uses the old communes' codes")
