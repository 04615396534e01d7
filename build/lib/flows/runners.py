"""Where the flow's tasks run: a thread of the flow's own process (whose reading still uses every core), or the
workers of a Dask cluster, for reading a national inbox on more machines than one.

Only the reading batches travel: each Dask worker reads its batch of paths from the shared inbox and returns what it
extracted; resolving, validating, loading into DuckDB and publishing stay in the flow's process, because the
warehouse is one file on one machine.
"""

RUNNERS = ("threads", "dask")


def task_runner(kind: str = "threads", address: str | None = None, workers: int = 2):
    """The Prefect task runner ``kind`` names: ``threads``, or ``dask`` on the cluster at ``address`` (a scheduler's
    ``tcp://host:8786``), or on a local cluster of ``workers`` processes when there is no address."""
    if kind not in RUNNERS:
        raise ValueError(f"task runner {kind!r}: use one of {', '.join(RUNNERS)}")
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        # one batch at a time: each already reads with a process per core (pipeline.stages.read), and batches side
        # by side would each start a pool of their own, dozens of processes for a national inbox
        return ThreadPoolTaskRunner(max_workers=1)
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})
