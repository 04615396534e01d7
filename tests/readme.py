"""The README's console examples as a test runs them: each ```console block's `$ ` commands, run in order in a
fresh copy of the project, their output compared with what the README shows (run ids and the like set aside).

A command expected to fail shows its exit status as the last line of its output: "(exit 3)". A block may say, in
an HTML comment just above it, how it is checked instead:
    <!-- test: exit-only -->              run, and each command must succeed; its output is not compared
    <!-- test: in tests/test_server.py -->  long-running commands, run (as written) by that test module
    <!-- test: ci -->                     `make test` itself, which .ci/run runs

    .venv/bin/python -m tests.readme --write   # rewrites the README's outputs from a run, for a person to review
"""

import argparse
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"(?:<!-- test: (?P<mode>[^>]*?) -->\n)?```console\n(?P<body>.*?)```", re.S)
VARYING = (  # what differs from one run to the next, and how the README writes it
    (re.compile(r"\b\d{4}(?:-H1)?-\d{8}T\d{6}-[0-9a-f]{6}\b"), "<run>"),
    (re.compile(r"\b\d{2}:\d{2}:\d{2}\.\d+\b"), "<time>"),
)


EXIT = re.compile(r"^\(exit (\d+)\)$")


@dataclass
class Command:
    line: str  # as written after "$ ", continuation lines joined
    shown: str  # the output the README shows, and last "(exit N)" when the command exits with N

    @property
    def status(self) -> int:
        last = self.shown.rstrip().splitlines()[-1:] or [""]
        match = EXIT.match(last[0])
        return int(match[1]) if match else 0

    @property
    def output(self) -> str:
        return "\n".join(line for line in self.shown.splitlines() if not EXIT.match(line))


@dataclass
class Block:
    mode: str
    commands: list[Command] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)


def blocks(text: str) -> list[Block]:
    found = []
    for match in BLOCK.finditer(text):
        block = Block(match["mode"] or "run", span=match.span("body"))
        for line in match["body"].splitlines():
            if line.startswith("$ "):
                block.commands.append(Command(line[2:], ""))
            elif block.commands and block.commands[-1].line.endswith("\\"):
                block.commands[-1].line += "\n" + line
            elif block.commands:
                block.commands[-1].shown += line + "\n"
        found.append(block)
    return found


def normalized(text: str) -> str:
    for pattern, placeholder in VARYING:
        text = pattern.sub(placeholder, text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def project_files(target: Path, leave_out: tuple[str, ...] = ()) -> Path:
    """The project's own files, as a clone of this working tree would have them (git's, with those added and without
    those deleted since the last commit, times kept so make sees its set-up done), but for the folders
    ``leave_out``."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in listed:
        if name and not name.startswith(leave_out) and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def sandbox(target: Path) -> Path:
    """The project's own files beside this .venv."""
    project_files(target)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


# A reader types the commands in a plain shell: no Prefect settings, and no make variables from a `make test`
# that runs this suite (a nested make prints "Entering directory" lines a reader never sees).
OUTSIDE = ("PREFECT_", "COLUMNS", "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")


def command_of(pattern: str, replacements: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The README's one command line that ``pattern`` matches (its first group), with ``replacements`` made (a test's
    own port for the README's): its words, the program taken from this .venv, and the variables it sets."""
    [line] = re.findall(pattern, README.read_text(encoding="utf-8"), re.M)
    for shown, used in replacements.items():
        line = line.replace(shown, used)
    words = shlex.split(line)
    variables = dict(w.split("=", 1) for w in words if re.match(r"^[A-Z_]+=", w))
    words = [w for w in words if not re.match(r"^[A-Z_]+=", w)]
    return [str(Path(sys.executable).parent / Path(words[0]).name), *words[1:]], variables


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(folder: Path) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith(OUTSIDE)},
            "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1", "PREFECT_HOME": str(folder / ".prefect")}


def run(command: Command, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command.line], cwd=folder, env=environment(folder), capture_output=True,
                          text=True, timeout=900)


def main() -> None:
    parser = argparse.ArgumentParser(description="Rewrite the README's example outputs from a fresh run.")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    import tempfile

    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = sandbox(Path(tmp))
        replacements = []
        for block in blocks(text):
            if block.mode != "run":
                continue
            body = ""
            for command in block.commands:
                done = run(command, folder)
                shown = done.stdout + (f"(exit {done.returncode})\n" if done.returncode else "")
                print(f"$ {command.line}\n{shown}", end="", file=sys.stderr)
                body += f"$ {command.line}\n{shown}"
            replacements.append((block.span, body))
    if args.write:
        for (start, end), body in reversed(replacements):
            text = text[:start] + body + text[end:]
        README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
