"""Where things live unless a command is told otherwise (relative to the folder it runs in)."""

from dataclasses import dataclass
from pathlib import Path

INBOX = Path("inbox")
WAREHOUSE = Path("data/warehouse.duckdb")  # what analysts open: the last published state
ALIASES = Path("data/aliases.csv")
OUT = Path("out")
# household registers refused and returned to their communes hold names and identity numbers: kept out of the
# published out/ tree, beside the warehouse (readable by the running user only), and deleted after
# KEEP_RETURNED_REGISTERS_DAYS
RETURNED_REGISTERS = "registers-returned"
KEEP_RETURNED_REGISTERS_DAYS = 60
# A file the portal puts in the inbox is named for its commune, its period and the time the portal received it, in
# UTC as the warehouse keeps times (pipeline.intake.stored_name); a run takes that time, never later than its own, as the time the file was received
# (warehouse.load), whatever the run's --received-on says of the other files.
PORTAL_NAME = r"^cong-[0-9]+-.+-([0-9]{8}T[0-9]{6})-[0-9a-f]{8}\.(xlsx|xls|ods)$"
PORTAL_TIME = "%Y%m%dT%H%M%S"


def returned_registers(warehouse: Path | str) -> Path:
    """The folder of returned registers beside ``warehouse``: data/warehouse.duckdb → data/registers-returned."""
    return Path(warehouse).parent / RETURNED_REGISTERS


@dataclass(frozen=True)
class Returned:
    """Where household registers refused are kept for their communes (a folder per period, then per commune), and
    how many days: they hold names and identity numbers."""

    folder: Path
    keep_days: float = KEEP_RETURNED_REGISTERS_DAYS
