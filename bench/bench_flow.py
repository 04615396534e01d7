"""Benchmark: generate N commune workbooks and time consolidate_period on them.

    .venv/bin/python bench/bench_flow.py --communes 14 --communes 1000

Each N gets a fresh inbox, warehouse and output folder under a temporary directory.
Figures are printed and written to bench/results/<date>.json. Not a test: nothing here
passes or fails on time.
"""

import argparse
import json
import random
import tempfile
import time
from datetime import datetime
from pathlib import Path

from giamngheo.demo import synthetic_submission
from publish.template import write_submission
from vocabulary import units

PERIOD = "2020"


def generate(inbox: Path, count: int, seed: int = 2020) -> float:
    rng = random.Random(seed)
    communes = units.legacy_communes().sort("commune_code").head(count).rows(named=True)
    started = time.perf_counter()
    for unit in communes:
        write_submission(inbox / f"{unit['commune_code']}.xlsx", synthetic_submission(unit, PERIOD, rng))
    return time.perf_counter() - started


def bench(count: int, root: Path) -> dict:
    from flows.consolidate import consolidate_period

    inbox, out = root / f"inbox-{count}", root / f"out-{count}"
    inbox.mkdir(parents=True)
    generated = generate(inbox, count)
    started = time.perf_counter()
    summary = consolidate_period(period=PERIOD, inbox=str(inbox), warehouse=str(root / f"w-{count}.duckdb"), out=str(out))
    seconds = time.perf_counter() - started
    return {
        "communes": count, "generate_seconds": round(generated, 2), "flow_seconds": round(seconds, 2),
        "ms_per_workbook": round(1000 * seconds / count, 1),
        "loaded": len(summary["loaded"]), "quarantined": len(summary["quarantined"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, action="append", help="how many workbooks (repeatable)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        # A first tiny run starts Prefect's temporary server, so its start-up is not counted in any N.
        results_warmup = bench(1, Path(tmp) / "warmup")
        for count in args.communes or [14, 1000]:
            result = bench(count, Path(tmp) / str(count))
            results.append(result)
            print(json.dumps(result))
    target = Path(__file__).parent / "results" / f"{datetime.now():%Y%m%dT%H%M%S}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps({"warmup": results_warmup, "results": results}, indent=2))
    print(f"written {target}")


if __name__ == "__main__":
    main()
