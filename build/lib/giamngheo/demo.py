"""The bundled demo: one submission per Krông Pa commune for period 2020, from the seed's published tables, and a
second, synthetic period (2021) so that trends and charts have a series to show.

Poor, ethnic-minority poor and deprivation counts are as printed in Phụ lục 1–3 of the
district's 2021 plan, households as in ``krongpa_households_derived.csv``, and the 2021
plan becomes each commune's targets. Persons, near-poor, escaped and newly-poor households
are not in the seed: the demo fills them with illustrative shares so that every field of
the template is exercised. They are not Krông Pa's figures.

The seed has one year of results. The 2021 workbooks are made up: each commune ends 2021 halfway between its 2020
result and the plan the seed gives it (a random 5 % either side), its 2022 targets a fifth fewer poor households. Their files say so in their
name and preparer, the run marks them synthetic (``giamngheo run --synthetic``), and every output made from them
says so.
"""

import csv
import random
from datetime import date
from pathlib import Path
from typing import Any, cast

from publish.register_template import Register, write_register
from publish.template import CommuneInfo, Submission, write_submission
from vocabulary import labels, units
from vocabulary.periods import unit_structure
from vocabulary.register_layout import CLASSES
from vocabulary.standards import standard_for_period, standard_lines
from vocabulary.text import fold

DEMO_DATA = Path(__file__).parent / "demo_data"
DEMO_PERIOD = "2020"
# The communes' 2020 figures were reported by the 15 October 2020 due date: the demo records its files as received
# then (giamngheo run --received-on), since the warehouse's own first sight of them is today.
DEMO_RECEIVED_ON = date(2020, 10, 15)
SYNTHETIC_PERIOD = "2021"
SYNTHETIC_RECEIVED_ON = date(2021, 10, 15)
SYNTHETIC_PREPARER = "Số liệu mô phỏng, không phải của xã / synthetic figures (giamngheo demo)"
SYNTHETIC_SUFFIX = "mo-phong"
PROVINCE, DISTRICT = "Gia Lai", "Krông Pa"

# Illustrative shares for the fields the seed does not print (see the module docstring).
PERSONS_PER_HOUSEHOLD = 4.3
NEAR_POOR_PER_POOR = 0.6
ESCAPED_PER_POOR = 0.3
NEWLY_POOR_PER_POOR = 0.05


def _read(name: str) -> list[dict]:
    with open(DEMO_DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split(total: int, weights: list[int], caps: list[int] | None = None) -> list[int]:
    """Split a count over villages in proportion to weights, never above a village's cap.

    >>> split(10, [1, 1, 1])
    [4, 3, 3]
    >>> split(10, [1, 1, 1], caps=[2, 5, 5])
    [2, 4, 4]
    """
    caps = caps or [total] * len(weights)
    shares = [total * w / sum(weights) for w in weights]
    parts = [min(int(share), cap) for share, cap in zip(shares, caps)]
    order = sorted(range(len(weights)), key=lambda i: (int(shares[i]) - shares[i], i))
    remaining = total - sum(parts)
    while remaining:
        room = [i for i in order if parts[i] < caps[i]]
        if not room:
            raise ValueError(f"cannot split {total} over villages with caps {caps}")
        for i in room[:remaining]:
            parts[i] += 1
        remaining = total - sum(parts)
    return parts


def _village_names(commune_name: str, count: int) -> list[str]:
    word = "Tổ dân phố" if fold(commune_name).startswith("thi tran") else "Buôn"
    return [f"{word} {i}" for i in range(1, count + 1)]


START_MEASURES = [measure.code for measure in labels.START_MEASURES]


def demo_submissions() -> list[Submission]:
    households = {row["ward_code"]: row for row in _read("krongpa_households_derived.csv") if row["ward_code"]}
    # derived so as to reproduce the source's falls in 2020 (scripts/derive_demo_start.py)
    starts = {row["ward_code"]: row for row in _read("krongpa_start_2020_derived.csv")}
    poverty = {row["ward_code"]: row for row in _read("krongpa_poverty_by_commune.csv") if row["ward_code"]}
    ethnic = {row["ward_code"]: row for row in _read("krongpa_ethnic_minority_poverty_by_commune.csv") if row["ward_code"]}
    code_by_name = {row["commune_name"]: row["ward_code"] for row in households.values()}
    deprivation: dict[tuple[str, str], dict] = {}
    for row in _read("krongpa_deprivation_by_commune.csv"):
        if row["commune_name"] in code_by_name:
            deprivation[(code_by_name[row["commune_name"]], row["row_kind"])] = row
    indicators = [i.code for i in standard_for_period(DEMO_PERIOD).indicators]

    submissions = []
    for code, hh in households.items():
        names = _village_names(poverty[code]["commune_name"], 3 + int(code) % 3)
        actual = deprivation[(code, "actual_2020")]
        villages, deprivations = _villages(
            names, int(hh["total_households_2020"]), int(hh["em_households_2020"]), int(poverty[code]["poor_2020"]),
            int(ethnic[code]["em_poor_2020"]), {ind: int(actual[f"{ind}_households"]) for ind in indicators})
        plan = deprivation[(code, "plan_2021")]
        plan_poor = int(poverty[code]["poor_2021_plan"])
        targets = {
            "total_households": int(hh["total_households_2021_plan"]),
            "em_households": int(hh["em_households_2021_plan"]),
            "poor_households": plan_poor,
            "em_poor_households": int(ethnic[code]["em_poor_2021_plan"]),
            "near_poor_households": round(plan_poor * NEAR_POOR_PER_POOR),
            **{ind: int(plan[f"{ind}_households"]) for ind in indicators},
        }
        submissions.append(Submission(
            commune=CommuneInfo(PROVINCE, DISTRICT, poverty[code]["name_as_printed"], code),
            period=DEMO_PERIOD,
            preparer="Dữ liệu mẫu (demo)",
            prepared_on="2020-10-15",
            villages=villages,
            deprivations=deprivations,
            targets=targets,
            start={measure: int(starts[code][f"{measure}_start_2020"]) for measure in START_MEASURES},
        ))
    return submissions


def _villages(names: list[str], total_households: int, em_households: int, poor_households: int,
              em_poor_households: int, deprived: dict[str, int]) -> tuple[list[dict], list[dict]]:
    """A commune's totals split over its villages (later villages larger): the household table's rows, with the
    fields the seed does not print filled by the illustrative shares, and the deprivation table's."""
    weights = [i + 2 for i in range(len(names))]
    total = split(total_households, weights)
    em = split(em_households, weights, total)
    poor = split(poor_households, weights, total)
    em_poor = split(em_poor_households, weights, [min(p, e) for p, e in zip(poor, em)])
    near_poor = split(round(poor_households * NEAR_POOR_PER_POOR), weights, [t - p for t, p in zip(total, poor)])
    em_near_poor = split(round(sum(em_poor) * NEAR_POOR_PER_POOR), weights,
                         [min(n, e - ep) for n, e, ep in zip(near_poor, em, em_poor)])
    persons = split(round(total_households * PERSONS_PER_HOUSEHOLD), weights)
    escaped = split(round(poor_households * ESCAPED_PER_POOR), weights)
    newly = split(round(poor_households * NEWLY_POOR_PER_POOR), weights)
    villages = [
        {
            "village": name, "total_households": total[i], "persons": persons[i], "em_households": em[i],
            "poor_households": poor[i], "em_poor_households": em_poor[i], "near_poor_households": near_poor[i],
            "em_near_poor_households": em_near_poor[i], "escaped_poverty_households": escaped[i],
            "newly_poor_households": newly[i],
        }
        for i, name in enumerate(names)
    ]
    by_indicator = {ind: split(count, weights, poor) for ind, count in deprived.items()}
    deprivations = [{"village": name, **{ind: by_indicator[ind][i] for ind in deprived}} for i, name in enumerate(names)]
    return villages, deprivations


def synthetic_second_period(rng: random.Random | None = None) -> list[Submission]:
    """Made-up 2021 workbooks for the demo's communes (see the module's docstring): 2021's poor households halfway
    from 2020's to the plan, the deprivations in proportion, and 2022's targets a fifth fewer poor."""
    rng = rng or random.Random(2021)
    submissions = []
    for previous in demo_submissions():
        planned = previous.targets
        total, em = planned["total_households"], planned["em_households"]
        poor_before = sum(v["poor_households"] for v in previous.villages)
        poor = min(total, round((poor_before + planned["poor_households"]) / 2 * rng.uniform(0.95, 1.05)))
        em_poor = min(poor, em, round(planned["em_poor_households"] * poor / max(planned["poor_households"], 1)))
        deprived = {ind: min(poor, round(sum(row[ind] for row in previous.deprivations) * poor / max(poor_before, 1)))
                    for ind in previous.deprivations[0] if ind != "village"}
        villages, deprivations = _villages([v["village"] for v in previous.villages], total, em, poor, em_poor, deprived)
        target_poor = round(poor * 0.8)
        targets = {
            "total_households": total + round(total * 0.01), "em_households": em + round(em * 0.01),
            "poor_households": target_poor, "em_poor_households": min(target_poor, round(em_poor * 0.8)),
            "near_poor_households": round(target_poor * NEAR_POOR_PER_POOR),
            **{ind: min(target_poor, round(count * 0.8)) for ind, count in deprived.items()},
        }
        # the start of 2021 is the end of 2020
        start = {measure: sum(v[measure] for v in previous.villages) for measure in START_MEASURES}
        submissions.append(Submission(previous.commune, SYNTHETIC_PERIOD, SYNTHETIC_PREPARER,
                                      f"{SYNTHETIC_PERIOD}-10-15", villages, deprivations, targets, start=start))
    return submissions


def write_synthetic_inbox(inbox: Path) -> list[Path]:
    """Write the made-up 2021 workbooks into ``inbox``, their names ending in ``-mo-phong`` (made up)."""
    return [write_submission(Path(inbox) / f"{_stem(s)}-{SYNTHETIC_SUFFIX}.xlsx", s) for s in synthetic_second_period()]


def _stem(submission: Submission) -> str:
    return f"{submission.commune.commune_code}-{fold(submission.commune.commune_name).replace(' ', '-')}-{submission.period}"


def with_mistakes(submission: Submission) -> Submission:
    """Two mistakes communes make, for a demonstration of what comes back to them: a count typed with its unit
    ("12 hộ"), and more poor ethnic-minority households than poor households."""
    submission.villages[1]["poor_households"] = "12 hộ"
    submission.villages[2]["em_poor_households"] = 300
    return submission


def write_demo_inbox(inbox: Path, mistakes: bool = False, registers: bool = False) -> list[Path]:
    """Write the demo submissions into ``inbox`` and return their paths; with ``mistakes``, Ia Mláh's (24091) has
    two mistakes in it; with ``registers``, each commune's household register goes beside its workbook."""
    paths = []
    rng = random.Random(2020)
    for s in demo_submissions():
        stem = _stem(s)
        if registers:
            paths.append(write_register(Path(inbox) / f"{stem}-danh-sach-ho.xlsx", demo_register(s, rng)))
        if mistakes and s.commune.commune_code == "24091":
            with_mistakes(s)
        paths.append(write_submission(Path(inbox) / f"{stem}.xlsx", s))
    return paths


def synthetic_submission(unit: dict, period: str, rng: random.Random) -> Submission:
    """A valid submission with random but plausible figures for one official commune (for benchmarks and tests)."""
    indicators = [i.code for i in standard_for_period(period).indicators]
    villages: list[dict[str, Any]] = []
    deprivations: list[dict[str, Any]] = []
    for number in range(1, rng.randint(3, 8) + 1):
        total = rng.randint(80, 600)
        em = rng.randint(0, total)
        poor = rng.randint(0, total // 4)
        em_poor = rng.randint(0, min(poor, em))
        near_poor = rng.randint(0, (total - poor) // 4)
        name = f"Thôn {number}"
        villages.append({
            "village": name, "total_households": total, "persons": total * 4 + rng.randint(0, total),
            "em_households": em, "poor_households": poor, "em_poor_households": em_poor,
            "near_poor_households": near_poor, "em_near_poor_households": rng.randint(0, min(near_poor, em - em_poor)),
            "escaped_poverty_households": rng.randint(0, poor), "newly_poor_households": rng.randint(0, poor // 5 + 1),
        })
        deprivations.append({"village": name, **{code: rng.randint(0, poor) for code in indicators}})
    poor_total = sum(v["poor_households"] for v in villages)
    target_poor = poor_total * 3 // 4
    targets = {
        "total_households": sum(v["total_households"] for v in villages) + 20,
        "em_households": sum(v["em_households"] for v in villages) + 5,
        "poor_households": target_poor,
        "em_poor_households": min(target_poor, sum(v["em_poor_households"] for v in villages)),
        "near_poor_households": sum(v["near_poor_households"] for v in villages),
        **{code: rng.randint(0, target_poor) for code in indicators},
    }
    return Submission(CommuneInfo.of(unit), period, "synthetic", "", villages, deprivations, targets)


# Synthetic people for the demo's household registers: names drawn from common family, middle and given names,
# identity numbers with Gia Lai's province prefix and random digits. Nobody real.
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Rơ Châm", "Ksor", "Siu", "Nay", "Rơ Mah", "Kpă")
MIDDLE = ("Văn", "Thị", "H'", "Đình", "Ngọc")
GIVEN = ("An", "Bình", "Blơi", "Hờ", "Lan", "Mai", "Nguyên", "Phong", "Thuý", "Yă")


def demo_register(submission: Submission, rng: random.Random) -> Register:
    """A household register that reproduces ``submission``'s village figures household by household (for the
    2016–2020 standard of the demo's period): its poor households with incomes below the line and the deprivations
    of its deprivation table, its near-poor ones between the line and the upper line, the others above; the
    ethnic-minority households among them as counted."""
    unit = units.commune_by_code(submission.commune.commune_code, unit_structure(submission.period))
    assert unit is not None  # the demo's communes are official ones
    standard = standard_lines(submission.period, "rural" if unit["commune_type"] == "Xã" else "urban")
    # the 2016–2020 standard, the demo's, has both lines (with a later one, None fails below as it always did)
    line, upper = cast(int, standard["line"]), cast(int, standard["upper"])
    deprived_by_village = {row["village"]: row for row in submission.deprivations}
    indicators = [i.code for i in standard_for_period(submission.period).indicators]
    households, number = [], 0
    for village in submission.villages:
        total, poor, near = village["total_households"], village["poor_households"], village["near_poor_households"]
        em, em_poor, em_near = village["em_households"], village["em_poor_households"], village["em_near_poor_households"]
        classes = ["poor"] * poor + ["near_poor"] * near + ["none"] * (total - poor - near)
        ethnic = ([True] * em_poor + [False] * (poor - em_poor) + [True] * em_near + [False] * (near - em_near)
                  + [True] * (em - em_poor - em_near) + [False] * (total - poor - near - (em - em_poor - em_near)))
        members = split(village["persons"], [1] * total)
        deprived = deprived_by_village.get(village["village"], {})
        for index, (decided, minority) in enumerate(zip(classes, ethnic)):
            number += 1
            income = {"poor": line - 50_000 * (1 + index % 5),
                      "near_poor": (line + upper) // 2,
                      "none": upper + 100_000 * (1 + index % 20)}[decided]
            households.append({
                "village": village["village"], "household_number": number,
                "head_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                "id_number": f"064{rng.choice('0123')}{rng.randrange(10**8):08d}",
                "members": members[index], "ethnic_minority": int(minority), "income_vnd": income,
                # the first `poor` rows are the poor households: each indicator's deprived ones among them
                **{code: int(index < poor and (index + position) % poor < deprived.get(code, 0))
                   for position, code in enumerate(indicators)},
                "decided_class": next(label for label, code in CLASSES.items() if code == decided),
                "meritorious": int(index % 37 == 0), "social_protection": int(index % 23 == 0),
            })
    commune = submission.commune
    return Register(commune, submission.period, submission.preparer, submission.prepared_on, households)
