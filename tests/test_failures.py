"""Failures look like failures: a run that cannot publish says so in one message (one JSON object with --json) and
names a log file with the details; no traceback reaches the user; the next run publishes what was loaded."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

GIAMNGHEO = str(Path(sys.executable).parent / "giamngheo")


def giamngheo(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([GIAMNGHEO, *arguments], cwd=folder, capture_output=True, text=True, timeout=300)


def test_a_publication_that_cannot_be_written_is_one_message_and_the_next_run_publishes(demo_inbox, tmp_path):
    shutil.copytree(demo_inbox, tmp_path / "inbox")
    (tmp_path / "blocker").write_text("a file where the output folder should be")
    run = ["run", "--period", "2020", "--inbox", "inbox", "--warehouse", "data/warehouse.duckdb", "--json"]
    failed = giamngheo(tmp_path, *run, "--out", "blocker/out")
    assert failed.returncode == 5
    [line] = failed.stdout.splitlines()
    said = json.loads(line)
    assert said["exit_code"] == 5 and "NotADirectoryError" in said["error"] and "blocker/out" in said["error"]
    assert "Traceback" not in failed.stderr and "Traceback" not in failed.stdout
    log = Path(tmp_path / said["error"].rsplit("details: ", 1)[1])
    assert "Traceback" in log.read_text(encoding="utf-8") and log.parent == tmp_path / "data" / "logs"
    published = giamngheo(tmp_path, *run, "--out", "out")
    assert published.returncode == 0, published.stdout + published.stderr
    summary = json.loads(published.stdout)
    assert summary["outputs"]["workbooks"] and summary["counts"]["loaded"] == 14
    assert (tmp_path / "out" / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx").exists()


def test_every_failure_of_a_run_with_json_is_one_json_object(tmp_path):
    (tmp_path / "empty").mkdir()
    for arguments, status in ((["--period", "2020", "--inbox", "missing"], 2),
                              (["--period", "2020", "--inbox", "empty"], 3),
                              (["--period", "20", "--inbox", "empty"], 2),
                              (["--inbox", "empty"], 2),  # --period left out: the command line's own error
                              (["--period", "2020", "--inbox", ".", "--out", "out"], 2)):  # its own outputs
        done = giamngheo(tmp_path, "run", *arguments, "--json")
        assert done.returncode == status, (arguments, done.stdout, done.stderr)
        [line] = done.stdout.splitlines()
        assert json.loads(line)["exit_code"] == status and json.loads(line)["error"]
        assert "Traceback" not in done.stderr


def test_a_failed_run_as_a_prefect_flow_prints_no_traceback_either(demo_inbox, tmp_path):
    """Prefect logs the flow's exception with its traceback; on the terminal, the line is enough (the traceback
    is in the log file giamngheo names, and in the Prefect UI)."""
    shutil.copytree(demo_inbox, tmp_path / "inbox")
    (tmp_path / "blocker").write_text("a file where the output folder should be")
    failed = giamngheo(tmp_path, "run", "--period", "2020", "--inbox", "inbox", "--warehouse", "data/w.duckdb",
                       "--out", "blocker/out", "--json", "--task-runner", "threads")
    assert failed.returncode == 5 and json.loads(failed.stdout)["exit_code"] == 5
    assert "Traceback" not in failed.stderr and "NotADirectoryError" in failed.stderr
