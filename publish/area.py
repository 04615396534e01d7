"""What an area's publication shows, whatever it is written as (the workbook, the HTML report): its units in order
with the area's total last, its warnings worded, where it is, the notes above every page (made-up figures,
communes missing, communes without a plan) and how a plan figure there is none of is printed."""

from collections import defaultdict

from vocabulary.labels import ABSENT, NO_PLAN, SYNTHETIC_BANNER
from vocabulary.messages import warning_message, warning_value
from vocabulary.periods import area_level, unit_structure

STRUCTURE_NOTE = {
    "legacy": "đơn vị hành chính trước 1/7/2025 (tỉnh → huyện → xã)",
    "2025": "đơn vị hành chính từ 1/7/2025 (tỉnh → xã, không còn cấp huyện)",
}

NAMED = 20  # communes without a plan named in the note, the others counted

# A unit of a table: its STT (None for the area's total row), its name, and its figures from the marts.
Unit = tuple[int | None, str, dict]


def planned(key: str, value):
    """A figure as its cell shows it: a plan's (``target_…``) that is empty as NO_PLAN, any other as it is."""
    return NO_PLAN if value is None and key.startswith("target_") else value


def units(area: dict, tables: dict[str, list[dict]], level: str) -> list[Unit]:
    """The area's communes in commune-code order, then its total, each with its deprivation rows."""
    by_commune = defaultdict(list)
    for row in tables["indicators"]:
        by_commune[row["commune_code"]].append(row)
    communes = [(n, c["commune_name"], {**c, "indicators": by_commune[c["commune_code"]]})
                for n, c in enumerate(tables["communes"], start=1)]
    total = "Toàn huyện" if level == "district" else "Toàn tỉnh"
    return [*communes, (None, total, {**area, "indicators": tables["totals"]})]


def worded_warnings(rows: list[dict]) -> list[dict]:
    return [{**row, "value": warning_value(row), **dict(zip(("message_vi", "message_en"), warning_message(row)))}
            for row in rows]


def place(area: dict, period: str) -> str:
    """Where the area is, and in which structure of units: 'Huyện Krông Pa, Tỉnh Gia Lai — đơn vị … (…)'."""
    names = ", ".join(p for p in (area.get("district_name"), area["province_name"]) if p)
    return f"{names} — {STRUCTURE_NOTE[unit_structure(period)]}"


def is_synthetic(period: str, tables: dict[str, list[dict]]) -> bool:
    return any(past["is_synthetic"] for past in tables["history"] if past["period"] == period)


def absent(tables: dict[str, list[dict]]) -> list[dict]:
    """The area's communes without figures in the publication (which is then provisional)."""
    return [c for c in tables["completeness"] if c["submission_status"] in ABSENT]


def without_plan(tables: dict[str, list[dict]]) -> list[dict]:
    """The area's communes with figures but no plan: only an aggregate workbook sets targets."""
    return [c for c in tables["communes"] if not c["has_plan"]]


def notes(period: str, tables: dict[str, list[dict]]) -> list[str]:
    """What every page of the publication must say above its tables: the figures are made up; some communes'
    are missing; some communes have no plan, so the area's is left blank."""
    missing, communes = len(absent(tables)), len(tables["completeness"])
    unplanned = [c["commune_name"] for c in without_plan(tables)]
    named = ", ".join(unplanned[:NAMED]) + (
        f" và {len(unplanned) - NAMED} xã khác / and {len(unplanned) - NAMED} more" if len(unplanned) > NAMED else "")
    area_vi, area_en = ("HUYỆN", "DISTRICT") if area_level(period) == "district" else ("TỈNH", "PROVINCE")
    return ([SYNTHETIC_BANNER] if is_synthetic(period, tables) else []) + (
        [f"SỐ LIỆU TẠM TÍNH: chưa có số liệu của {missing}/{communes} xã · PROVISIONAL: "
         f"{missing} of {communes} communes missing"] if missing else []) + (
        [f"KẾ HOẠCH TOÀN {area_vi} ĐỂ TRỐNG · {area_en} PLAN LEFT BLANK: chưa có kế hoạch (chỉ gửi danh sách hộ) / "
         f"no plan (only a household register sent): {named}"] if unplanned else [])
