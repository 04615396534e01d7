"""Reporting periods: ``2020`` (annual) or ``2021-H1`` (six-month), and what follows from one."""

import re
from datetime import date

PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(-(?P<half>H1))?$")


class PeriodError(ValueError):
    pass


def parse_period(period: str) -> tuple[int, str | None]:
    """``2020`` (annual) or ``2021-H1`` (six-month) as (year, half)."""
    match = PERIOD_PATTERN.match(str(period).strip())
    if not match:
        raise PeriodError(
            f"kỳ báo cáo {period!r} không hợp lệ: ghi 2020 (cả năm) hoặc 2021-H1 (6 tháng) / "
            f"period {period!r} is not valid: write 2020 (annual) or 2021-H1 (six-month)"
        )
    return int(match["year"]), match["half"]


def unit_structure(period: str) -> str:
    """``legacy`` (province → district → commune) for reports due before the 1 July 2025 reform, else ``2025``
    (province → commune). A six-month report of 2025 was due in June, so it is still legacy.

    >>> unit_structure("2024"), unit_structure("2025-H1"), unit_structure("2025"), unit_structure("2026-H1")
    ('legacy', 'legacy', '2025', '2025')
    """
    year, half = parse_period(period)
    return "legacy" if year < 2025 or (year == 2025 and half) else "2025"


def area_level(period: str) -> str:
    """What a period is published by: districts before the 2025 reform, provinces after it (there are no districts).

    >>> area_level("2020"), area_level("2025")
    ('district', 'province')
    """
    return "district" if unit_structure(period) == "legacy" else "province"


def target_period(period: str) -> str:
    """The period a submission's targets are for: the next year for an annual report, the year's end for a six-month one."""
    year, half = parse_period(period)
    return str(year) if half else str(year + 1)


# When communes' files are due unless a run is given its own date: six-month figures by 10 June, annual figures by
# 15 October of the period's year.
DEFAULT_DUE = {"H1": (6, 10), None: (10, 15)}


def default_due_date(period: str) -> date:
    """>>> default_due_date("2020"), default_due_date("2021-H1")
    (datetime.date(2020, 10, 15), datetime.date(2021, 6, 10))
    """
    year, half = parse_period(period)
    return date(year, *DEFAULT_DUE[half])


def period_label_vi(period: str) -> str:
    year, half = parse_period(period)
    return f"6 tháng đầu năm {year}" if half else f"năm {year}"
