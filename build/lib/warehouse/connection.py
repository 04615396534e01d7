"""Open the warehouse file, creating its schemas and raw tables on first use or bringing an older layout up to date
(``warehouse/schema.py``); hold it for one run at a time."""

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse import schema

DEFAULT_PATH = Path("data/warehouse.duckdb")


def connect(path: Path | str = DEFAULT_PATH, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        schema.ensure(con)
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def exclusive(path: Path | str = DEFAULT_PATH, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the warehouse for one run: a second run waits here until the first is done, instead of failing on DuckDB's
    file lock halfway. An OS lock on ``<warehouse>.lock``, so a run that is killed releases it with its process."""
    lock_path = Path(f"{path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All of it or none of it: a run killed halfway leaves the warehouse as it was."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
