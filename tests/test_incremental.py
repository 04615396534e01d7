"""A period is many runs: files arrive, are corrected, withdrawn, added. Each run redoes only what changed, and the
warehouse it leaves is the one a single run over the final inbox builds from scratch, mart by mart, row by row."""

import random
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from giamngheo.cli import app
from giamngheo.console import AREAS_SHOWN, print_summary
from giamngheo.demo import synthetic_submission
from pipeline.period import run_period
from publish.template import write_submission
from tests.helpers import mart_rows
from vocabulary import units

COMMUNES = 1000
RECEIVED = datetime(2020, 10, 1)


def _write(inbox: Path, unit: dict, seed: int) -> Path:
    return write_submission(inbox / f"{unit['commune_code']}.xlsx", synthetic_submission(unit, "2020", random.Random(seed)))


def _run(inbox: Path, warehouse: Path, **options) -> dict:
    return run_period("2020", inbox, warehouse, warehouse.parent / "out", warehouse.parent / "aliases.csv",
                      received_on=RECEIVED, **options)


@pytest.fixture(scope="module")
def histories(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    inbox = root / "inbox"
    communes = units.legacy_communes().sort("commune_code").head(COMMUNES + 2).rows(named=True)
    for index, unit in enumerate(communes[:COMMUNES]):
        _write(inbox, unit, index)
    step = root / "step" / "w.duckdb"
    step.parent.mkdir()
    runs = [_run(inbox, step)]
    for index in (10, 20, 30):  # three communes send corrected files: other figures, same file names
        _write(inbox, communes[index], 10_000 + index)
    runs.append(_run(inbox, step))
    withdrawn = CliRunner().invoke(app, ["withdraw", communes[40]["commune_code"], "--period", "2020",
                                         "--reason", "gửi nhầm", "--warehouse", str(step)])
    assert withdrawn.exit_code == 0, withdrawn.output
    runs.append(_run(inbox, step))
    for unit in communes[COMMUNES:]:  # two late communes
        _write(inbox, unit, 20_000)
    runs.append(_run(inbox, step))
    runs.append(_run(inbox, step))  # nothing new

    scratch = root / "scratch" / "w.duckdb"
    scratch.parent.mkdir()
    _run(inbox, scratch)
    CliRunner().invoke(app, ["withdraw", communes[40]["commune_code"], "--period", "2020", "--reason", "gửi nhầm",
                             "--warehouse", str(scratch)])
    _run(inbox, scratch, full=True)
    return runs, step, scratch


def test_each_run_reads_only_what_changed(histories):
    runs, _, _ = histories
    assert [run["read"] for run in runs] == [COMMUNES, 3, 0, 2, 0]
    assert [run["nothing_new"] for run in runs] == [False, False, False, False, True]
    assert all(run["workbooks"] == COMMUNES for run in runs[:3]) and runs[3]["workbooks"] == COMMUNES + 2


def test_each_run_republishes_only_the_districts_it_changed(histories):
    runs, _, _ = histories
    first, corrected, withdrawn, added, _ = (len(run["outputs"].get("workbooks", [])) for run in runs)
    assert first > 30 and 1 <= corrected <= 3 and withdrawn == 1 and 1 <= added <= 2


def test_the_incremental_warehouse_is_the_one_built_from_scratch(histories):
    _, step, scratch = histories
    incremental, full = mart_rows(step), mart_rows(scratch)
    assert set(incremental) == set(full) and len(full) >= 20
    for mart in full:
        assert incremental[mart] == full[mart], mart
    assert len(full["poverty_by_commune"]) == COMMUNES + 1  # 1,002 communes less the withdrawn one


def test_each_run_checks_only_the_rows_it_changed(histories):
    runs, _, _ = histories
    rows = [run["expectations"] and run["expectations"]["tables"]["marts.poverty_by_commune"]["rows"] for run in runs]
    assert rows == [COMMUNES, 3, 0, 2, None]  # the withdrawn commune has no row left to check; nothing new, no check
    district_rows = runs[1]["expectations"]["tables"]["marts.poverty_by_district"]["rows"]
    assert 1 <= district_rows <= 3


def test_a_run_of_many_districts_prints_the_first_few_and_where_the_rest_are(histories):
    runs, _, _ = histories
    console = Console(record=True, width=160)
    print_summary(runs[0], console)
    shown = console.export_text()
    districts = len(runs[0]["area_totals"])
    assert f"và {districts - AREAS_SHOWN} huyện khác / and {districts - AREAS_SHOWN} more" in shown
    assert runs[0]["area_totals"][AREAS_SHOWN - 1]["area_name"] in shown
    assert runs[0]["area_totals"][AREAS_SHOWN]["area_name"] not in shown
    assert f"published workbooks: {len(runs[0]['outputs']['workbooks'])} →" in shown
