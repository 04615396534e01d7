"""Benchmark: `giamngheo run` against the floor and a pandas script, whole processes, one after another.

    .venv/bin/python bench/bench.py                       # 14 and 1,000 communes
    .venv/bin/python bench/bench.py --national            # and all 10,040 legacy units

For each size: N synthetic commune workbooks (one per official unit, real .xlsx files) are written to a fresh
inbox; then timed, each as its own process: the floor (bench/floor.py: calamine reads every sheet, one DuckDB
insert), a pandas + openpyxl script reading every sheet (bench/pandas_script.py; at 10,040 it is timed on 1,000
files and scaled, saying so), a full `giamngheo run`, the same run after one commune sends a corrected file, and
the same run again with nothing new. Printed as a table with peak memory (maximum resident set of the process), and
written to bench/results/<time>.json. Not a test: nothing here passes or fails on time.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from giamngheo.demo import synthetic_submission  # noqa: E402
from publish.template import write_submission  # noqa: E402
from vocabulary import units  # noqa: E402

PYTHON = str(Path(sys.executable))
GIAMNGHEO = str(Path(sys.executable).parent / "giamngheo")
NATIONAL = 10_040
SCRIPT_SAMPLE = 1_000


def generate(inbox: Path, count: int, seed: int = 2020) -> list[dict]:
    rng = random.Random(seed)
    communes = units.legacy_communes().sort("commune_code").head(count).rows(named=True)
    for unit in communes:
        write_submission(inbox / f"{unit['commune_code']}.xlsx", synthetic_submission(unit, "2020", rng))
    return communes


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict:
    """Seconds and peak memory (maximum resident set, MB, as GNU time measures it) of one process, which must
    succeed; ``env``: variables to set for it."""
    with tempfile.NamedTemporaryFile("r") as memory:
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", memory.name, *command], cwd=cwd,
                              capture_output=True, text=True, env={**os.environ, **(env or {})})
        seconds = time.perf_counter() - started
        peak_kb = int(memory.read().split()[-1])
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return {"seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024), "stdout": done.stdout}


RUN = [GIAMNGHEO, "run", "--period", "2020", "--inbox", "inbox", "--warehouse", "data/warehouse.duckdb", "--out", "out",
       "--received-on", "2020-10-01", "--json"]


def timed_run(folder: Path, read: int, nothing_new: bool = False) -> dict:
    """A timed ``giamngheo run``, which must have read ``read`` files (and found nothing new, when said): a run that
    read everything again would time the wrong thing."""
    result = timed(RUN, folder)
    summary = json.loads(result["stdout"].splitlines()[-1])
    if (summary["read"], summary["nothing_new"]) != (read, nothing_new):
        raise RuntimeError(f"the run read {summary['read']} files (nothing new: {summary['nothing_new']}), "
                           f"not {read} ({nothing_new})")
    return {**result, "stdout": f"read {summary['read']}, nothing new: {summary['nothing_new']}"}


def bench(count: int, root: Path) -> dict:
    folder = root / str(count)
    inbox = folder / "inbox"
    inbox.mkdir(parents=True)
    started = time.perf_counter()
    communes = generate(inbox, count)
    result = {"communes": count, "generate_seconds": round(time.perf_counter() - started, 1)}
    result["floor"] = timed([PYTHON, str(ROOT / "bench" / "floor.py"), "inbox", "floor.duckdb"], folder)
    if count > SCRIPT_SAMPLE:
        sample = folder / "sample"
        sample.mkdir()
        for path in sorted(inbox.iterdir())[:SCRIPT_SAMPLE]:
            shutil.copy(path, sample / path.name)
        script = timed([PYTHON, str(ROOT / "bench" / "pandas_script.py"), "sample"], folder)
        script.update(seconds=round(script["seconds"] * count / SCRIPT_SAMPLE, 1), scaled_from=SCRIPT_SAMPLE)
    else:
        script = timed([PYTHON, str(ROOT / "bench" / "pandas_script.py"), "inbox"], folder)
    result["script"] = script
    result["full_run"] = timed_run(folder, count)
    corrected = synthetic_submission(communes[0], "2020", random.Random(7))
    write_submission(inbox / f"{communes[0]['commune_code']}.xlsx", corrected)
    result["one_corrected_file"] = timed_run(folder, 1)
    result["nothing_new"] = timed_run(folder, 0, nothing_new=True)
    return result


def table(results: list[dict]) -> str:
    lines = ["| communes | floor | pandas script (reading) | giamngheo run | run / floor | run / script | "
             "one corrected file | nothing new | peak memory of the run |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        floor, script, run = r["floor"]["seconds"], r["script"]["seconds"], r["full_run"]["seconds"]
        scaled = f" (scaled from {r['script']['scaled_from']:,})" if r["script"].get("scaled_from") else ""
        lines.append(f"| {r['communes']:,} | {floor} s | {script} s{scaled} | {run} s | {run / floor:.1f}× | "
                     f"{run / script:.2f}× | {r['one_corrected_file']['seconds']} s | {r['nothing_new']['seconds']} s | "
                     f"{r['full_run']['peak_mb']} MB |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, action="append", help="sizes to run (default 14 and 1,000)")
    parser.add_argument("--national", action="store_true", help=f"also all {NATIONAL:,} legacy units")
    args = parser.parse_args()
    sizes = (args.communes or [14, 1000]) + ([NATIONAL] if args.national else [])
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            results.append(bench(count, Path(tmp)))
            print(json.dumps({k: v for k, v in results[-1].items()}, default=str), flush=True)
    print(table(results))
    target = ROOT / "bench" / "results" / f"{datetime.now():%Y%m%dT%H%M%S}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=2))
    print(f"written {target}")


if __name__ == "__main__":
    main()
