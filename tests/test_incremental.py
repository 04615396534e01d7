"""A period is many runs: files arrive, are corrected, withdrawn, added. Each run redoes only what changed, and the
warehouse it leaves is the one a single run over the final inbox builds from scratch, mart by mart, row by row."""

import random
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from giamngheo.cli import app
from giamngheo.console import AREAS_SHOWN, print_summary
from giamngheo.demo import synthetic_submission
from pipeline.contracts import RunSettings
from pipeline.period import run_period
from publish.official_files import official_wanted
from publish.template import write_submission
from tests.helpers import mart_rows
from vocabulary import units
from vocabulary.text import fold

# A national run's shape at a fraction of its files: two communes of each of 72 districts, more than a period whose
# areas each get their official report has (publish.official_files.OFFICIAL_AREAS_AT_MOST)
COMMUNES = 144
PER_DISTRICT = 2
WITHDRAWN = 50  # a commune whose district keeps the figures of another (the 41st is an island district's own)
RECEIVED = datetime(2020, 10, 1)


def _write(inbox: Path, unit: dict, seed: int, period: str = "2020") -> Path:
    return write_submission(inbox / f"{unit['commune_code']}.xlsx",
                            synthetic_submission(unit, period, random.Random(seed)))


def _run(inbox: Path, warehouse: Path, period: str = "2020", **options) -> dict:
    return run_period(RunSettings(period, inbox, warehouse, warehouse.parent / "out", warehouse.parent / "aliases.csv",
                                  received_on=RECEIVED, **options))


@pytest.fixture(scope="module")
def histories(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    inbox = root / "inbox"
    communes = (units.legacy_communes().sort("commune_code")
                .filter(pl.int_range(pl.len()).over("district_code") < PER_DISTRICT)
                .head(COMMUNES + 2).rows(named=True))
    for index, unit in enumerate(communes[:COMMUNES]):
        _write(inbox, unit, index)
    step = root / "step" / "w.duckdb"
    step.parent.mkdir()
    runs = [_run(inbox, step)]
    assert not official_wanted(len(runs[0]["area_totals"]))
    for index in (10, 20, 30):  # three communes send corrected files: other figures, same file names
        _write(inbox, communes[index], 10_000 + index)
    runs.append(_run(inbox, step))
    withdrawn = CliRunner().invoke(app, ["withdraw", communes[WITHDRAWN]["commune_code"], "--period", "2020",
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
    CliRunner().invoke(app, ["withdraw", communes[WITHDRAWN]["commune_code"], "--period", "2020", "--reason", "gửi nhầm",
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
    assert len(full["poverty_by_commune"]) == COMMUNES + 1  # the late two too, less the withdrawn one


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


def _small_inbox(root: Path, count: int = 20) -> tuple[Path, list[dict]]:
    """``count`` communes of the first districts, a file each."""
    inbox = root / "inbox"
    communes = units.legacy_communes().sort("commune_code").head(count).rows(named=True)
    for index, unit in enumerate(communes):
        _write(inbox, unit, index)
    return inbox, communes


def test_a_change_whose_run_failed_its_checks_is_published_by_the_next_run(tmp_path, monkeypatch):
    from pipeline import stages

    inbox, communes = _small_inbox(tmp_path)
    database = tmp_path / "step" / "w.duckdb"
    _run(inbox, database)
    _write(inbox, communes[0], 99)
    real_check = stages.check

    def failing(*args):  # as if an expectation failed: which one does not matter here
        return {**real_check(*args), "success": False, "failed": [
            {"expectation": "giả lập · simulated", "check": "simulated", "type": "simulated",
             "table": "marts.poverty_by_commune", "column": "poor_households", "detail": "simulated"}]}

    monkeypatch.setattr(stages, "check", failing)
    blocked = _run(inbox, database)
    assert blocked["expectations"]["success"] is False and not blocked["outputs"].get("workbooks")
    monkeypatch.undo()

    again = _run(inbox, database)  # the same inbox: nothing new to read, but the change is still unpublished

    assert not again["nothing_new"] and again["read"] == 0
    assert len(again["outputs"]["workbooks"]) == 1 and again["expectations"]["success"]
    scratch = tmp_path / "scratch" / "w.duckdb"
    _run(inbox, scratch)
    assert mart_rows(database) == mart_rows(scratch)  # the published warehouse, not only the working copy
    assert _run(inbox, database)["nothing_new"]


def test_a_workbook_that_could_not_be_written_is_written_by_the_next_run(tmp_path, monkeypatch):
    import publish.workbooks

    inbox, communes = _small_inbox(tmp_path)
    database = tmp_path / "w.duckdb"
    _run(inbox, database)
    _write(inbox, communes[0], 99)

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish.workbooks, "write_area_workbook", full_disk)
    failed = _run(inbox, database)
    assert [f["area_code"] for f in failed["failed"]] == [communes[0]["district_code"]]
    monkeypatch.undo()

    again = _run(inbox, database)

    assert not again["nothing_new"] and not again.get("failed")
    [workbook] = map(Path, again["outputs"]["workbooks"])
    assert workbook.name.startswith("tong-hop-") and workbook.is_file()
    assert _run(inbox, database)["nothing_new"]


def test_another_due_date_republishes_every_area(tmp_path):
    inbox, _ = _small_inbox(tmp_path)
    database = tmp_path / "w.duckdb"
    first = _run(inbox, database)
    assert first["completeness"]["counts"]["on_time"] == 20

    earlier = _run(inbox, database, due_date=datetime(2020, 9, 1).date())  # every file now came in late

    assert not earlier["nothing_new"] and earlier["completeness"]["counts"]["late"] == 20
    assert len(earlier["outputs"]["workbooks"]) == len(first["outputs"]["workbooks"]) == len(first["area_totals"])
    assert earlier["expectations"]["tables"]["marts.poverty_by_commune"]["rows"] == 20  # all checked again
    assert _run(inbox, database, due_date=datetime(2020, 9, 1).date())["nothing_new"]


def test_a_correction_to_last_year_republishes_this_year_which_compares_with_it(tmp_path):
    communes = units.legacy_communes().sort("commune_code").head(20).rows(named=True)
    for period in ("2019", "2020"):
        for index, unit in enumerate(communes):
            _write(tmp_path / period, unit, index, period)
    database = tmp_path / "w.duckdb"
    _run(tmp_path / "2019", database, "2019")
    _run(tmp_path / "2020", database, "2020")
    _write(tmp_path / "2019", communes[0], 99, "2019")  # 2020's reduction since 2019 changes with it
    assert _run(tmp_path / "2019", database, "2019")["read"] == 1

    this_year = _run(tmp_path / "2020", database, "2020")

    assert not this_year["nothing_new"] and this_year["read"] == 0
    assert len(this_year["outputs"]["workbooks"]) == 1
    assert _run(tmp_path / "2020", database, "2020")["nothing_new"]


def test_an_area_whose_last_file_is_withdrawn_has_its_workbook_taken_down(tmp_path):
    communes = units.legacy_communes().sort("commune_code").rows(named=True)
    first_district = [unit for unit in communes if unit["district_code"] == communes[0]["district_code"]][:5]
    alone = next(unit for unit in communes if unit["district_code"] != communes[0]["district_code"])
    for index, unit in enumerate([*first_district, alone]):
        _write(tmp_path / "inbox", unit, index)
    database = tmp_path / "w.duckdb"
    published = [Path(path) for path in _run(tmp_path / "inbox", database)["outputs"]["workbooks"]]
    assert len(published) == 2
    [lonely] = [path for path in published if fold(alone["district_name"]).replace(" ", "-") in path.name]
    withdrawn = CliRunner().invoke(app, ["withdraw", alone["commune_code"], "--period", "2020",
                                         "--warehouse", str(database)])
    assert withdrawn.exit_code == 0, withdrawn.output

    after = _run(tmp_path / "inbox", database)

    reports = [lonely.with_name(lonely.name.replace("tong-hop-", "bao-cao-")).with_suffix(suffix)
               for suffix in (".html", ".docx", ".pdf")]  # the HTML report and the official one
    assert sorted(after["outputs"]["removed"]) == sorted(map(str, [lonely, *reports]))
    assert not any(path.exists() for path in [lonely, *reports])
    assert [path for path in published if path != lonely][0].exists()  # the other district's stays
    console = Console(record=True, width=200)
    print_summary(after, console)
    assert f"taken down, its area has no figures left: {lonely}" in console.export_text()


def test_a_name_confirmed_after_a_run_reaches_the_file_that_named_no_known_commune(tmp_path):
    from tests.helpers import submission, write

    sent = submission("24076")  # Xã Phú Túc, Huyện Krông Pa
    sent.commune.commune_code = ""
    sent.commune.commune_name = "Hà Nội Mới"
    write(tmp_path / "inbox" / "xa-moi.xlsx", sent)
    database = tmp_path / "w.duckdb"
    first = _run(tmp_path / "inbox", database)
    assert first["counts"]["loaded"] == 0 and first["quarantined"][0]["errors"][0]["rule"] == "commune_unknown"
    added = CliRunner().invoke(app, ["aliases", "add", "Hà Nội Mới", "24076", "--district", "Krông Pa",
                                     "--file", str(tmp_path / "aliases.csv")])
    assert added.exit_code == 0, added.output

    again = _run(tmp_path / "inbox", database)

    assert again["read"] == 1 and again["counts"]["loaded"] == 1
    assert _run(tmp_path / "inbox", database)["nothing_new"]
