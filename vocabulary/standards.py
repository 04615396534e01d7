"""National poverty standards and their deprivation indicators, as the seeds ``poverty_standards.csv`` and
``indicators.csv`` hold them: a new decree is a new row, not a new release."""

from dataclasses import dataclass
from functools import cache

from vocabulary.periods import PeriodError, parse_period
from vocabulary.seeds import seed_rows


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


@cache
def standards() -> tuple[Standard, ...]:
    indicators: dict[str, list[Indicator]] = {}
    for row in seed_rows("indicators.csv"):
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
        for row in seed_rows("poverty_standards.csv")
    )


def standard_for_period(period: str) -> Standard:
    year, _ = parse_period(period)
    for standard in standards():
        if standard.first_year <= year <= standard.last_year:
            return standard
    raise PeriodError(
        f"không có chuẩn nghèo cho năm {year} / no poverty standard covers {year} (sql/seeds/poverty_standards.csv)"
    )
