"""Reference data kept as CSV in ``sql/seeds/``: the warehouse loads the files as dbt seeds, Python reads them here,
so both say the same (a new decree or threshold is a new row, not a new release)."""

import csv
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "sql" / "seeds"


def seed_rows(name: str) -> list[dict]:
    with open(SEEDS_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
