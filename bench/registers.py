"""Benchmark: household registers at national scale, and reading register workbooks against the floor.

    .venv/bin/python bench/registers.py                  # 27 million households, and 100 register workbooks
    .venv/bin/python bench/registers.py --households 1000000 --workbooks 20

1. A synthetic national register (about 2,690 households for each of the 10,040 legacy units: 27 million) is
   generated straight to Parquet, pseudonymous keys and all, by DuckDB.
2. In a process of its own, timed with its peak memory: a warehouse is given those households (as ten thousand
   loaded registers of 2020) and the project's models are built, the register models among them: every household
   classified by the 2016–2020 standard (int_household_classes) and counted by commune, district and province with
   their ethnic-minority households (register_by_*), their deprivations and their warnings.
3. N register workbooks (real .xlsx files of 2,690 households each) are read by the floor (bench/floor.py) and by
   giamngheo's reader, each a process: the ratio is the reader's time to the floor's.
Not a test: nothing here passes or fails on time. Results are printed and written to bench/results/.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from bench import timed  # noqa: E402  (bench/bench.py, beside this file)
from vocabulary import units  # noqa: E402

PYTHON = sys.executable
PER_COMMUNE = 2_690
INDICATORS = ("adult_education", "child_schooling", "health_service_access", "health_insurance", "housing_quality",
              "housing_area", "domestic_water", "sanitation", "telecom_use", "information_assets")


def generate(parquet: Path, households: int) -> float:
    """Write ``households`` synthetic households over the legacy units to ``parquet``; return the seconds it took."""
    communes = units.legacy_communes().select("commune_code")
    started = time.perf_counter()
    with duckdb.connect() as con:
        con.register("communes", communes.to_arrow())
        per = max(1, households // communes.height)
        deprived = ", ".join(f"case when random() < 0.25 then '{code}' end" for code in INDICATORS)
        con.execute(f"""
            copy (
                with drawn as (
                    select
                        c.commune_code,
                        n,
                        (300000 + floor(random() * 2500000))::bigint as income_vnd,
                        list_filter([{deprived}], lambda x: x is not null) as deprived_indicators
                    from communes c, range({per}) t(n)
                )
                select
                    'register-' || commune_code as file_id,
                    'Danh sách hộ' as sheet,
                    (n + 5)::integer as "row",
                    sha256(commune_code || '-' || n::varchar)[:32] as household_key,
                    'Thôn ' || (n % 12 + 1)::varchar as village,
                    (n + 1)::integer as household_number,
                    (1 + floor(random() * 7))::integer as members,
                    random() < 0.4 as is_ethnic_minority,
                    income_vnd,
                    deprived_indicators,
                    -- as a commune decides by the rural lines of 2016-2020: a ward's or town's households between
                    -- the two sets of lines then disagree with the standard, as some real ones do
                    case when income_vnd <= 700000 then 'poor'
                         when income_vnd <= 1000000 and len(deprived_indicators) >= 3 then 'poor'
                         when income_vnd <= 1000000 then 'near_poor'
                         else 'none' end as decided_class,
                    random() < 0.02 as is_meritorious,
                    random() < 0.05 as is_social_protection,
                    'S' || (n + 5)::varchar as decided_class_cell,
                    now()::timestamp as loaded_at
                from drawn
            ) to '{parquet}' (format parquet)""")
    return round(time.perf_counter() - started, 1)


CLASSIFY = """
import sys, time
sys.path.insert(0, {root!r})
from datetime import datetime
from warehouse.connection import connect
from warehouse.gazetteer import ensure_gazetteer
from warehouse.models import build_models

con = connect({database!r})
con.execute("set memory_limit = '3GB'")
ensure_gazetteer(con)
now = datetime.now()
con.execute("insert into raw.due_dates values ('2020', date '2020-10-15')")
con.execute('''insert into raw.workbooks (file_id, size_bytes, kind, first_seen_at, received_at, first_run_id)
               select distinct file_id, 0, 'register', ?, ?, 'bench' from read_parquet({parquet!r})''', [now, now])
con.execute('''insert into raw.submissions (period, source_path, file_id, file_name, resolved_commune_code,
                   resolved_structure, status, present, first_run_id, last_run_id, last_seen_at)
               select '2020', file_id || '.xlsx', file_id, file_id || '.xlsx', substr(file_id, 10), 'legacy',
                      'loaded', true, 'bench', 'bench', ? from raw.workbooks''', [now])
started = time.perf_counter()
con.execute("insert into raw.households by name select * from read_parquet({parquet!r})")
loaded = time.perf_counter() - started
build_models(con)
built = time.perf_counter() - started - loaded
[(households, poor, communes)] = con.execute('''select sum(total_households), sum(computed_poor_households),
                                                       sum(communes) from marts.register_by_province''').fetchall()
print(f"{{loaded:.1f}} {{built:.1f}} {{households}} {{poor}} {{communes}}")
"""


def classify(folder: Path, parquet: Path) -> dict:
    script = folder / "classify.py"
    script.write_text(CLASSIFY.format(root=str(ROOT), database=str(folder / "w.duckdb"), parquet=str(parquet)))
    result = timed([PYTHON, str(script)], folder)
    loaded, built, households, poor, communes = result["stdout"].split()
    return {**result, "load_seconds": float(loaded), "models_seconds": float(built), "households": int(households),
            "computed_poor": int(poor), "communes": int(communes)}


READ = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from transforms.extract import read_submission
read = [read_submission(p) for p in sorted(Path({inbox!r}).glob("*.xlsx"))]
print(sum(len(r.households) for r in read), sum(len(r.problems) for r in read))
"""


def reading(folder: Path, count: int) -> dict:
    from giamngheo.demo import FAMILY, GIVEN, MIDDLE
    from publish.register_template import Register, write_register
    from publish.template import CommuneInfo

    inbox = folder / "registers"
    rng = random.Random(1)
    started = time.perf_counter()
    for unit in units.legacy_communes().sort("commune_code").head(count).rows(named=True):
        households = [{"village": f"Thôn {n % 12 + 1}", "household_number": n + 1,
                       "head_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                       "id_number": f"{rng.randrange(10**12):012d}", "members": rng.randint(1, 7),
                       "ethnic_minority": int(rng.random() < 0.4), "income_vnd": rng.randrange(300_000, 2_800_000),
                       **{code: int(rng.random() < 0.25) for code in INDICATORS}, "decided_class": "Không"}
                      for n in range(PER_COMMUNE)]
        write_register(inbox / f"{unit['commune_code']}.xlsx",
                       Register(CommuneInfo.of(unit), "2020", households=households))
    written = round(time.perf_counter() - started, 1)
    floor = timed([PYTHON, str(ROOT / "bench" / "floor.py"), str(inbox), str(folder / "floor.duckdb")], folder)
    script = folder / "read.py"
    script.write_text(READ.format(root=str(ROOT), inbox=str(inbox)))
    reader = timed([PYTHON, str(script)], folder, env={"GIAMNGHEO_PII_KEY": "bench-key-not-a-secret-0123"})
    households, problems = map(int, reader["stdout"].split())
    return {"workbooks": count, "generate_seconds": written, "floor": floor, "reader": reader,
            "households_read": households, "problems": problems,
            "reader_over_floor": round(reader["seconds"] / floor["seconds"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=PER_COMMUNE * 10_040)
    parser.add_argument("--workbooks", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parquet = folder / "households.parquet"
        result = {"generate_seconds": generate(parquet, args.households)}
        result["classify"] = classify(folder, parquet)
        result["reading"] = reading(folder, args.workbooks)
    c, r = result["classify"], result["reading"]
    print("| households | generate to Parquet | load + classify + aggregate (process) | of which models | peak memory |")
    print("|---|---|---|---|---|")
    print(f"| {c['households']:,} | {result['generate_seconds']} s | {c['seconds']} s | {c['models_seconds']} s | "
          f"{c['peak_mb']} MB |")
    print(f"\nreading {r['workbooks']} register workbooks ({r['households_read']:,} households): floor "
          f"{r['floor']['seconds']} s, giamngheo's reader {r['reader']['seconds']} s = {r['reader_over_floor']}× the floor")
    target = ROOT / "bench" / "results" / f"registers-{datetime.now():%Y%m%dT%H%M%S}.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(result, indent=2, default=str))
    print(f"written {target}")


if __name__ == "__main__":
    main()
