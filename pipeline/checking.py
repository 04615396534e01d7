"""The warehouse check's own process: started as soon as a run knows it has work to do, it imports Great
Expectations (2 s and more, the longest single cost of a small run) while the run reads, validates, loads and writes
its publication, then runs the check it is sent. A run with nothing new starts none. A process that runs several
periods (the demo's two, a Prefect flow's, a test session's) keeps it for the next run, which then pays nothing for
the import; it ends with that process.

Nothing but the standard library is imported here, so that the process starts without the pipeline's imports.
"""

import importlib.abc
import importlib.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import cast


def spawnable() -> bool:
    """Whether worker processes can start: a new Python process runs the program that started this one again, by its
    module's name or its file, which a program read from standard input (its file is "<stdin>") does not have; one
    with neither (an interactive session, a pytest-xdist worker) is not run again. And a daemon process (a Dask
    worker, which is itself one of many readers) may not start any."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    by_name = getattr(getattr(main, "__spec__", None), "name", None)
    runnable = bool(by_name) or path is None or Path(path).exists()
    return runnable and not multiprocessing.current_process().daemon


def check_here(database: Path, period: str, docs_dir: Path, scope: dict[str, list[str]] | None) -> dict:
    from tqdm import tqdm

    from checks.expectations import check_warehouse
    from warehouse.connection import connect

    # Great Expectations draws tqdm's progress bars, whose default lock is a multiprocessing semaphore: the check's
    # process, stopped once its work is done, would leave it for Python's resource tracker to report as leaked
    # ("There appear to be 1 leaked semaphore objects") after the run. A thread's lock is all one process needs.
    tqdm.set_lock(threading.RLock())

    with connect(database, read_only=True) as con:
        return check_warehouse(con, period, docs_dir, scope)


def _outcome(job: tuple) -> tuple[str, dict | str]:
    """("done", the check's result) or ("failed", why it could not run): sent through the pipe as it is."""
    try:
        return "done", check_here(*job)
    except Exception as error:  # noqa: BLE001  told to the run, which raises it as CheckCouldNotRun
        return "failed", f"{type(error).__name__}: {error}"


# Great Expectations imports these when it starts, for the distribution expectations (KL divergence, KS tests) and
# their charts, which no check here uses: 0.75 s of its 2 s import (python -X importtime). They load on first use.
LOADED_ON_FIRST_USE = ("scipy.stats", "altair")


class _OnFirstUse(importlib.abc.MetaPathFinder):
    """Finds ``names`` as the other finders would, but executes each module only when one of its attributes is
    first read (importlib.util.LazyLoader)."""

    def __init__(self, names) -> None:
        self.names = frozenset(names)

    def find_spec(self, name, path, target=None):
        if name not in self.names:
            return None
        others = [finder for finder in sys.meta_path if finder is not self]
        spec = next((found for finder in others if hasattr(finder, "find_spec")
                     and (found := finder.find_spec(name, path, target)) is not None), None)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def _orphaned(parent: int) -> None:
    """End this process as soon as the run that started it is gone (killed: it could not stop it), so that nothing
    is left holding the warehouse open for the next run."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _checker(pipe) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the run's to handle: it stops this process
    threading.Thread(target=_orphaned, args=(os.getppid(),), daemon=True).start()
    sys.meta_path.insert(0, _OnFirstUse(LOADED_ON_FIRST_USE))
    import great_expectations  # noqa: F401

    try:
        while True:
            pipe.send(_outcome(pipe.recv()))
    except (EOFError, OSError):  # the process that started it closed the pipe (stopped it, or ended)
        pass


class CheckCouldNotRun(RuntimeError):
    """The checks themselves failed (not an expectation: the program), so nothing can be published."""


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
    """A check process prepared for the run inside; kept, idle, for the next run of this thread, but stopped if the
    run ended while it was checking (a failure or Ctrl+C after it was handed its check)."""
    prepare()
    try:
        yield
    finally:
        if "job" in _prepared():
            discard()


def discard() -> None:
    """Stop the prepared check process (one busy with a check nobody will wait for, or one that failed)."""
    process = _prepared()
    if process:
        process["process"].terminate()
        process["process"].join(5)
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
    """The result of the check ``job``: from the prepared process it was handed to, or, without one (none started,
    it died, or it was handed another check), run here."""
    start(*job)  # unless it was handed over already
    process = _prepared()
    if process.get("job") != job:
        outcome, value = _outcome(job)
    else:
        try:
            outcome, value = process["pipe"].recv()
            del process["job"]  # idle again: the next run of this thread hands it its check
        except (EOFError, OSError):  # the process died (killed, out of memory): the check runs here instead
            discard()
            outcome, value = _outcome(job)
    if outcome == "failed":
        raise CheckCouldNotRun(f"kiểm định kho không chạy được / the warehouse checks could not run: {value}")
    return cast(dict, value)  # "done": the check's result (a str goes with "failed" only)
