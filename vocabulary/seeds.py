"""Reference data kept as CSV in ``sql/seeds/``: the warehouse loads the files as dbt seeds, Python reads them here,
so both say the same (a new decree or threshold is a new row, not a new release)."""

import csv
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
# The dbt project: giamngheo/sql in an installed wheel (pyproject.toml ships it there, not as a top-level "sql" that
# another distribution could also install), sql/ beside the packages in a checkout.
SQL_DIR = next((d for d in (_ROOT / "giamngheo" / "sql", _ROOT / "sql") if (d / "dbt_project.yml").is_file()),
               _ROOT / "sql")
SEEDS_DIR = SQL_DIR / "seeds"


def seed_rows(name: str) -> list[dict]:
    with open(SEEDS_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
