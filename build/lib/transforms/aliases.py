"""Commune names confirmed by an operator, kept in a CSV they can edit, so later periods resolve without asking."""

import csv
from datetime import date
from pathlib import Path

from vocabulary.units import name_key

DEFAULT_PATH = Path("data/aliases.csv")
COLUMNS = ("name_as_written", "commune_code", "district", "province", "added_on")


def read_aliases(path: Path = DEFAULT_PATH) -> list[dict]:
    path = Path(path)
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.DictReader(f) if row.get("name_as_written") and row.get("commune_code")]


def alias_index(rows: list[dict]) -> dict[tuple[str, str], str]:
    """(folded name, folded district or "") -> commune code."""
    return {(name_key(r["name_as_written"]), name_key(r.get("district") or "")): r["commune_code"].strip() for r in rows}


def add_alias(name: str, code: str, district: str = "", province: str = "", path: Path = DEFAULT_PATH) -> dict:
    """Record (or replace) the commune a name stands for."""
    path = Path(path)
    key = (name_key(name), name_key(district or ""))
    rows = [r for r in read_aliases(path) if (name_key(r["name_as_written"]), name_key(r.get("district") or "")) != key]
    row = {"name_as_written": name, "commune_code": code, "district": district or "", "province": province or "",
           "added_on": date.today().isoformat()}
    rows.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in COLUMNS} for r in rows)
    return row
