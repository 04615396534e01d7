"""A unit's poverty rate across the periods the warehouse holds (marts.poverty_trend), found by its code or name,
and written as CSV for the spreadsheets people keep."""

import csv
from pathlib import Path

import duckdb
from rapidfuzz import fuzz, process

from publish.cells import half_up
from transforms.resolve import CANDIDATES, REVIEW_FLOOR
from vocabulary.escape import for_csv
from vocabulary.units import name_key, name_keys

LEVELS = ("commune", "district", "province")
COLUMNS = ("unit_level", "series", "unit_code", "unit_name", "province_name", "period", "is_synthetic", "total_households",
           "poor_households", "poverty_rate_pct", "change_pp", "change_pp_per_year", "planned_poverty_rate_pct",
           "above_plan_pp")


class UnitNotFound(ValueError):
    pass


def find_unit(con: duckdb.DuckDBPyConnection, unit: str, level: str | None = None, series: str = "as_reported",
              aliases: dict[tuple[str, str], str] | None = None) -> dict:
    """The one unit of the trend mart's ``series`` whose code is ``unit``, or whose name is (accents, case and type
    word aside), or a commune's name confirmed in ``aliases`` (``transforms.aliases.alias_index``); ``level`` tells
    a district from a commune of the same name or code. Otherwise UnitNotFound, with the nearest names it has."""
    known = con.sql("""select distinct unit_level, unit_code, unit_name, province_name from marts.poverty_trend
                       where series = $series""", params={"series": series}).pl().to_dicts()
    keys = set(name_keys(unit))
    confirmed = {code for (name, _), code in (aliases or {}).items() if name in keys}
    found = [u for u in known if (level is None or u["unit_level"] == level)
             and (u["unit_code"] == unit.strip() or name_key(u["unit_name"]) in keys
                  or (u["unit_level"] == "commune" and u["unit_code"] in confirmed))]
    unique = {(u["unit_level"], u["unit_code"]): u for u in found}
    if not unique:
        raise UnitNotFound(f"kho không có số liệu của '{unit}' / the warehouse has no figures for '{unit}'"
                           + _nearest(unit, [u for u in known if level is None or u["unit_level"] == level]))
    if len(unique) > 1:
        named = "; ".join(f"{u['unit_level']} {u['unit_code']} {u['unit_name']} ({u['province_name']})"
                          for u in unique.values())
        raise UnitNotFound(f"'{unit}' là nhiều đơn vị, ghi mã hoặc --level / '{unit}' names several units, give the "
                           f"code or --level: {named}")
    return next(iter(unique.values()))


def _nearest(unit: str, known: list[dict]) -> str:
    """The names nearest ``unit`` among those the warehouse has figures for, as a misspelling is answered when a
    file is read (``transforms.resolve``)."""
    names = [name_key(u["unit_name"]) for u in known]
    ranked = process.extract(name_key(unit), names, scorer=fuzz.ratio, limit=CANDIDATES, score_cutoff=REVIEW_FLOOR)
    if not ranked:
        return ""
    listed = "; ".join(f"{known[i]['unit_level']} {known[i]['unit_code']} {known[i]['unit_name']}" for _, _, i in ranked)
    return f"; gần nhất / nearest: {listed}"


def trend_rows(con: duckdb.DuckDBPyConnection, unit: dict, series: str = "as_reported") -> list[dict]:
    """The unit's rows of the trend mart, oldest period first."""
    return con.sql(f"""select {', '.join(COLUMNS)} from marts.poverty_trend
                       where unit_level = $level and unit_code = $code and series = $series
                       order by cast(left(period, 4) as integer), period like '%-H1' desc""",
                   params={"level": unit["unit_level"], "code": unit["unit_code"], "series": series}).pl().to_dicts()


def csv_value(value):
    """A value as the trend's CSV holds it, for any program to read: text made safe from formulas, yes/no as 1/0,
    a rate or change in points rounded half-up to the 2 decimals published (with a decimal point), a count whole.

    >>> [csv_value(v) for v in (11.77712963894197, True, None, 2342, "=1+1")]
    ['11.78', 1, '', 2342, "'=1+1"]
    """
    if isinstance(value, str):
        return for_csv(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return f"{half_up(value, 2):.2f}"
    return "" if value is None else value


def write_trend_csv(rows: list[dict], path: Path) -> Path:
    """UTF-8 with a byte-order mark, so that Excel opens it with its accents; values as ``csv_value`` writes them."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([csv_value(row[column]) for column in COLUMNS])
    return path
