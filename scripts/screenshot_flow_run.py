"""Capture the Prefect UI's page of a flow run as a PNG, with headless Chromium (Debian's `chromium`).

    .venv/bin/python scripts/screenshot_flow_run.py --api http://127.0.0.1:4200/api [--run ID] [-o docs/flow-run.png]

Without --run, the latest run of the deployment `district-consolidation/krong-pa-annual` is shown.
"""

import argparse
import asyncio
import shutil
import subprocess
import tempfile
from pathlib import Path

# No background networking: this machine has none, and Chromium's attempts only slow the capture down.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1600,1100", "--virtual-time-budget=20000"]


async def latest_run(api: str) -> str:
    import os

    os.environ["PREFECT_API_URL"] = api
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import FlowRunSort

    async with get_client() as client:
        deployment = await client.read_deployment_by_name("district-consolidation/krong-pa-annual")
        from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

        [run] = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
            sort=FlowRunSort.START_TIME_DESC, limit=1)
        return str(run.id)


def capture(url: str, output: Path) -> Path:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium is not installed: apt-get install -y --no-install-recommends chromium")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={output.resolve()}",
                        url], check=True, timeout=120, capture_output=True)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", default="http://127.0.0.1:4200/api")
    parser.add_argument("--run", help="flow run id (default: the latest krong-pa-annual run)")
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/flow-run.png"))
    args = parser.parse_args()
    run = args.run or asyncio.run(latest_run(args.api))
    ui = args.api.removesuffix("/api")
    print(capture(f"{ui}/runs/flow-run/{run}", args.output))


if __name__ == "__main__":
    main()
