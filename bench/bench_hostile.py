"""Benchmark: time and memory of refusing the corpus's hostile files (tests/corpus.py).

    .venv/bin/python bench/bench_hostile.py

Each file is made, then read as a run reads it; printed: its size on disk, the reading time, the process's peak
memory so far, and the message the commune gets. Not a test: nothing here passes or fails on time.
"""

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus import CASES  # noqa: E402
from transforms.extract import read_submission  # noqa: E402

HOSTILE = ("truncated_zip", "zip_bomb", "xml_entity_expansion", "sheet_of_a_million_rows", "password_protected")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for case in (c for c in CASES if c.name in HOSTILE):
            folder = Path(tmp) / case.name
            folder.mkdir()
            path = case.make(folder)
            started = time.perf_counter()
            item = read_submission(path)
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{case.name}: {path.stat().st_size / 2**20:.1f} MB on disk, read in {seconds * 1000:.0f} ms, "
                  f"peak memory {peak:.0f} MB → {item.problems[0].message_en}")


if __name__ == "__main__":
    main()
