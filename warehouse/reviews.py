"""The district's review of each commune's submission, for a period whose files count only once approved (the
profile's ``review_periods``): its decisions, kept with who and when, the latest of a file's standing."""

import getpass
from datetime import UTC, datetime

import duckdb

from warehouse.load import mark_affected

DECISIONS = ("approved", "rejected")


def queue(con: duckdb.DuckDBPyConnection, period: str) -> list[dict]:
    """The period's submissions that count only once approved, with the district's decision (``waiting`` until
    there is one), from ``marts.review_queue``."""
    return con.sql("""select * from marts.review_queue where period = ?
                      order by decision <> 'waiting', commune_code, file_name""", params=[period]).pl().to_dicts()


def decide(con: duckdb.DuckDBPyConnection, period: str, rows: list[dict], decision: str, note: str) -> None:
    """Record ``decision`` on the submissions ``rows`` (of ``queue``) and mark their communes for the next run to
    rebuild and republish (the caller holds the transaction)."""
    assert decision in DECISIONS, decision
    now = datetime.now(UTC).replace(tzinfo=None)
    for row in rows:
        con.execute("insert into raw.reviews values (?, ?, ?, ?, ?, ?, ?)",
                    [period, row["file_id"], row["commune_code"], decision, note, getpass.getuser(), now])
    mark_affected(con, period, [row["commune_code"] for row in rows])
