"""The flow on a Dask cluster: the reading batches run on the cluster's workers, and the warehouse they build is
the one a run in one process builds."""

import os
import signal
import subprocess

import pytest
from distributed import Client, LocalCluster, get_task_stream
from prefect.testing.utilities import prefect_test_harness
from typer.testing import CliRunner

from flows import tasks
from flows.consolidate import consolidate_period
from flows.runners import task_runner
from giamngheo.cli import app
from giamngheo.demo import write_demo_inbox
from tests.helpers import mart_rows
from tests.readme import command_of, environment, free_port, sandbox


@pytest.fixture(scope="module", autouse=True)
def prefect_server():
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def test_reading_batches_run_on_both_workers_and_build_the_same_warehouse(cluster, demo_inbox, demo_warehouse,
                                                                          tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH_SIZE", 5)  # the demo's 14 files in 3 batches
    warehouse = tmp_path / "w.duckdb"
    flow = consolidate_period.with_options(task_runner=task_runner("dask", cluster.scheduler_address))
    with Client(cluster) as client, get_task_stream(client) as stream:
        summary = flow(period="2020", inbox=str(demo_inbox), warehouse=str(warehouse), out=str(tmp_path / "out"))
    reads = [task for task in stream.data if task["key"].startswith("read_batch")]
    assert len(reads) == 3
    assert {task["worker"] for task in reads} == set(cluster.scheduler.workers)
    assert summary["counts"]["loaded"] == 14 and summary["expectations"]["success"]
    assert mart_rows(warehouse) == mart_rows(demo_warehouse)


def test_the_cli_runs_the_flow_on_a_dask_scheduler(cluster, demo_inbox, tmp_path):
    result = CliRunner().invoke(app, ["run", "--period", "2020", "--inbox", str(demo_inbox), "--warehouse",
                                      str(tmp_path / "w.duckdb"), "--out", str(tmp_path / "out"), "--json",
                                      "--task-runner", "dask", "--dask-address", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx").exists()


@pytest.mark.parametrize("arguments, message", [
    (["--task-runner", "spark"], "--task-runner 'spark'"),
    (["--dask-address", "tcp://127.0.0.1:8786"], "--dask-address goes with --task-runner dask"),
])
def test_a_wrong_task_runner_is_a_usage_error(demo_inbox, arguments, message):
    result = CliRunner().invoke(app, ["run", "--period", "2020", "--inbox", str(demo_inbox), *arguments])
    assert result.exit_code == 2
    assert message in result.output


# The README's commands this module runs as written (with this test's port): tests/test_readme.py holds the README
# to them.
README_COMMANDS = {
    "scheduler": r"^\$ (\.venv/bin/dask scheduler .+)$",
    "worker": r"^\$ (\.venv/bin/dask worker .+)$",
    "run": r"^\$ (\.venv/bin/giamngheo run .+ --task-runner dask .+)$",
}


def test_the_readme_cluster_reads_the_demo_inbox(tmp_path):
    """A scheduler and two worker processes started with the README's commands, in other folders than the run's,
    and the README's run against them."""
    folder = sandbox(tmp_path / "project")
    write_demo_inbox(folder / "data" / "demo-inbox")
    port = free_port()
    replace = {"127.0.0.1:8786": f"127.0.0.1:{port}", "--port 8786": f"--port {port}"}
    env = environment(folder)
    started = []
    try:
        for name in ("scheduler", "worker"):
            words, _ = command_of(README_COMMANDS[name], replace)
            started.append(subprocess.Popen(words, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, start_new_session=True))
        with Client(f"tcp://127.0.0.1:{port}", timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        words, _ = command_of(README_COMMANDS["run"], replace)
        done = subprocess.run(words, cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    finally:
        for process in started:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã nạp / loaded: 14" in done.stdout
    assert (folder / "out" / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx").exists()


def test_the_threads_runner_reads_one_batch_at_a_time(tmp_path, monkeypatch):
    import threading
    import time
    from types import SimpleNamespace

    from prefect import flow

    from pipeline import stages

    running, most = [], []
    lock = threading.Lock()

    def read(paths):  # stands for stages.read, which starts a process per core for a batch this size
        with lock:
            running.append(paths)
            most.append(len(running))
        time.sleep(0.2)
        with lock:
            running.remove(paths)
        return [SimpleNamespace(workbook=SimpleNamespace(path=path)) for path in paths]

    monkeypatch.setattr(stages, "read", read)
    monkeypatch.setattr(tasks, "BATCH_SIZE", 2)

    @flow(task_runner=consolidate_period.task_runner)
    def reading(paths):
        return tasks.read(paths)

    paths = [tmp_path / f"{i}.xlsx" for i in range(6)]
    extracted = reading(paths)

    assert [item.workbook.path for item in extracted] == paths
    assert len(most) == 3 and max(most) == 1
