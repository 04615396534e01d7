"""The warehouse check's own process: started first thing in a run, it imports Great Expectations (2 s, the
longest single cost of a small run) while the run reads, validates, loads and writes its publication, then runs the
one check it is sent: it gives its verdict, then writes the Data Docs while the run releases the publication.

Nothing but the standard library is imported here, so that the command line can start the process before it
imports the pipeline, and the process itself starts without it.
"""

import multiprocessing
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

# (warehouse, period, Data Docs folder, scope): what to check, as ``check_here`` takes it
Job = tuple[Path, str, Path, dict[str, list[str]] | None]


def spawnable() -> bool:
    """Whether worker processes can start: a new Python process imports the program that started this one, which an
    interactive session or a program read from standard input does not have; and a daemon process (a Dask worker,
    which is itself one of many readers) may not start any."""
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    return bool(main) and Path(main).exists() and not multiprocessing.current_process().daemon


def check_here(database: Path, period: str, docs_dir: Path, scope: dict[str, list[str]] | None,
               on_verdict=None) -> dict:
    """Check the warehouse; ``on_verdict(result)`` hears the verdict as soon as it is known and the connection
    closed, before the Data Docs are written and made to open offline."""
    from checks.expectations import validate_marts, write_data_docs
    from publish.offline import make_offline
    from warehouse.connection import connect

    with connect(database, read_only=True) as con:
        result, context = validate_marts(con, period, docs_dir, scope)
    if on_verdict:
        on_verdict(result)
    write_data_docs(context, docs_dir)
    make_offline(docs_dir)
    return result


def _checker(pipe) -> None:
    import great_expectations  # noqa: F401

    job = pipe.recv()
    try:
        check_here(*job, on_verdict=lambda result: pipe.send(("done", result)))
        pipe.send(("docs", None))
    except Exception as error:  # noqa: BLE001  told to the run, which raises it
        pipe.send(("failed", f"{type(error).__name__}: {error}"))


# the process prepare started for this thread's run, and its end of the pipe
_local = threading.local()


def _prepared() -> dict:
    if not hasattr(_local, "check"):
        _local.check = {}
    return _local.check


def prepare() -> None:
    """Start the process this thread's next check will run in, unless there is one already. Without spawnable
    processes, the check will run in this one."""
    if _prepared() or not spawnable():
        return
    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe()
    process = context.Process(target=_checker, args=(there,), daemon=True, name="giamngheo-check")
    process.start()
    _prepared().update(process=process, pipe=here)


@contextmanager
def prepared():
    """A check process prepared for the run inside; after it, its Data Docs waited for, and the process stopped."""
    prepare()
    try:
        yield
        docs_written()
    finally:
        discard()


def discard() -> None:
    """Stop a prepared check process that was not needed (nothing to check, or a failure before the check)."""
    process = _prepared()
    if process:
        process["process"].terminate()
        process["pipe"].close()
        process.clear()


def start(*job) -> None:
    """Hand the check ``job`` to the prepared process, so that it runs while this one writes the publication
    aside; ``verdict`` with the same job then waits for its result. Without a prepared process, nothing to do."""
    process = _prepared()
    if not process or "job" in process:
        return
    try:
        process["pipe"].send(job)
        process["job"] = job
    except OSError:  # the process died: the check will run in this one
        discard()


def verdict(*job) -> dict:
    """The verdict of the check ``job``: from the prepared process it was handed to, which goes on to write the Data
    Docs while the run releases its publication (``docs_written`` waits for them); or, without one (none started,
    it died, or it was handed another check), from the whole check run here."""
    start(*job)  # unless it was handed over already
    process = _prepared()
    if process.get("job") != job:
        return check_here(*job)
    outcome, value = _receive(process)
    if outcome == "lost":  # the process died (killed, out of memory): the check runs here instead
        discard()
        return check_here(*job)
    if outcome != "done":
        discard()
        raise RuntimeError(f"kiểm định kho không chạy được / the warehouse checks could not run: {value}")
    process["verdict"] = value
    return value


def docs_written() -> None:
    """Wait for the Data Docs of the check the prepared process gave its verdict on; then stop it (rather than
    leave it to tear Great Expectations down). If it died writing them, they are written here."""
    process = _prepared()
    if "verdict" not in process:
        return
    job = process["job"]
    outcome, value = _receive(process)
    discard()
    if outcome == "lost":
        check_here(*job)
    elif outcome != "docs":
        raise RuntimeError(f"không ghi được Data Docs / the Data Docs could not be written: {value}")


def _receive(process: dict) -> tuple[str, object]:
    try:
        return process["pipe"].recv()
    except (EOFError, OSError):
        return "lost", None
