"""Reading a run's files: a file the file system fails on is tried again, then set aside; never the run's end."""

import errno
from pathlib import Path

from pipeline import stages
from transforms.inbox import SetAside


def _failing(times: int, error: OSError):
    calls = []

    def read(path):
        calls.append(path)
        if len(calls) <= times:
            raise error
        return f"read {Path(path).name}"

    return read, calls


def test_a_file_system_error_that_passes_is_tried_again(monkeypatch, tmp_path):
    read, calls = _failing(2, OSError(errno.EIO, "Input/output error"))
    monkeypatch.setattr(stages, "read_submission", read)
    monkeypatch.setattr(stages, "RETRY_SECONDS", (0, 0, 0))
    assert stages.read_one(tmp_path / "a.xlsx") == "read a.xlsx" and len(calls) == 3


def test_a_file_system_error_that_stays_sets_the_file_aside(monkeypatch, tmp_path):
    read, calls = _failing(10, OSError(errno.EIO, "Input/output error"))
    monkeypatch.setattr(stages, "read_submission", read)
    monkeypatch.setattr(stages, "RETRY_SECONDS", (0, 0, 0))
    assert stages.read_one(tmp_path / "a.xlsx") == SetAside(tmp_path / "a.xlsx", "unreadable_file")
    assert len(calls) == 4  # the first try and three more


def test_a_file_gone_or_forbidden_is_set_aside_at_once(monkeypatch, tmp_path):
    for error, rule in ((FileNotFoundError(errno.ENOENT, "gone"), "vanished"),
                        (PermissionError(errno.EACCES, "denied"), "unreadable_file")):
        read, calls = _failing(1, error)
        monkeypatch.setattr(stages, "read_submission", read)
        assert stages.read_one(tmp_path / "a.xlsx") == SetAside(tmp_path / "a.xlsx", rule) and len(calls) == 1


def test_a_file_deleted_after_the_scan_is_set_aside_and_the_others_load(demo_inbox, tmp_path, monkeypatch):
    """The red team's case: a file deleted between the inbox scan and its reading stopped the whole run."""
    import shutil

    from tests.conftest import run_library

    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    doomed = sorted(inbox.iterdir())[0]
    real = stages.read_submission

    def read(path):  # the commune's officer moves the file away while the run reads the others
        doomed.unlink(missing_ok=True)
        return real(path)

    monkeypatch.setattr(stages, "read_submission", read)
    summary = run_library(inbox, tmp_path / "w.duckdb")
    assert summary["counts"]["loaded"] == 13 and summary["counts"]["set_aside"] == 1
    [gone] = summary["set_aside"]
    assert gone["file"] == doomed.name and gone["rule"] == "vanished" and "deleted or moved" in gone["message_en"]
    assert summary["outputs"]["workbooks"]
