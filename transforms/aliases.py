"""Commune names confirmed by an operator, kept in a CSV they can edit, so later periods resolve without asking."""

import csv
from datetime import date
from pathlib import Path

from vocabulary.units import name_key

DEFAULT_PATH = Path("data/aliases.csv")
COLUMNS = ("name_as_written", "commune_code", "district", "province", "added_on", "replaced_on")


class AliasTaken(ValueError):
    """The name is confirmed for another commune already; ``current`` is that confirmation's row."""

    def __init__(self, current: dict):
        super().__init__(current["commune_code"])
        self.current = current


def _key(name: str, district: str) -> tuple[str, str]:
    return name_key(name), name_key(district or "")


def _rows(path: Path) -> list[dict]:
    """Every confirmation of the file, replaced ones too (kept on record, ``replaced_on`` set)."""
    path = Path(path)
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [row for row in csv.DictReader(f) if row.get("name_as_written") and row.get("commune_code")]


def read_aliases(path: Path = DEFAULT_PATH) -> list[dict]:
    """The confirmations in force."""
    return [row for row in _rows(path) if not row.get("replaced_on")]


def alias_index(rows: list[dict]) -> dict[tuple[str, str], str]:
    """(folded name, folded district or "") -> commune code."""
    return {_key(r["name_as_written"], r.get("district") or ""): r["commune_code"].strip() for r in rows}


def _in_force(rows: list[dict], name: str, district: str) -> dict | None:
    return next((r for r in rows if not r.get("replaced_on")
                 and _key(r["name_as_written"], r.get("district") or "") == _key(name, district)), None)


def confirmed(name: str, district: str = "", path: Path = DEFAULT_PATH) -> dict | None:
    """The confirmation in force of ``name`` in ``district``, if any."""
    return _in_force(_rows(Path(path)), name, district)


def add_alias(name: str, code: str, district: str = "", province: str = "", path: Path = DEFAULT_PATH,
              replace: bool = False) -> dict:
    """Record the commune a name stands for (in ``district``). A name confirmed for another commune is refused
    (``AliasTaken``) unless ``replace``: then the earlier confirmation stays in the file, marked replaced today.
    The same confirmation again changes nothing."""
    path = Path(path)
    rows = _rows(path)
    current = _in_force(rows, name, district)
    if current and current["commune_code"].strip() == code:
        return current
    if current and not replace:
        raise AliasTaken(current)
    today = date.today().isoformat()
    if current:
        current["replaced_on"] = today
    row = {"name_as_written": name, "commune_code": code, "district": district or "", "province": province or "",
           "added_on": today, "replaced_on": ""}
    rows.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in COLUMNS} for r in rows)
    return row
