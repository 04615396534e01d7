"""What an area's publication shows, whatever it is written as (the workbook, the HTML report): its units in order
with the area's total last, its warnings worded, where it is, and the notes above every page (made-up figures,
communes missing)."""

from collections import defaultdict

from vocabulary.labels import ABSENT, SYNTHETIC_BANNER
from vocabulary.messages import warning_message, warning_value
from vocabulary.periods import unit_structure

STRUCTURE_NOTE = {
    "legacy": "đơn vị hành chính trước 1/7/2025 (tỉnh → huyện → xã)",
    "2025": "đơn vị hành chính từ 1/7/2025 (tỉnh → xã, không còn cấp huyện)",
}

# A unit of a table: its STT (None for the area's total row), its name, and its figures from the marts.
Unit = tuple[int | None, str, dict]


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


def notes(period: str, tables: dict[str, list[dict]]) -> list[str]:
    """What every page of the publication must say above its tables: the figures are made up; some communes'
    are missing."""
    missing, communes = len(absent(tables)), len(tables["completeness"])
    return ([SYNTHETIC_BANNER] if is_synthetic(period, tables) else []) + (
        [f"SỐ LIỆU TẠM TÍNH: chưa có số liệu của {missing}/{communes} xã · PROVISIONAL: "
         f"{missing} of {communes} communes missing"] if missing else [])
