"""The README is executable truth: every console example runs as written, and shows what it prints."""

import importlib
import re

import pytest

from tests.readme import README, ROOT, blocks, normalized, run, sandbox

BLOCKS = blocks(README.read_text(encoding="utf-8"))
RUN_BY = re.compile(r"^in tests/(test_\w+)\.py$")
COMMANDS = [(n, block, command) for n, block in enumerate(BLOCKS) for command in block.commands]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """One fresh copy of the project for the whole README, whose examples build on each other in order."""
    return sandbox(tmp_path_factory.mktemp("readme"))


def test_the_readme_has_examples_and_says_how_each_is_checked():
    assert len(COMMANDS) >= 15
    for block in BLOCKS:
        assert block.mode in ("run", "exit-only", "ci") or RUN_BY.match(block.mode), block.mode


@pytest.mark.parametrize("index, block, command", COMMANDS, ids=[c.line.split("\n")[0][:60] for _, _, c in COMMANDS])
def test_each_example(index, block, command, folder):
    if block.mode == "ci":
        assert f"{command.line}" in (ROOT / ".ci" / "run").read_text()
        return
    if by := RUN_BY.match(block.mode):  # that test module runs these lines of the README as written
        README_COMMANDS = importlib.import_module(f"tests.{by[1]}").README_COMMANDS
        assert any(re.match(pattern, f"$ {command.line}") for pattern in README_COMMANDS.values()), command.line
        return
    done = run(command, folder)
    assert done.returncode == command.status, f"{command.line}\n{done.stdout}\n{done.stderr}"
    if block.mode == "run":
        assert normalized(done.stdout) == normalized(command.output)

