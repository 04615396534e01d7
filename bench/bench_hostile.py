"""Benchmark: time and memory of refusing the corpus's hostile files (tests/corpus.py).

    .venv/bin/python bench/bench_hostile.py

Each file is made, then read and validated as a run does; printed: its size on disk, the time to read it, the time
to validate it, the process's peak memory so far, how many problems were reported, and the first message the
commune gets. Not a test: nothing here passes or fails on time.
"""

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checks.validate import validate  # noqa: E402
from tests.corpus import CASES  # noqa: E402
from transforms.extract import read_submission  # noqa: E402
from transforms.frames import cells_frame, submissions_frame  # noqa: E402

HOSTILE = ("truncated_zip", "zip_bomb", "xml_entity_expansion", "sheet_of_a_million_rows", "password_protected",
           "sparse_sheets_declaring_millions_of_cells", "tens_of_thousands_of_broken_cells", "a_quadrillion_households")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for case in (c for c in CASES if c.name in HOSTILE):
            folder = Path(tmp) / case.name
            folder.mkdir()
            path = case.make(folder)
            started = time.perf_counter()
            item = read_submission(path)
            read = time.perf_counter() - started
            started = time.perf_counter()
            errors = validate([item], submissions_frame([item], "2020"), cells_frame([item]), "2020")
            checked = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{case.name}: {path.stat().st_size / 2**20:.2f} MB on disk, read in {read * 1000:.0f} ms, "
                  f"validated in {checked * 1000:.0f} ms, peak memory {peak:.0f} MB, {errors.height} problems "
                  f"listed → {errors['message_en'][0]}")


if __name__ == "__main__":
    main()
