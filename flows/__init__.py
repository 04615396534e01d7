"""Prefect flows: the stages of ``transforms``, ``checks``, ``warehouse`` and publishing, composed as tasks."""

import os

# Defaults for Prefect's temporary (ephemeral) server, which the server subprocess reads from the environment; a
# user's own settings win. Its telemetry heartbeat writes to the server's SQLite file while a run does, printing
# "database is locked" tracebacks into the run's output; and on a 2-core machine the server takes longer than
# Prefect's default to start.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
