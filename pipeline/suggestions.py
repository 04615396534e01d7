"""Commands the tool suggests, complete: each runs as shown, with the folders of the run it follows."""

from pathlib import Path

from vocabulary.escape import for_shell
from warehouse.connection import connect


def rerun_command(warehouse: Path, period: str) -> str:
    """``giamngheo run`` for ``period`` as its last run was asked for: the same inbox, warehouse, output folder and
    confirmed names (a run recorded before these were kept gives the defaults for what it lacks)."""
    with connect(warehouse, read_only=True) as con:
        found = con.execute("""select inbox, out, aliases from raw.runs where period = ?
                               order by started_at desc limit 1""", [period]).fetchall()
    inbox, out, aliases = found[0] if found else ("", "", "")
    options = {"--period": period, "--inbox": inbox, "--warehouse": str(warehouse), "--out": out,
               "--aliases": aliases}
    return "giamngheo run " + " ".join(f"{option} {for_shell(value)}" for option, value in options.items() if value)
