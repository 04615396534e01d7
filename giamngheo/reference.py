"""Reference data kept as data: poverty standards and their deprivation indicators.

A new decree is a new row in ``reference/*.csv``, not a new release.
"""

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"

PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(-(?P<half>H1))?$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Indicator:
    code: str
    position: int
    dimension_vi: str
    label_vi: str
    label_en: str


@dataclass(frozen=True)
class Standard:
    code: str
    legal_basis: str
    first_year: int
    last_year: int
    indicators: tuple[Indicator, ...]

    @property
    def label(self) -> str:
        return f"{self.code} ({self.legal_basis})"


def _rows(name: str) -> list[dict]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def standards() -> tuple[Standard, ...]:
    indicators: dict[str, list[Indicator]] = {}
    for row in _rows("indicators.csv"):
        indicators.setdefault(row["standard_code"], []).append(
            Indicator(row["indicator_code"], int(row["position"]), row["dimension_vi"], row["label_vi"], row["label_en"])
        )
    return tuple(
        Standard(
            row["standard_code"],
            row["legal_basis"],
            int(row["first_year"]),
            int(row["last_year"]),
            tuple(sorted(indicators.get(row["standard_code"], []), key=lambda i: i.position)),
        )
        for row in _rows("poverty_standards.csv")
    )


def parse_period(period: str) -> tuple[int, str | None]:
    """``2020`` (annual) or ``2021-H1`` (six-month) as (year, half)."""
    match = PERIOD_PATTERN.match(str(period).strip())
    if not match:
        raise PeriodError(
            f"kỳ báo cáo {period!r} không hợp lệ: ghi 2020 (cả năm) hoặc 2021-H1 (6 tháng) / "
            f"period {period!r} is not valid: write 2020 (annual) or 2021-H1 (six-month)"
        )
    return int(match["year"]), match["half"]


def standard_for_period(period: str) -> Standard:
    year, _ = parse_period(period)
    for standard in standards():
        if standard.first_year <= year <= standard.last_year:
            return standard
    raise PeriodError(
        f"không có chuẩn nghèo cho năm {year} / no poverty standard covers {year} (reference/poverty_standards.csv)"
    )


def unit_structure(period: str) -> str:
    """``legacy`` (province → district → commune) for reports due before the 1 July 2025 reform, else ``2025``
    (province → commune). A six-month report of 2025 was due in June, so it is still legacy.

    >>> unit_structure("2024"), unit_structure("2025-H1"), unit_structure("2025"), unit_structure("2026-H1")
    ('legacy', 'legacy', '2025', '2025')
    """
    year, half = parse_period(period)
    return "legacy" if year < 2025 or (year == 2025 and half) else "2025"


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
