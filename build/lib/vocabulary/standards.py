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


def standard_with_indicators(period: str) -> Standard:
    """The period's standard, which must have its indicators: a household cannot be classified, nor its deprivations
    counted, without them."""
    standard = standard_for_period(period)
    if not standard.indicators:
        raise PeriodError(
            f"chuẩn nghèo {standard.label} của kỳ {period} chưa có danh sách chỉ số thiếu hụt: thêm mỗi chỉ số một dòng "
            f"vào sql/seeds/indicators.csv (standard_code {standard.code}, position, indicator_code, dimension_vi, "
            f"label_vi, label_en) theo văn bản quy định, không cần phiên bản mới / the {standard.label} standard of "
            f"period {period} has no deprivation indicators bundled: add one row per indicator to "
            f"sql/seeds/indicators.csv (standard_code {standard.code}, position, indicator_code, dimension_vi, "
            "label_vi, label_en) from the decree; no new release is needed")
    return standard


def standard_lines(period: str, area_type: str) -> dict[str, int | None]:
    """The period's standard's income lines for a ``rural`` or ``urban`` area (VND per person per month): ``line``,
    ``upper`` and ``average_upper`` (None where the standard has none), and the deprivation ``threshold``."""
    code = standard_for_period(period).code
    row = next(r for r in seed_rows("poverty_standards.csv") if r["standard_code"] == code)

    def amount(column: str) -> int | None:
        return int(row[column]) if row[column] else None

    return {"line": amount(f"{area_type}_income_line_vnd"), "upper": amount(f"{area_type}_upper_line_vnd"),
            "average_upper": amount(f"{area_type}_average_upper_vnd"), "threshold": int(row["deprivation_threshold"])}
