"""Write giamngheo/demo_data/krongpa_start_2020_derived.csv: each Krông Pa commune's households and poor households
(all and ethnic-minority) at the start of 2020, which the source document does not give. It gives each commune's
fall in the poverty rate during 2020 (Phụ lục 1 and 2: 0,77 … 6,92 points) and the district's (3,75 and 5,70):
the counts here are chosen so that every one of those printed falls is reproduced exactly, as
krongpa_households_derived.csv reproduces the printed rates. They are synthetic, and the demo says so.

    .venv/bin/python scripts/derive_demo_start.py
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "giamngheo" / "demo_data"
TARGET = DATA / "krongpa_start_2020_derived.csv"
FEWEST = 0.8  # a commune had at least this share of its 2020 households at the start of the year


def _rows(name: str) -> dict[str, dict]:
    with open(DATA / name, encoding="utf-8") as f:
        return {row["ward_code"]: row for row in csv.DictReader(f) if row["ward_code"]}


def _printed(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _candidates(households: int, poor: int, fall: float, at_least: tuple[int, int] = (0, 0)) -> list[tuple[int, int]]:
    """(households, poor) at the start whose rate, less the 2020 rate, prints as ``fall``, and that are at least
    ``at_least`` (the ethnic-minority households and poor among them)."""
    rate = 100 * poor / households
    found = []
    for before in range(max(int(households * FEWEST), at_least[0]), households + 1):
        expected = (rate + fall) * before / 100
        found += [(before, p) for p in (int(expected), int(expected) + 1)
                  if _printed(100 * p / before - rate) == fall and p >= at_least[1]]
    return found


def derive(now: dict[str, tuple[int, int, float]], district_fall: float,
           at_least: dict[str, tuple[int, int]] | None = None, share: float = 0.98) -> dict[str, tuple[int, int]]:
    """Per commune (households, poor) at the start, from each commune's (households, poor, fall) in 2020 and at
    least ``at_least``: starting from ``share`` of its households, moved one commune at a time towards the
    district's printed fall."""
    options = {code: _candidates(*figures, (at_least or {}).get(code, (0, 0))) for code, figures in now.items()}
    rate_now = 100 * sum(p for _, p, _ in now.values()) / sum(h for h, _, _ in now.values())
    wanted = rate_now + district_fall

    def fall(chosen):
        return 100 * sum(p for _, p in chosen.values()) / sum(h for h, _ in chosen.values()) - rate_now

    chosen = {code: min(found, key=lambda c: abs(c[0] - share * now[code][0])) for code, found in options.items()}
    while _printed(fall(chosen)) != district_fall:
        distance, code, option = min((abs(fall({**chosen, code: option}) + rate_now - wanted), code, option)
                                     for code, found in options.items() for option in found)
        if distance >= abs(fall(chosen) + rate_now - wanted):
            raise ValueError("no counts reproduce the district's fall")
        chosen[code] = option
    return chosen


def main() -> None:
    poverty, ethnic = _rows("krongpa_poverty_by_commune.csv"), _rows("krongpa_ethnic_minority_poverty_by_commune.csv")
    households = _rows("krongpa_households_derived.csv")
    with open(DATA / "krongpa_poverty_by_commune.csv", encoding="utf-8") as f:
        [district] = [row for row in csv.DictReader(f) if not row["ward_code"]]
    with open(DATA / "krongpa_ethnic_minority_poverty_by_commune.csv", encoding="utf-8") as f:
        [em_district] = [row for row in csv.DictReader(f) if not row["ward_code"]]
    minority = derive({code: (int(households[code]["em_households_2020"]), int(row["em_poor_2020"]),
                              float(row["em_rate_reduction_2020_pct"])) for code, row in ethnic.items()},
                      float(em_district["em_rate_reduction_2020_pct"]), share=FEWEST)
    # the ethnic-minority households (and poor) are among all: as few as may be, so that all can reach their fall
    everyone = derive({code: (int(households[code]["total_households_2020"]), int(row["poor_2020"]),
                              float(row["rate_reduction_2020_pct"])) for code, row in poverty.items()},
                      float(district["rate_reduction_2020_pct"]), minority)
    with open(TARGET, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["ward_code", "total_households_start_2020", "poor_households_start_2020",
                         "em_households_start_2020", "em_poor_households_start_2020"])
        for code in sorted(everyone):
            writer.writerow([code, *everyone[code], *minority[code]])
    print(TARGET)


if __name__ == "__main__":
    main()
