"""Property-based: valid demo workbooks, mutated at random (cell values, sheet order and visibility, commune and
village names, codes, file names), run through read → validate → load → models. Whatever the mutation:

1. every file of the inbox gets exactly one outcome, by its path, and the counts add up to the files;
2. a commune's figures in the marts are those of a visible table of a file that loaded;
3. a file loads under a commune only when its code and its name both name that commune.

The suite tries a few examples (FUZZ_EXAMPLES, default 6); `make fuzz` tries many more.
"""

import os
import tempfile
from datetime import datetime
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import stages
from pipeline.summary import outcomes
from tests.corpus import HOUSEHOLDS, write_grids
from tests.helpers import grids, submission, write
from transforms.inbox import scan
from transforms.resolve import names_agree
from vocabulary import units
from vocabulary.labels import HOUSEHOLD_MEASURES, OUTCOMES
from vocabulary.thresholds import default_thresholds
from warehouse.load import RunRecord

CODES = ("24076", "24079", "24082")
SHEETS = ("Thông tin báo cáo", HOUSEHOLDS, "Thiếu hụt", "Chỉ tiêu theo thôn", "Chỉ tiêu kỳ sau")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))

names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=30)
values = st.one_of(st.integers(-5, 10**16), st.floats(-1e20, 1e20), st.text(max_size=8),
                   st.none(), st.integers(0, 500))
mutation = st.one_of(
    st.tuples(st.just("value"), st.sampled_from(CODES), st.integers(0, 2),
              st.sampled_from([m.code for m in HOUSEHOLD_MEASURES]), values),
    st.tuples(st.just("village_name"), st.sampled_from(CODES), st.integers(0, 2), names),
    st.tuples(st.just("commune_name"), st.sampled_from(CODES), names),
    st.tuples(st.just("commune_code"), st.sampled_from(CODES), st.sampled_from(CODES)),
    st.tuples(st.just("hide"), st.sampled_from(CODES), st.sampled_from(SHEETS)),
    st.tuples(st.just("reorder"), st.sampled_from(CODES), st.permutations(range(len(SHEETS)))),
    st.tuples(st.just("file_name"), st.sampled_from(CODES), names),
)


def _inbox(folder: Path, mutations: list[tuple]) -> tuple[Path, dict]:
    """The three communes' files with the mutations applied; {file name: (submission, hidden sheets)}."""
    subs = {code: submission(code) for code in CODES}
    hidden = {code: set() for code in CODES}
    order = {code: list(SHEETS) for code in CODES}
    file_names = {code: f"{code}.xlsx" for code in CODES}
    for kind, code, *rest in mutations:
        sub = subs[code]
        if kind == "value":
            village, measure, value = rest
            sub.villages[village][measure] = value
        elif kind == "village_name":
            village, name = rest
            sub.villages[village]["village"] = sub.deprivations[village]["village"] = name
        elif kind == "commune_name":
            sub.commune.commune_name = rest[0]
        elif kind == "commune_code":
            sub.commune.commune_code = rest[0]
        elif kind == "hide":
            hidden[code].add(rest[0])
        elif kind == "reorder":
            order[code] = [SHEETS[i] for i in rest[0]]
        elif kind == "file_name":
            file_names[code] = (rest[0].strip() or "x")[:60] + ".xlsx"
    inbox = folder / "inbox"
    inbox.mkdir()
    written = {}
    for code in CODES:
        if file_names[code] in written:  # two communes renamed alike: the later one keeps its own name
            file_names[code] = f"{code}.xlsx"
        source = write(folder / f"source-{code}.xlsx", subs[code])
        sheets = grids(source)
        ordered = {name: sheets[name] for name in order[code]}
        shown = set(ordered) - hidden[code]
        path = write_grids(inbox / file_names[code], ordered, hidden_sheets=hidden[code] if shown else set())
        written[path.name] = (subs[code], hidden[code] if shown else set())
    return inbox, written


def _run(inbox: Path, database: Path) -> tuple[dict, list[dict]]:
    files, set_aside = scan(inbox)
    extracted = stages.read(files)
    batch = stages.validate(extracted, "2020", database.parent / "aliases.csv")
    stages.load(database, RunRecord("fuzz", "2020", str(inbox), datetime.now(), default_thresholds()), batch)
    present, stored = stages.files(database, "2020")
    found = outcomes(present, stored, stages.warnings(database, "2020"), set_aside)
    with duckdb.connect(str(database), read_only=True) as con:
        marts = con.sql("""select c.commune_code, c.total_households, s.file_name
                           from marts.poverty_by_commune c
                           join intermediate.int_current_submissions s using (period, commune_code)""").pl().to_dicts()
    return found, marts


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_the_invariants_hold_for_any_mutation(mutations):
    with tempfile.TemporaryDirectory() as tmp:
        inbox, written = _inbox(Path(tmp), mutations)
        found, marts = _run(inbox, Path(tmp) / "w.duckdb")

        by_path = {}
        for kind in OUTCOMES:
            for item in found[kind]:
                assert item["path"] not in by_path, item["path"]
                by_path[item["path"]] = kind
        entries = [p for p in inbox.rglob("*")]
        assert sorted(by_path) == sorted(str(p) for p in entries)
        assert sum(len(found[kind]) for kind in OUTCOMES) == len(entries)

        loaded = {Path(p).name for p, kind in by_path.items() if kind in ("loaded", "loaded_with_warnings")}
        for row in marts:
            assert row["file_name"] in loaded
            sub, hidden = written[row["file_name"]]
            assert HOUSEHOLDS not in hidden  # never figures a reader of the file does not see
            assert row["total_households"] == sum(v["total_households"] for v in sub.villages)
            official = units.commune_by_code(row["commune_code"])
            assert sub.commune.commune_code == row["commune_code"]
            assert names_agree(sub.commune.commune_name, official, sub.commune.district_name,
                               sub.commune.province_name, None, "legacy")
        assert len({row["commune_code"] for row in marts}) == len(marts)
