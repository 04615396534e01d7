"""Run the Prefect server and a worker for the deployments in prefect.yaml: what `giamngheo server` and
`giamngheo worker` do, as functions returning the commands and environments they run."""

import os
import sys
from pathlib import Path

POOL = "giamngheo"


def prefect_command(*arguments: str) -> list[str]:
    """The prefect CLI of this Python environment, whatever PATH says."""
    return [str(Path(sys.executable).parent / "prefect"), *arguments]


def server_environment(data_dir: Path, host: str = "127.0.0.1", port: int = 4200) -> dict[str, str]:
    """The server's home and database live in the project's data folder, not in ~/.prefect; its UI calls the API
    where this server is, not Prefect's default port."""
    home = Path(data_dir).resolve() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "PREFECT_HOME": str(home),
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "true",
            "PREFECT_UI_API_URL": f"http://{host}:{port}/api"}


def server_command(host: str, port: int) -> list[str]:
    return prefect_command("server", "start", "--host", host, "--port", str(port))


def worker_environment(api_url: str, project_dir: Path) -> dict[str, str]:
    return {**os.environ, "PREFECT_API_URL": api_url, "GIAMNGHEO_PROJECT_DIR": str(Path(project_dir).resolve()),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def worker_steps(pool: str = POOL) -> list[list[str]]:
    """Create (or reset to the process type) the work pool, deploy everything in prefect.yaml, start a worker."""
    return [
        prefect_command("work-pool", "create", pool, "--type", "process", "--overwrite"),
        prefect_command("--no-prompt", "deploy", "--all"),
        prefect_command("worker", "start", "--pool", pool, "--type", "process"),
    ]
