"""Where the flow's tasks run: threads in the flow's own process (Prefect's default), or the workers of a Dask
cluster, for reading a national inbox on more machines than one.

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

        return ThreadPoolTaskRunner()
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})
