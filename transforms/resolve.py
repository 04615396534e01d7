"""Which official commune a workbook is from.

In order: the official code written in the file; the name, folded (accents, case, type
word, spacing), matched exactly within the declared district; a name an operator
confirmed before (``aliases.csv``); a fuzzy match within the declared district. A fuzzy
match resolves only when it is clearly the best; otherwise the workbook goes to review
with the candidates ranked, and nothing of it is loaded.

Periods after the 1 July 2025 reform use the 2025 units, which have no districts: there
the province bounds the search instead.
"""

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from vocabulary import units

AUTO_SCORE = 90.0  # a fuzzy match at or above this resolves by itself ...
AUTO_MARGIN = 5.0  # ... if the runner-up is at least this far behind
REVIEW_FLOOR = 60.0  # candidates below this are not worth showing
CANDIDATES = 3


@dataclass
class Resolution:
    commune: dict | None  # a row of units.legacy_communes(), or None
    method: str  # code | exact_name | alias | fuzzy, or "" when unresolved
    rule: str = ""  # the broken rule when unresolved: commune_unknown | commune_mismatch | commune_review | district_unknown
    detail: str = ""
    score: float | None = None
    candidates: list[dict] = field(default_factory=list)  # {"commune_code", "commune_name", "score"}, best first


def resolve_name(name: str, district: str = "", province: str = "",
                 aliases: dict[tuple[str, str], str] | None = None, structure: str = "legacy") -> Resolution:
    """Resolve a commune name within a district (legacy) or province (2025 units), without a code."""
    aliases = aliases or {}
    exact = units.communes_named(name, district or None, province or None, structure)
    if len(exact) == 1:
        return Resolution(exact[0], "exact_name", score=100.0)
    key = units.name_key(name)
    for alias_key in ((key, units.name_key(district)), (key, "")):
        if alias_key in aliases:
            commune = units.commune_by_code(aliases[alias_key], structure)
            if commune:
                return Resolution(commune, "alias", score=100.0)
    bound = district if structure == "legacy" else province
    if not bound:
        return Resolution(None, "", "commune_unknown", "không ghi huyện/tỉnh / no district or province given")
    pool = units.communes_in(district or None, province or None, structure)
    if pool.is_empty():
        return Resolution(None, "", "district_unknown", bound)
    keys = pool["commune_key"].to_list()
    ranked = process.extract(key, keys, scorer=fuzz.ratio, limit=CANDIDATES)
    candidates = [
        {"commune_code": pool["commune_code"][i], "commune_name": pool["commune_name"][i], "score": round(score, 1)}
        for _, score, i in ranked if score >= REVIEW_FLOOR
    ]
    if not candidates:
        return Resolution(None, "", "commune_unknown")
    best = candidates[0]["score"]
    runner_up = candidates[1]["score"] if len(candidates) > 1 else 0.0
    if best >= AUTO_SCORE and best - runner_up >= AUTO_MARGIN:
        return Resolution(units.commune_by_code(candidates[0]["commune_code"]), "fuzzy", score=best, candidates=candidates)
    listed = "; ".join(f"{c['commune_code']} {c['commune_name']} ({c['score']:g})" for c in candidates)
    return Resolution(None, "", "commune_review", listed, candidates=candidates)


def resolve_commune(info: dict[str, tuple[str, str, str]], aliases: dict[tuple[str, str], str] | None = None,
                    structure: str = "legacy") -> Resolution:
    """Resolve from a workbook's declared code, else from its declared name, district and province."""
    code = info.get("commune_code", ("",))[0]
    district = info.get("district_name", ("",))[0] if structure == "legacy" else ""
    province = info.get("province_name", ("",))[0]
    if code:
        commune = units.commune_by_code(code, structure)
        if commune is None:
            return Resolution(None, "", "commune_unknown")
        declared, actual, unit = (district, "district_key", "district_name") if district else (province, "province_key", "province_name")
        if declared and units.name_key(declared) != commune[actual]:
            return Resolution(None, "", "commune_mismatch", commune["commune_name"] + ", " + commune[unit])
        return Resolution(commune, "code", score=100.0)
    name = info.get("commune_name", ("",))[0]
    if not name:
        return Resolution(None, "", "commune_unknown")
    return resolve_name(name, district, province, aliases, structure)


def attribute_commune(info: dict[str, tuple[str, str, str]], aliases: dict[tuple[str, str], str] | None = None,
                      structure: str = "legacy") -> dict | None:
    """The commune a file names even when it cannot be resolved for loading (an unknown or conflicting code): by its
    code if that is an official one, else by its name. Only to say which commune's report was refused."""
    code = info.get("commune_code", ("",))[0]
    if code and (commune := units.commune_by_code(code, structure)):
        return commune
    name = info.get("commune_name", ("",))[0]
    if not name:
        return None
    district = info.get("district_name", ("",))[0] if structure == "legacy" else ""
    return resolve_name(name, district, info.get("province_name", ("",))[0], aliases, structure).commune
