"""The Prefect server and a worker for the deployments in prefect.yaml: what ``giamngheo server`` and
``giamngheo worker`` run. Each ends by replacing itself (exec) with Prefect's own process, so a service manager's
SIGTERM or a Ctrl+C reaches Prefect directly and nothing is left holding the port."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import yaml

POOL = "giamngheo"
PROJECT_DIR_VARIABLE = "GIAMNGHEO_PROJECT_DIR"


class DeployError(RuntimeError):
    pass


def prefect_command(*arguments: str) -> list[str]:
    """The prefect CLI of this Python environment, whatever PATH says."""
    return [str(Path(sys.executable).parent / "prefect"), *arguments]


# Reports come once or twice a year: the scheduler shows every deployment's next run, not only the next 100 days'.
SCHEDULE_AHEAD = "P367D"  # ISO 8601 duration


def server_environment(data_dir: Path, host: str = "127.0.0.1", port: int = 4200) -> dict[str, str]:
    """The server's home and database live in the project's data folder, not in ~/.prefect; its UI calls the API
    where this server is, not Prefect's default port. A user's own settings win."""
    home = Path(data_dir).resolve() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    return {"PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME": SCHEDULE_AHEAD, **os.environ,
            "PREFECT_HOME": str(home),
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "true",
            "PREFECT_UI_API_URL": f"http://{host}:{port}/api"}


def exec_server(data_dir: Path, host: str, port: int) -> None:
    command = prefect_command("server", "start", "--host", host, "--port", str(port))
    sys.stdout.flush()
    os.execve(command[0], command, server_environment(data_dir, host, port))


def worker_environment(api_url: str, project_dir: Path) -> dict[str, str]:
    return {**os.environ, "PREFECT_API_URL": api_url, PROJECT_DIR_VARIABLE: str(Path(project_dir).resolve()),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def _deployment_names(project_dir: Path) -> set[str]:
    spec = yaml.safe_load((Path(project_dir) / "prefect.yaml").read_text(encoding="utf-8"))
    return {d["name"] for d in spec.get("deployments", [])}


def _working_directory(deployment) -> str | None:
    for step in deployment.pull_steps or []:
        for name, settings in step.items():
            if name.endswith("set_working_directory"):
                return settings.get("directory")
    return None


def deployed_elsewhere(api_url: str, project_dir: Path) -> list[tuple[str, str]]:
    """(deployment, folder) for each of this project's deployments that the server runs from another folder."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    ours, here = _deployment_names(project_dir), str(Path(project_dir).resolve())

    async def read():
        async with get_client() as client:
            return await client.read_deployments()

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        deployments = asyncio.run(read())
    return [(d.name, folder) for d in deployments
            if d.name in ours and (folder := _working_directory(d)) and folder != here]


def deploy(api_url: str, pool: str, project_dir: Path, take_over: bool = False) -> None:
    """Create (or reset to the process type) the work pool and deploy everything in prefect.yaml; refuse to re-point
    deployments another project folder registered on the same server, unless ``take_over``."""
    try:
        others = deployed_elsewhere(api_url, project_dir)
    except Exception as error:  # noqa: BLE001  any failure to reach the server says the same to the officer
        raise DeployError(f"không kết nối được máy chủ Prefect {api_url} ({error}); đã chạy `giamngheo server` chưa? / "
                          f"cannot reach the Prefect server at {api_url} ({error}); is `giamngheo server` running?"
                          ) from error
    if others and not take_over:
        listed = "; ".join(f"{name} → {folder}" for name, folder in others)
        raise DeployError(f"các lịch này đang chạy từ thư mục khác: {listed}. Dùng --take-over để chuyển về "
                          f"{Path(project_dir).resolve()} / these deployments run from another folder: {listed}. "
                          "Give --take-over to move them to this one")
    env = worker_environment(api_url, project_dir)
    for step in (prefect_command("work-pool", "create", pool, "--type", "process", "--overwrite"),
                 prefect_command("--no-prompt", "deploy", "--all")):
        done = subprocess.run(step, env=env, cwd=project_dir, capture_output=True, text=True)
        if done.returncode != 0:
            raise DeployError(f"lệnh thất bại / command failed: {' '.join(step)}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def exec_worker(api_url: str, pool: str, project_dir: Path) -> None:
    command = prefect_command("worker", "start", "--pool", pool, "--type", "process")
    sys.stdout.flush()
    os.chdir(project_dir)
    os.execve(command[0], command, worker_environment(api_url, project_dir))
