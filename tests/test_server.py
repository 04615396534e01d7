"""Against a real Prefect server started here on 127.0.0.1, as an officer starts it: `giamngheo server` and
`giamngheo worker` in a copy of the project folder, deploying its prefect.yaml. The server's own scheduler must
create the reporting deployments' upcoming runs and the inbox watcher's runs, and a watcher run must start a
consolidation of the files put in the inbox; SIGTERM stops everything that was started."""

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.readme import command_of, free_port, project_files

ROOT = Path(__file__).resolve().parent.parent
ICT = timezone(timedelta(hours=7))
# The README's commands this module runs as written (with this test's port): tests/test_readme.py holds the README
# to them.
README_COMMANDS = {
    "server": r"^\$ (\.venv/bin/giamngheo server)$",
    "worker": r"^\$ (\.venv/bin/giamngheo worker)$",
    # the server fixture's: the same commands for a server on another port
    "server on a port": r"^\$ (\.venv/bin/giamngheo server --port 4300)$",
    "worker on a port": r"^\$ (\.venv/bin/giamngheo worker --api-url \S+)$",
    "deployment run": r"^\$ (PREFECT_API_URL=\S+ \.venv/bin/prefect deployment run .+)$",
}


def readme_command(name: str, port: int) -> tuple[list[str], dict[str, str]]:
    return command_of(README_COMMANDS[name], {"127.0.0.1:4200": f"127.0.0.1:{port}", "127.0.0.1:4300":
                                              f"127.0.0.1:{port}", "--port 4300": f"--port {port}"})


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.read() == b"true"
    except OSError:
        return False


def _wait(predicate, seconds: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(2)
    raise AssertionError(f"timed out waiting for {what}" + (f"\n{log.read_text()[-4000:]}" if log else ""))


def copy_project(target: Path) -> Path:
    """The project's files, as a district office has them in its folder (git's files, without tests and docs)."""
    return project_files(target, leave_out=("tests/", "docs/"))


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    # the scheduler creates runs as it would, only it looks every 5 s instead of every minute
    env["PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS"] = "5"
    return env


def _api(api: str, call):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def run():
        async with get_client() as client:
            return await call(client)

    with temporary_settings(updates={PREFECT_API_URL: api}):
        return asyncio.run(run())


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_inbox):
    """`giamngheo server` and `giamngheo worker` started in a project folder whose inbox holds the demo files."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    shutil.copytree(demo_inbox, project / "inbox")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    logs = {"server": project / "server.log", "worker": project / "worker.log"}
    server_command, _ = readme_command("server on a port", port)
    processes = {
        "server": subprocess.Popen(server_command, cwd=project, env=_environment(),
                                   stdout=open(logs["server"], "w"), stderr=subprocess.STDOUT, start_new_session=True)}
    _wait(lambda: _healthy(api) or processes["server"].poll() is not None, 180, "the server", logs["server"])
    assert processes["server"].poll() is None, logs["server"].read_text()[-3000:]
    worker_command, _ = readme_command("worker on a port", port)
    processes["worker"] = subprocess.Popen(worker_command, cwd=project, env=_environment(),
                                           stdout=open(logs["worker"], "w"), stderr=subprocess.STDOUT,
                                           start_new_session=True)
    _wait(lambda: "started!" in logs["worker"].read_text() or processes["worker"].poll() is not None, 240,
          "the worker", logs["worker"])
    assert processes["worker"].poll() is None, logs["worker"].read_text()[-3000:]
    yield {"api": api, "port": port, "project": project, "processes": processes, "logs": logs}
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def _deployments(api: str) -> dict:
    async def read(client):
        return {d.name: d for d in await client.read_deployments()}

    return _api(api, read)


def _runs(api: str, deployment_id=None) -> list:
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    async def read(client):
        if deployment_id is None:
            return await client.read_flow_runs()
        return await client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])))

    return _api(api, read)


def test_the_deployments_are_listed_with_their_schedules(server):
    found = _deployments(server["api"])
    assert set(found) == {"krong-pa-annual", "krong-pa-six-month", "watch-inbox"}
    assert found["krong-pa-annual"].schedules[0].schedule.cron == "0 7 16 10 *"
    assert found["krong-pa-six-month"].schedules[0].schedule.cron == "0 7 11 6 *"
    assert found["watch-inbox"].schedules[0].schedule.interval.total_seconds() == 300
    assert found["krong-pa-annual"].work_pool_name == "giamngheo"
    assert "Krông Pa" in found["krong-pa-annual"].description
    # the worker registered them to run from its own project folder
    assert found["watch-inbox"].pull_steps[0]["prefect.deployments.steps.set_working_directory"]["directory"] == \
        str(server["project"].resolve())


def test_the_scheduler_creates_the_upcoming_runs_of_both_reporting_deployments(server):
    found = _deployments(server["api"])
    now = datetime.now(ICT)
    for name, (month, day) in (("krong-pa-annual", (10, 16)), ("krong-pa-six-month", (6, 11))):
        runs = _wait(lambda name=name: [r for r in _runs(server["api"], found[name].id) if r.auto_scheduled], 120,
                     f"the scheduler to create runs of {name}", server["logs"]["server"])
        first = min(r.expected_start_time for r in runs).astimezone(ICT)
        year = now.year if (now.month, now.day) < (month, day) else now.year + 1
        assert (first.year, first.month, first.day, first.hour) == (year, month, day, 7), name
        assert all(r.state_name == "Scheduled" for r in runs)
    assert "InvalidRequestError" not in server["logs"]["server"].read_text()


def test_a_run_triggered_with_the_readme_command_completes_with_its_artifacts(server, tmp_path):
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterKey,
        FlowRunFilter,
        FlowRunFilterParentFlowRunId,
    )

    words, variables = readme_command("deployment run", server["port"])
    env = {**os.environ, **variables}
    out = tmp_path / "out"
    # this test's own warehouse and output folder, so the watcher's consolidation below starts from nothing
    params = {"warehouse": str(tmp_path / "w.duckdb"), "out": str(out)}
    done = subprocess.run([*words, *[f"--param={k}={json.dumps(v)}" for k, v in params.items()], "--watch"],
                          cwd=server["project"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (out / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx").exists()
    [run] = [r for r in _runs(server["api"]) if r.name == "krong-pa-2020-annual"]
    assert run.state_name == "Completed" and not run.auto_scheduled

    async def artifacts(client):
        [child] = await client.read_flow_runs(flow_run_filter=FlowRunFilter(
            parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[run.id])))
        return {a.key: a for a in await client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(
            any_=["tep-2020", "tong-hop-2020", "tinh-hinh-nop-2020", "ket-qua-2020"]))) if a.flow_run_id == child.id}

    found = _api(server["api"], artifacts)
    assert set(found) == {"tep-2020", "tong-hop-2020", "tinh-hinh-nop-2020", "ket-qua-2020"}
    _the_run_graph_reads_as_the_tasks_are_named(server["api"], run.id)
    [district] = json.loads(found["tong-hop-2020"].data)
    assert (district["Hộ nghèo / poor"], district["Tỷ lệ (%) / rate"]) == ("2.342", "11,78")
    assert "tong-hop-huyen-krong-pa-2020.xlsx" in found["ket-qua-2020"].data


def _the_run_graph_reads_as_the_tasks_are_named(api: str, run_id) -> None:
    """The graph the UI draws of a run, as the server gives it: every label, a subflow's and each task run's, is
    the name the flows give it, in the ASCII letters the UI's graph font has (flows/tasks.py)."""
    from prefect import Task

    from flows import consolidate, tasks

    async def graph(client):
        nodes = []
        for flow_run in [run_id, *(r.id for r in await client.read_flow_runs() if r.parent_task_run_id)]:
            answer = await client._client.get(f"/flow_runs/{flow_run}/graph-v2")
            nodes += [node["label"] for _, node in answer.json()["nodes"]]
        return nodes

    labels = _api(api, graph)
    named = {t.name for t in vars(tasks).values() if isinstance(t, Task)}
    assert {"read workbooks", "validate", "load and model", "expectations", "publish"} <= named
    assert f"{consolidate.consolidate_period.name} / consolidate-2020" in labels
    # a task run is drawn as "<task>-<3 letters of its key>", a reading batch as "read <batch>/<batches>"
    drawn = {"read workbooks" if re.fullmatch(r"read \d+/\d+", label) else label.rsplit("-", 1)[0]
             for label in labels if " / " not in label}
    assert {"read workbooks", "validate", "load and model", "expectations"} <= drawn <= named, labels
    assert all(label.isascii() for label in labels), labels


def test_a_worker_from_another_folder_does_not_take_the_deployments_over_silently(server, tmp_path):
    other = copy_project(tmp_path / "other-district")
    worker_command, _ = readme_command("worker", server["port"])  # told where the server is by the variable
    done = subprocess.run(worker_command, cwd=other, env={**_environment(), "PREFECT_API_URL": server["api"]},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert str(server["project"].resolve()) in done.stdout and "--take-over" in done.stdout
    found = _deployments(server["api"])
    assert found["watch-inbox"].pull_steps[0]["prefect.deployments.steps.set_working_directory"]["directory"] == \
        str(server["project"].resolve())


def _every_minute_from_now(api: str, deployment) -> None:
    """The watcher's own schedule is every 5 minutes on the clock: a second one, every minute from 15 s from now,
    so that the tests wait a minute for the scheduler's next run rather than up to five. The server's scheduler
    still creates the runs, and the worker runs them, as it does those of the five-minute schedule."""
    from prefect.client.schemas.schedules import IntervalSchedule

    async def add(client):
        start = datetime.now(UTC) + timedelta(seconds=15)
        await client.create_deployment_schedules(
            deployment.id, [(IntervalSchedule(interval=timedelta(minutes=1), anchor_date=start), True)],
            max_scheduled_runs=3)

    _api(api, add)


def _watched_consolidations(api: str, since: datetime | None = None) -> list:
    """The consolidations of 2020 that a watch-inbox run the scheduler created started, completed (after
    ``since``)."""
    watcher = _deployments(api)["watch-inbox"]
    runs = _runs(api)
    watched = {r.id for r in runs if r.deployment_id == watcher.id and r.auto_scheduled and r.state_name == "Completed"}
    return [r for r in runs if r.name == "consolidate-2020" and r.state_name == "Completed"
            and r.parent_task_run_id is not None and (since is None or r.start_time > since)
            and _parent_flow_run(api, r) in watched]


def test_a_scheduled_watcher_run_consolidates_the_new_files(server):
    """The inbox holds the 14 demo files the warehouse has never seen: the next watch-inbox run the scheduler
    created starts the consolidation of their period."""
    _every_minute_from_now(server["api"], _deployments(server["api"])["watch-inbox"])
    _wait(lambda: _watched_consolidations(server["api"]), 300, "a scheduled watch-inbox run to consolidate 2020",
          server["logs"]["worker"])
    project = server["project"]
    assert (project / "out" / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx").exists()
    assert (project / "data" / "warehouse.duckdb").exists()


def _published(project: Path) -> dict[str, str]:
    from transforms.read import sha256_of

    files = [*(project / "out" / "2020").glob("*.*"), *(project / "out" / "parquet").glob("*/period=2020/*"),
             project / "data" / "warehouse.duckdb"]
    return {str(path.relative_to(project)): sha256_of(path) for path in files}


def test_a_watcher_run_after_the_lock_changes_nothing_published(server):
    """Locked once sent (issue 24), the period keeps its workbook, Parquet and analysts' warehouse byte for byte
    when a corrected file arrives and the watcher's next run reads it: it is kept as received after the lock."""
    from tests.test_versions import _corrected_file

    project = server["project"]
    locked = subprocess.run([str(ROOT / ".venv" / "bin" / "giamngheo"), "lock", "--period", "2020", "--reason",
                             "đã gửi tỉnh, số 123/BC-UBND"], cwd=project, env=_environment(), capture_output=True,
                            text=True, timeout=120)
    assert locked.returncode == 0, locked.stdout + locked.stderr
    sent = _published(project)
    dropped = datetime.now(UTC)
    _corrected_file(project / "inbox")
    [late] = _wait(lambda: _watched_consolidations(server["api"], since=dropped), 300,
                   "the watcher's run after the corrected file", server["logs"]["worker"])
    assert _published(project) == sent

    async def said(client):
        from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

        return [a for a in await client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(
            any_=["tep-2020"]))) if a.flow_run_id == late.id]

    [files] = _api(server["api"], said)
    assert "24085-chu-gu-sua.xlsx" in files.data


def _parent_flow_run(api: str, run):
    async def read(client):
        return (await client.read_task_run(run.parent_task_run_id)).flow_run_id

    return _api(api, read)


def test_sigterm_stops_the_server_and_the_worker_and_frees_the_port(server):
    for name in ("worker", "server"):  # as a service manager stops them
        process = server["processes"][name]
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=90)
    time.sleep(1)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", server["port"])) != 0
    left = subprocess.run(["pgrep", "-f", "--", f"--port {server['port']}"], capture_output=True, text=True).stdout
    assert left.strip() == ""
