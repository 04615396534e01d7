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
from vocabulary.periods import unit_structure
from vocabulary.text import fold

AUTO_SCORE = 90.0  # a fuzzy match at or above this resolves by itself ...
AUTO_MARGIN = 5.0  # ... if the runner-up is at least this far behind
REVIEW_FLOOR = 60.0  # candidates below this are not worth showing
CANDIDATES = 3


@dataclass
class Resolution:
    commune: dict | None  # a row of units.legacy_communes(), or None
    method: str  # code | exact_name | alias | fuzzy, or "" when unresolved
    # the broken rule when unresolved: commune_unknown | commune_mismatch | commune_conflict | commune_review |
    # commune_other_structure | district_unknown
    rule: str = ""
    detail: str = ""
    detail_en: str = ""
    score: float | None = None
    candidates: list[dict] = field(default_factory=list)  # {"commune_code", "commune_name", "score"}, best first


# How a commune is found before a confirmed name is tried (resolve_name, resolve_commune): a new alias never changes
# a file found so.
FOUND_BEFORE_ALIASES = ("code", "exact_name")


def resolve_name(name: str, district: str = "", province: str = "",
                 aliases: dict[tuple[str, str], str] | None = None, structure: str = "legacy") -> Resolution:
    """Resolve a commune name within a district (legacy) or province (2025 units; a legacy district named instead
    says which), without a code. In a period after the reform, the name of exactly one legacy commune is told what
    became of it."""
    aliases = aliases or {}
    if structure == "2025" and district and not province:
        province = units.province_after_reform(district) or ""
    exact = units.communes_named(name, district or None, province or None, structure)
    if len(exact) == 1:
        return Resolution(exact[0], "exact_name", score=100.0)
    commune = _confirmed(name, district, aliases, structure)
    if commune:
        return Resolution(commune, "alias", score=100.0)
    if not exact and structure == "2025":
        # a legacy district bounds a legacy name; a 2025 province may have been named otherwise before the reform
        retired = units.communes_named(name, district or None, None if district else province or None, "legacy")
        became = units.fate(retired[0]["commune_code"], structure) if len(retired) == 1 else None
        if became:
            return Resolution(None, "", "commune_other_structure", *became)
    bound = district if structure == "legacy" else province
    if not bound:
        return Resolution(None, "", "commune_unknown", "không ghi huyện/tỉnh / no district or province given")
    pool = units.communes_in(district or None, province or None, structure)
    if pool.is_empty():
        return Resolution(None, "", "district_unknown", bound)
    return _by_spelling(name, pool, structure)


def _confirmed(name: str, district: str, aliases: dict[tuple[str, str], str], structure: str) -> dict | None:
    """The commune an operator confirmed ``name`` stands for, in ``district`` or anywhere."""
    key = units.name_key(name)
    for alias_key in ((key, units.name_key(district)), (key, "")):
        if alias_key in aliases:
            commune = units.commune_by_code(aliases[alias_key], structure)
            if commune:
                return commune
    return None


def _by_spelling(name: str, pool, structure: str) -> Resolution:
    """The commune of ``pool`` whose name is clearly nearest ``name``, or the nearest ones to review."""
    keys = pool["commune_key"].to_list()
    scores: dict[int, float] = {}
    for variant in units.name_keys(name):  # with and without a leading word that may be a type word
        for _, score, i in process.extract(variant, keys, scorer=fuzz.ratio, limit=CANDIDATES):
            scores[i] = max(scores.get(i, 0.0), score)
    ranked = sorted(scores.items(), key=lambda item: -item[1])[:CANDIDATES]
    candidates = [
        {"commune_code": pool["commune_code"][i], "commune_name": pool["commune_name"][i], "score": round(score, 1)}
        for i, score in ranked if score >= REVIEW_FLOOR
    ]
    if not candidates:
        return Resolution(None, "", "commune_unknown")
    best = candidates[0]["score"]
    runner_up = candidates[1]["score"] if len(candidates) > 1 else 0.0
    if best >= AUTO_SCORE and best - runner_up >= AUTO_MARGIN:
        return Resolution(units.commune_by_code(candidates[0]["commune_code"], structure), "fuzzy", score=best,
                          candidates=candidates)
    listed = "; ".join(f"{c['commune_code']} {c['commune_name']} ({c['score']:g})" for c in candidates)
    return Resolution(None, "", "commune_review", listed, candidates=candidates)


def names_agree(name: str, commune: dict, district: str, province: str,
                aliases: dict[tuple[str, str], str] | None, structure: str) -> bool:
    """Whether a name written beside a code names that same commune: it folds to that commune's name, a confirmed
    alias gives that code, or among the communes of the declared district (province after the reform) it comes
    closest to this one. A name that names another commune, or none near enough, does not agree."""
    if commune["commune_key"] in units.name_keys(name) or commune["commune_full_key"] == fold(name):
        return True
    by_name = resolve_name(name, district, province, aliases, structure)
    best = by_name.commune or (by_name.candidates[0] if by_name.candidates else {})
    return best.get("commune_code") == commune["commune_code"]


def resolve_commune(info: dict[str, tuple[str, str, str]], aliases: dict[tuple[str, str], str] | None = None,
                    structure: str = "legacy") -> Resolution:
    """Resolve from a workbook's declared code and name: a code must be one of the period's structure, inside the
    declared district or province, and name the same commune as the name beside it (a conflict is for a person to
    settle, never a load); without a code, from the name, district and province."""
    code = info.get("commune_code", ("",))[0]
    name = info.get("commune_name", ("",))[0]
    declared_district = info.get("district_name", ("",))[0]
    district = declared_district if structure == "legacy" else ""  # a 2025 commune has none: the code's bounds
    province = info.get("province_name", ("",))[0]
    if code:
        commune = units.commune_by_code(code, structure)
        if commune is None:
            became = units.fate(code, structure)
            if became:
                return Resolution(None, "", "commune_other_structure", *became)
            return Resolution(None, "", "commune_unknown")
        level = "district" if district else "province"
        if (district or province) and not units.within(commune["commune_code"], district or None,
                                                       None if district else province, structure):
            return Resolution(None, "", "commune_mismatch", commune["commune_name"] + ", " + commune[f"{level}_name"])
        if name and not names_agree(name, commune, district, province, aliases, structure):
            named = resolve_name(name, district, province, aliases, structure).commune
            other = f" ({named['commune_code']} {named['commune_name']})" if named else ""
            return Resolution(None, "", "commune_conflict",
                              f"mã {commune['commune_code']} là {commune['commune_name']}, tên ghi '{name}'{other}",
                              f"code {commune['commune_code']} is {commune['commune_name']}, the name says '{name}'{other}",
                              candidates=[{"commune_code": commune["commune_code"],
                                           "commune_name": commune["commune_name"], "score": None}])
        return Resolution(commune, "code", score=100.0)
    if not name:
        return Resolution(None, "", "commune_unknown")
    return resolve_name(name, declared_district, province, aliases, structure)


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


class UnitNotFound(LookupError):
    """No commune, or not one surely, answers to what a person named; the message says why and what is nearest."""


def find_commune(text: str, period: str, district: str = "", province: str = "",
                 aliases: dict[tuple[str, str], str] | None = None) -> dict:
    """The commune a person names for a period, as a run resolves a workbook's (``resolve_commune``): by its code,
    its name within the district or province, a confirmed name, or a near spelling clearly the best; with the names
    it had in the period. Otherwise UnitNotFound, saying what became of a unit of the other structure, or which
    names are nearest."""
    field = "commune_code" if text.strip().isdigit() else "commune_name"
    info = {field: (text, "", ""), "district_name": (district or "", "", ""), "province_name": (province or "", "", "")}
    found = resolve_commune(info, aliases, unit_structure(period))
    if found.commune is None:
        raise UnitNotFound(not_found(text, district, found))
    return units.as_of(found.commune, period)


def not_found(text: str, district: str, found: Resolution) -> str:
    """Why ``text`` names no commune surely, in both languages: the nearest names, or what became of it."""
    if found.candidates and found.rule == "commune_review":
        nearest = "; ".join(f"{c['commune_code']} {c['commune_name']} ({c['score']:g})" for c in found.candidates)
        return f"chưa chắc '{text}' là xã nào; gần nhất / not sure which commune '{text}' is; nearest: {nearest}"
    if found.rule == "commune_other_structure":
        return f"{found.detail} / {found.detail_en}"
    where = f" trong huyện / in district '{district}'" if district else ""
    why = f" ({found.detail})" if found.detail else ""
    return f"Không tìm thấy / no match: '{text}'{where}{why}"
