"""Prefect flows: the pipeline (``pipeline/``) run as Prefect tasks, on schedules, watched in the UI."""

import atexit
import os
import shutil
import subprocess
import sys

# DuckDB's binding (nanobind) reports at interpreter exit the objects Prefect's threads still hold, some forty lines
# of "nanobind: leaked …" on every flow run: harmless, and noise in the officer's logs. From the last moments of the
# process on, stderr goes through a filter that drops exactly those lines.
LEAK_REPORT = r"^nanobind: |^ - leaked |^ - \.\.\. skipped remainder|^See https://nanobind\.readthedocs\.io"


def _filter_leak_report() -> None:
    grep = shutil.which("grep")
    if grep is None:
        return
    sys.stderr.flush()
    reader, writer = os.pipe()
    subprocess.Popen([grep, "-v", "-E", LEAK_REPORT], stdin=reader, stdout=2, close_fds=True)
    os.close(reader)
    os.dup2(writer, 2)
    os.close(writer)


_set_up = False


def setup() -> None:
    """Prepare this process for running flows; called before Prefect is imported (the settings are read then) and
    again, harmlessly, at the start of each flow. Importing ``flows`` changes nothing.

    Defaults for Prefect's temporary (ephemeral) server, which the server subprocess reads from the environment; a
    user's own settings win. Its telemetry heartbeat writes to the server's SQLite file while a run does, printing
    "database is locked" tracebacks into the run's output; and on a 2-core machine the server takes longer than
    Prefect's default to start. Then the filter of DuckDB's leak report, from the process's exit on."""
    global _set_up
    if _set_up:
        return
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    atexit.register(_filter_leak_report)
    _set_up = True
