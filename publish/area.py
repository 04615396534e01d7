"""What an area's publication shows, whatever it is written as (the workbook, the HTML report): its units in order
with the area's total last (and, in a provisional publication, each commune not counted in its place, with its
status), its warnings worded, where it is, the appendices' titles as Nghị định 30/2020 sets them, the notes above
every page (made-up figures, communes missing, communes without a plan) and how a plan figure there is none of is
printed. Printed pages follow the district profile's language: Vietnamese only, or English beside it."""

from collections import defaultdict

from vocabulary.labels import ABSENT, NO_PLAN, START_SHEET, SUBMISSION_STATUS, SYNTHETIC_BANNER, in_print
from vocabulary.messages import warning_message, warning_value
from vocabulary.periods import area_level, parse_period, unit_structure
from vocabulary.profile import Profile

# Which units the figures are of, said to an official reader only where it matters: from 2025 on, when a period's
# figures may be of the units before the reform or after it.
STRUCTURE_NOTE = {
    "legacy": "Số liệu theo đơn vị hành chính cấp huyện, cấp xã trước ngày 01/7/2025",
    "2025": "Số liệu theo đơn vị hành chính cấp xã từ ngày 01/7/2025 (không còn cấp huyện)",
}
# Nghị định 30/2020, Phụ lục I, III.1.a: two or more appendices are numbered in Roman numerals. The sheets keep
# their names (Phụ lục 1–3); their pages print these.
APPENDIX_NUMBERS = {1: "I", 2: "II", 3: "III"}
# The key of an absent commune's unit: its status (SUBMISSION_STATUS), in place of its figures.
ABSENT_KEY = "absent"

NAMED = 20  # communes without a plan named in the note, the others counted

# A unit of a table: its STT (None for the area's total row), its name, and its figures from the marts.
Unit = tuple[int | None, str, dict]


def planned(key: str, value):
    """A figure as its cell shows it: a plan's (``target_…``) or a fall in a rate (``…rate_reduction_pp``) that is
    empty as NO_PLAN, any other as it is. A fall is empty where nothing says where the period started (no earlier
    period in the warehouse, no Số liệu đầu kỳ in the workbook); its cell must not read as a fall of zero."""
    empty_allowed = key.startswith("target_") or key.endswith("rate_reduction_pp")
    return NO_PLAN if value is None and empty_allowed else value


def without_start(tables: dict[str, list[dict]]) -> list[dict]:
    """The area's communes with figures but no fall in their poverty rate: nothing says where they started."""
    return [c for c in tables["communes"] if c["rate_reduction_pp"] is None]


def units(area: dict, tables: dict[str, list[dict]], level: str) -> list[Unit]:
    """The area's communes in commune-code order, then its total, each with its deprivation rows. A commune without
    figures (missing, rejected, withdrawn) has its row too, its figures ``{ABSENT_KEY: status}``, and the total says
    how many communes it sums: 'Toàn huyện (13/14 xã)'."""
    by_commune = defaultdict(list)
    for row in tables["indicators"]:
        by_commune[row["commune_code"]].append(row)
    rows = {c["commune_code"]: (c["commune_name"], {**c, "indicators": by_commune[c["commune_code"]]})
            for c in tables["communes"]}
    for c in absent(tables):
        rows.setdefault(c["commune_code"], (c["commune_name"], {"commune_code": c["commune_code"],
                                                                "commune_name": c["commune_name"],
                                                                ABSENT_KEY: c["submission_status"],
                                                                "indicators": []}))
    communes = [(n, *rows[code]) for n, code in enumerate(sorted(rows), start=1)]
    total = "Toàn huyện" if level == "district" else "Toàn tỉnh"
    missing = sum(1 for _, _, figures in communes if ABSENT_KEY in figures)
    if missing:
        total = f"{total} ({len(communes) - missing}/{len(communes)} xã)"
    return [*communes, (None, total, {**area, "indicators": tables["totals"]})]


def counted(shown: list[Unit]) -> list[dict]:
    """The figures of the communes a publication counts: neither the total nor a commune without figures."""
    return [figures for number, _, figures in shown if number is not None and ABSENT_KEY not in figures]


def status_of(figures: dict, bilingual: bool) -> str | None:
    """What an absent commune's row says in place of its figures ('Bị trả lại'); None for a commune with figures."""
    status = figures.get(ABSENT_KEY)
    return None if status is None else in_print(SUBMISSION_STATUS[status], bilingual)


def worded_warnings(rows: list[dict]) -> list[dict]:
    return [{**row, "value": warning_value(row), **dict(zip(("message_vi", "message_en"), warning_message(row)))}
            for row in rows]


def place(area: dict) -> str:
    """Where the area is: 'Huyện Krông Pa, Tỉnh Gia Lai'."""
    return ", ".join(p for p in (area.get("district_name"), area["province_name"]) if p)


def structure_note(period: str) -> str | None:
    """Which administrative units the figures are of, for a period of 2025 or later (None before: no reader
    needs telling)."""
    year, _ = parse_period(period)
    return STRUCTURE_NOTE[unit_structure(period)] if year >= 2025 else None


def appendix_number(number: int) -> str:
    """'Phụ lục I' for the first appendix (NĐ 30/2020: Roman numerals for two or more)."""
    return f"Phụ lục {APPENDIX_NUMBERS[number]}"


def attached_line(profile: Profile) -> str:
    """The line under an appendix's title (NĐ 30/2020, Phụ lục I, III.1.c and Mẫu 2.1): the report it goes with,
    its number, date and issuer; what the office fills in on paper is left as '…'."""
    return (f"(Kèm theo Báo cáo số {profile.number} ngày … tháng … năm … của {profile.issuer_in_sentence})")


def appendix_title(title: str, area: dict, period: str) -> str:
    """An appendix's title in capitals, the area it is of on its own line, and which units, where that matters."""
    lines = [title, place(area).upper()]
    note = structure_note(period)
    return "\n".join([*lines, f"({note})"] if note else lines)


def is_synthetic(period: str, tables: dict[str, list[dict]]) -> bool:
    return any(past["is_synthetic"] for past in tables["history"] if past["period"] == period)


def absent(tables: dict[str, list[dict]]) -> list[dict]:
    """The area's communes without figures in the publication (which is then provisional)."""
    return [c for c in tables["completeness"] if c["submission_status"] in ABSENT]


def without_plan(tables: dict[str, list[dict]]) -> list[dict]:
    """The area's communes with figures but no plan: only an aggregate workbook sets targets."""
    return [c for c in tables["communes"] if not c["has_plan"]]


def _named(names: list[str], bilingual: bool) -> str:
    """Names in a note, the first NAMED of them, the others counted."""
    more = len(names) - NAMED
    return ", ".join(names[:NAMED]) + (
        (f" và {more} xã khác" + (f" / and {more} more" if bilingual else "")) if more > 0 else "")


CHANGES_SHEET = "Thay đổi so với lần trước"


def version_of(tables: dict[str, list[dict]]) -> int:
    """The number of the publication the tables are written for (1 when they do not say)."""
    return tables["publication"][0]["version"] if tables.get("publication") else 1


def version_note(tables: dict[str, list[dict]], bilingual: bool) -> list[str]:
    """From version 2 on, what every page says: this is version N, of its date, replacing the one before."""
    version = version_of(tables)
    if version < 2:
        return []
    on = tables["publication"][0]["published_on"]
    return [f"LẦN {version} (ngày {on:%d/%m/%Y}), THAY THẾ LẦN {version - 1}"
            + (f" · VERSION {version} ({on:%d/%m/%Y}), REPLACING VERSION {version - 1}" if bilingual else "")]


def notes(period: str, tables: dict[str, list[dict]], bilingual: bool = True) -> list[str]:
    """What every page of the publication must say above its tables: the figures are made up; some communes'
    are missing (named, with their status); some communes have no plan, so the area's is left blank. English
    follows the Vietnamese when ``bilingual``."""
    gone, communes = absent(tables), len(tables["completeness"])
    missing = len(gone)
    who = _named([f"{c['commune_name']} ({in_print(SUBMISSION_STATUS[c['submission_status']], False).lower()})"
                  for c in gone], False)
    who_en = _named([f"{c['commune_name']} ({SUBMISSION_STATUS[c['submission_status']].split(' / ')[1]})"
                     for c in gone], True)
    unplanned = [c["commune_name"] for c in without_plan(tables)]
    area_vi, area_en = ("HUYỆN", "DISTRICT") if area_level(period) == "district" else ("TỈNH", "PROVINCE")
    provisional = (f"SỐ LIỆU TẠM TÍNH: chưa có số liệu của {missing}/{communes} xã: {who}"
                   + (f" · PROVISIONAL: {missing} of {communes} communes missing: {who_en}" if bilingual else ""))
    no_plan = (f"KẾ HOẠCH TOÀN {area_vi} ĐỂ TRỐNG" + (f" · {area_en} PLAN LEFT BLANK" if bilingual else "")
               + ": chưa có kế hoạch (chỉ gửi danh sách hộ)" + (" / no plan (only a household register sent)"
                                                                 if bilingual else "")
               + f": {_named(unplanned, bilingual)}")
    unstarted = [c["commune_name"] for c in without_start(tables)]
    no_start = (f"MỨC GIẢM TỶ LỆ HỘ NGHÈO GHI “{NO_PLAN}”: chưa có số liệu đầu kỳ (kho chưa có kỳ trước, xã không ghi "
                f"sheet {START_SHEET.label_vi})" + (f" · RATE FALL SHOWN AS “{NO_PLAN}”: no figures for the start of the "
                                           "period" if bilingual else "") + f": {_named(unstarted, bilingual)}")
    return version_note(tables, bilingual) + ([in_print(SYNTHETIC_BANNER, bilingual)] if is_synthetic(period, tables) else []) + (
        [provisional] if missing else []) + ([no_plan] if unplanned else []) + ([no_start] if unstarted else [])
