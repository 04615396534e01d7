"""Which official commune a workbook is from."""

from dataclasses import dataclass

from transforms import units


@dataclass
class Resolution:
    commune: dict | None  # a row of units.legacy_communes(), or None
    method: str  # "code", "exact_name", or "" when unresolved
    rule: str = ""  # the broken rule when unresolved
    detail: str = ""


def resolve_commune(info: dict[str, tuple[str, str, str]]) -> Resolution:
    """Resolve from the workbook's declared code, else its name within the declared district and province."""
    code = info.get("commune_code", ("",))[0]
    district = info.get("district_name", ("",))[0]
    province = info.get("province_name", ("",))[0]
    if code:
        commune = units.commune_by_code(code)
        if commune is None:
            return Resolution(None, "", "commune_unknown")
        if district and units.name_key(district) != commune["district_key"]:
            return Resolution(None, "", "commune_mismatch", commune["commune_name"] + ", " + commune["district_name"])
        return Resolution(commune, "code")
    name = info.get("commune_name", ("",))[0]
    matches = units.communes_named(name, district or None, province or None) if name else []
    if len(matches) == 1:
        return Resolution(matches[0], "exact_name")
    return Resolution(None, "", "commune_unknown")
