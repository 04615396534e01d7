"""Where things live unless a command is told otherwise (relative to the folder it runs in)."""

from pathlib import Path

INBOX = Path("inbox")
WAREHOUSE = Path("data/warehouse.duckdb")  # what analysts open: the last published state
ALIASES = Path("data/aliases.csv")
OUT = Path("out")
