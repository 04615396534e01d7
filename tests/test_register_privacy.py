"""Names stay inside: what goes back to a commune whose register was refused is kept out of the published tree,
for this user only, until the corrected register arrives or the retention ends; a household listed by two communes
is a warning that names neither the person nor the number."""

import os
import random
import stat
import time
from pathlib import Path

import pytest

from giamngheo.demo import demo_register, demo_submissions
from publish.quarantine import prune_returned
from publish.register_template import write_register
from tests.conftest import run_library
from transforms.pseudonym import KEY_VARIABLE


@pytest.fixture(autouse=True)
def pii_key(monkeypatch):
    monkeypatch.setenv(KEY_VARIABLE, "a-test-key-that-is-long-enough")


def _register(code: str):
    submission = next(s for s in demo_submissions() if s.commune.commune_code == code)
    return demo_register(submission, random.Random(int(code)))


def test_a_refused_register_goes_back_outside_the_published_tree_for_this_user_only(tmp_path):
    register = _register("24091")
    good = register.households[3]["id_number"]
    register.households[3]["id_number"] = "0641"  # too short: the register is refused
    write_register(tmp_path / "inbox" / "danh-sach-ho.xlsx", register)
    summary = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")
    [refused] = summary["quarantined"]
    folder = tmp_path / "registers-returned" / "2020" / "24091"
    assert Path(refused["report"]).parent == folder and Path(refused["feedback"]).parent == folder
    assert not list((tmp_path / "out").rglob("danh-sach-ho*"))  # nothing of it in the published tree
    for path in (tmp_path / "registers-returned").rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    assert stat.S_IMODE((tmp_path / "registers-returned").stat().st_mode) == 0o700

    register.households[3]["id_number"] = good  # the commune corrects it: what it was sent back goes
    write_register(tmp_path / "inbox" / "danh-sach-ho.xlsx", register)
    summary = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")
    assert summary["counts"]["loaded"] == 1 and not folder.exists()


def test_returned_registers_are_deleted_after_the_retention(tmp_path):
    old, recent = tmp_path / "2020" / "24091" / "old.xlsx", tmp_path / "2020" / "24094" / "recent.xlsx"
    for path in (old, recent):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"names")
    now = time.time()
    os.utime(old, (now - 61 * 86400, now - 61 * 86400))
    assert prune_returned(tmp_path, 60, now) == [old]
    assert not old.parent.exists() and recent.exists()


def test_a_household_in_two_communes_registers_is_a_warning_naming_neither_person_nor_number(tmp_path):
    first, second = _register("24091"), _register("24094")
    shared = second.households[7]
    second.households[7] = {**shared, "id_number": first.households[2]["id_number"]}
    write_register(tmp_path / "inbox" / "ia-mlah.xlsx", first)
    write_register(tmp_path / "inbox" / "chu-drang.xlsx", second)
    summary = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")
    warned = {item["file"]: item["warnings"] for item in summary["loaded_with_warnings"]}
    [here] = [w for w in warned["chu-drang.xlsx"] if w["rule"] == "household_in_two_communes"]
    [there] = [w for w in warned["ia-mlah.xlsx"] if w["rule"] == "household_in_two_communes"]
    assert "Xã Ia Mlăh" in here["message_vi"] and "Xã Chư Drăng" in there["message_vi"]
    assert f"Hộ số {shared['household_number']}" in here["message_vi"]
    said = repr(summary)
    assert first.households[2]["id_number"] not in said and first.households[2]["head_name"] not in said


def _everything_said(summary: dict, root: Path) -> str:
    """What a run said and left for people and analysts: its summary, every file under out/, every text of the
    warehouse (the published one)."""
    import json

    import duckdb

    texts = [json.dumps(summary, ensure_ascii=False)]
    texts += [path.read_bytes().decode("utf-8", "replace") for path in (root / "out").rglob("*") if path.is_file()
              and path.suffix in (".csv", ".html", ".json")]
    with duckdb.connect(str(root / "w.duckdb"), read_only=True) as con:
        for schema, table, column in con.execute("""select schema_name, table_name, column_name from duckdb_columns()
                                                    where data_type like 'VARCHAR%'""").fetchall():
            texts += [str(v) for (v,) in con.execute(f'select distinct "{column}" from {schema}.{table}').fetchall()]
        texts += [" ".join(map(str, row)) for mart in ("household_classes", "register_warnings")
                  for row in con.execute(f"select * from marts.{mart}").fetchall()]
    return "\n".join(texts)


@pytest.mark.parametrize("column, rule", [("members", "text_in_figure"), ("income_vnd", "text_in_figure"),
                                          ("village", "village_unrecognised"), ("ethnic_minority", "flag_invalid"),
                                          ("decided_class", "class_invalid")])
def test_a_name_typed_in_another_column_of_a_register_is_named_by_its_cell_and_kept_nowhere(tmp_path, column, rule):
    """The red team's case: a head's name typed into a number cell reached the JSON summary, the .loi.csv and
    raw.validation_errors; typed in the village column, household_classes and its Parquet."""
    register = _register("24091")
    name = "Ksor H'Nhiêu Nguyễn"
    register.households[4][column] = name
    write_register(tmp_path / "inbox" / "danh-sach-ho.xlsx", register)
    summary = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")
    [refused] = summary["quarantined"]
    [error] = [e for e in refused["errors"] if e["rule"] == rule]
    assert error["cell"].endswith("9") and "9" in error["message_vi"]  # row 9: the fifth household
    assert name not in _everything_said(summary, tmp_path)
    assert name not in Path(refused["report"]).read_text(encoding="utf-8-sig")


def test_villages_written_as_people_write_them_are_taken(tmp_path):
    register = _register("24091")
    for household in register.households:  # a register of villages named without their kind, as some are
        household["village"] = household["village"].replace("Buôn ", "Ea Rốk ")
    write_register(tmp_path / "inbox" / "danh-sach-ho.xlsx", register)
    assert run_library(tmp_path / "inbox", tmp_path / "w.duckdb")["counts"]["loaded"] == 1


def test_a_key_changed_between_two_years_stops_the_movements_with_a_warning(tmp_path, monkeypatch):
    """Every household would otherwise be newly poor: its key under the new key matches none of last year's."""
    import copy

    import duckdb

    register = _register("24091")
    for period, key in (("2019", "the-key-of-2019-is-long-enough"), ("2020", "a-new-key-for-2020-long-enough")):
        monkeypatch.setenv(KEY_VARIABLE, key)
        year = copy.deepcopy(register)
        year.period = period
        write_register(tmp_path / f"inbox-{period}" / "danh-sach-ho.xlsx", year)
        summary = run_library(tmp_path / f"inbox-{period}", tmp_path / "w.duckdb", period=period)
    [warned] = summary["loaded_with_warnings"]
    [changed] = [w for w in warned["warnings"] if w["rule"] == "pseudonym_key_changed"]
    assert "--full" in changed["message_en"]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("""select key_changed, newly_poor_households, escaped_poverty_households
                              from marts.household_movements""").fetchall() == [(True, None, None)]


def test_registers_an_earlier_version_returned_from_the_published_tree_are_moved_out_of_it(tmp_path):
    import duckdb

    from warehouse.snapshot import work_path

    register = _register("24091")
    register.households[3]["id_number"] = "0641"
    write_register(tmp_path / "inbox" / "danh-sach-ho.xlsx", register)
    [refused] = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")["quarantined"]
    # as the version before this one left it: in out/2020/quarantine, and the warehouse pointing there
    old = tmp_path / "out" / "2020" / "quarantine"
    old.mkdir(parents=True)
    for path in Path(refused["report"]).parent.iterdir():
        path.rename(old / path.name)
    with duckdb.connect(str(work_path(tmp_path / "w.duckdb"))) as con:
        con.execute("update raw.submissions set report_path = ?, feedback_path = ?",
                    [str(old / Path(refused["report"]).name), str(old / Path(refused["feedback"]).name)])
        con.execute("delete from raw.model_state")  # a new version's models: its first run does the work
    [again] = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")["quarantined"]
    assert not list(old.iterdir())
    assert Path(again["report"]) == Path(refused["report"]) and Path(again["report"]).exists()
    assert stat.S_IMODE(Path(again["feedback"]).stat().st_mode) == 0o600
