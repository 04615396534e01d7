"""Write tests/layouts/: the raw layer of every earlier warehouse layout this repository shipped, as each commit
that changed it created it (its RAW_TABLES, then its UPGRADES), one file a layout in the order they came:
``<number>-<commit>.sql``. Layouts made before versions were recorded in the warehouse (warehouse/schema.py, version
13) are read from the history of warehouse/connection.py.

    .venv/bin/python scripts/old_layouts.py    # in a clone with its history
"""

import re
import subprocess
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "layouts"
LAST_UNVERSIONED = "5b88295"  # the last commit before raw.schema_version


def _git(*arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def _ddl(commit: str) -> str | None:
    source = _git("show", f"{commit}:warehouse/connection.py")
    tables = re.search(r'RAW_TABLES = """(.*?)"""', source, re.S)
    upgrades = re.search(r'UPGRADES = """(.*?)"""', source, re.S)
    if not tables:
        return None
    return tables[1].strip() + ("\n" + upgrades[1].strip() if upgrades else "") + "\n"


def _signature(ddl: str) -> tuple:
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute(ddl)
    return tuple(con.execute("select table_name, column_name, data_type from duckdb_columns() "
                             "where schema_name = 'raw' order by all").fetchall())


def main() -> None:
    commits = _git("log", "--reverse", "--format=%h", f"{LAST_UNVERSIONED}", "--", "warehouse/connection.py").split()
    layouts, seen = [], set()
    for commit in commits:
        ddl = _ddl(commit)
        if ddl is None or (signature := _signature(ddl)) in seen:
            continue
        seen.add(signature)
        layouts.append((commit, ddl))
    TARGET.mkdir(parents=True, exist_ok=True)
    for old in TARGET.glob("*.sql"):
        old.unlink()
    for number, (commit, ddl) in enumerate(layouts, start=1):
        subject = _git("log", "-1", "--format=%s", commit).strip()
        (TARGET / f"{number:02d}-{commit}.sql").write_text(f"-- layout {number}: {subject[:100]}\n{ddl}",
                                                           encoding="utf-8")
        print(f"{number:02d}-{commit}")


if __name__ == "__main__":
    main()
