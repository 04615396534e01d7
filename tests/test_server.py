"""Against a real Prefect server started here on 127.0.0.1: `giamngheo server`, `giamngheo worker` (deploying
prefect.yaml), a triggered run of the Krông Pa demo, its final state and artifacts read over the API."""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIAMNGHEO = str(Path(sys.executable).parent / "giamngheo")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.read() == b"true"
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`giamngheo server` and `giamngheo worker`, as an officer starts them; stopped at the end."""
    root = tmp_path_factory.mktemp("server")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    processes = []

    def start(arguments, log):
        processes.append(subprocess.Popen([GIAMNGHEO, *arguments], cwd=ROOT, env=env, stdout=open(log, "w"),
                                          stderr=subprocess.STDOUT, start_new_session=True))

    start(["server", "--port", str(port), "--data", str(root / "data")], root / "server.log")
    deadline = time.monotonic() + 180
    while not _healthy(api):
        assert time.monotonic() < deadline, (root / "server.log").read_text()[-3000:]
        time.sleep(1)
    start(["worker", "--api-url", api], root / "worker.log")
    deadline = time.monotonic() + 240
    while "started!" not in (root / "worker.log").read_text():
        assert time.monotonic() < deadline and processes[-1].poll() is None, (root / "worker.log").read_text()[-3000:]
        time.sleep(1)
    from prefect.settings import PREFECT_API_URL, temporary_settings

    try:
        # not os.environ: Prefect fixes its settings when first imported, possibly by an earlier test module
        with temporary_settings(updates={PREFECT_API_URL: api}):
            yield api, root
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def test_the_deployments_are_listed_with_their_schedules(server):
    from prefect.client.orchestration import get_client

    async def deployments():
        async with get_client() as client:
            return {d.name: d for d in await client.read_deployments()}

    found = asyncio.run(deployments())
    assert set(found) == {"krong-pa-annual", "krong-pa-six-month", "watch-inbox"}
    assert found["krong-pa-annual"].schedules[0].schedule.cron == "0 7 16 10 *"
    assert found["krong-pa-six-month"].schedules[0].schedule.cron == "0 7 11 6 *"
    assert found["watch-inbox"].schedules[0].schedule.interval.total_seconds() == 300
    assert found["krong-pa-annual"].work_pool_name == "giamngheo"
    assert "Krông Pa" in found["krong-pa-annual"].description


def test_a_triggered_demo_run_completes_with_its_artifacts(server, demo_inbox, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, FlowRunFilterParentFlowRunId
    from prefect.deployments import run_deployment

    out = tmp_path / "out"
    run = run_deployment("district-consolidation/krong-pa-annual", timeout=300, parameters={
        "period": "2020", "inbox": str(demo_inbox), "warehouse": str(tmp_path / "w.duckdb"), "out": str(out)})
    assert run.state.is_completed(), run.state
    assert run.name == "krong-pa-2020-annual"
    assert (out / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx").exists()

    async def artifacts():
        async with get_client() as client:
            [child] = await client.read_flow_runs(flow_run_filter=FlowRunFilter(
                parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[run.id])))
            return child, {a.key: a for a in await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(
                    any_=["tep-2020", "tong-hop-2020", "tinh-hinh-nop-2020", "ket-qua-2020"])))
                if a.flow_run_id == child.id}

    child, found = asyncio.run(artifacts())
    assert child.state.is_completed()
    assert set(found) == {"tep-2020", "tong-hop-2020", "tinh-hinh-nop-2020", "ket-qua-2020"}
    [district] = json.loads(found["tong-hop-2020"].data)
    assert (district["Hộ nghèo / poor"], district["Tỷ lệ (%) / rate"]) == ("2.342", "11,78")
    assert len(json.loads(found["tep-2020"].data)) == 14
    assert "tong-hop-huyen-krong-pa-2020.xlsx" in found["ket-qua-2020"].data
