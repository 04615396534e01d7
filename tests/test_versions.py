"""What was sent stays what was sent (issue 24), through the CLI as an officer types it: a period locked after the
demo keeps its published workbook, Parquet and the analysts' figures whatever arrives later; the late file is read,
validated and listed as received after the lock; unlocked, the next run publishes version 2 beside version 1, and
`giamngheo diff` names exactly the corrected commune's changed figures."""

import json
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

from giamngheo.cli import app
from tests.helpers import mart_rows, submission, write
from transforms.read import sha256_of

CORRECTED = "24085"  # Xã Chư Gu


def giamngheo(*words: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(words))
    return result.exit_code, result.output


def _published(out: Path) -> dict[str, str]:
    """Every published file of period 2020 (documents and Parquet), by path, with its SHA-256."""
    files = [*(out / "2020").glob("*.*"), *(out / "parquet").glob("*/period=2020/*.parquet")]
    return {str(path.relative_to(out)): sha256_of(path) for path in files}


def _corrected_file(inbox: Path) -> Path:
    corrected = submission(CORRECTED)
    corrected.prepared_on = "2020-10-20"
    village = corrected.villages[0]
    village["poor_households"] -= 3
    village["em_poor_households"] = min(village["em_poor_households"], village["poor_households"])
    corrected.deprivations[0] = {k: (min(v, village["poor_households"]) if k != "village" else v)
                                 for k, v in corrected.deprivations[0].items()}
    return write(inbox / f"{CORRECTED}-chu-gu-sua.xlsx", corrected)


@pytest.fixture(scope="module")
def locked(demo_inbox, tmp_path_factory):
    """The demo run and locked, then a corrected file for one commune dropped into the inbox and run twice."""
    root = tmp_path_factory.mktemp("versions")
    inbox, warehouse, out = root / "inbox", root / "data" / "warehouse.duckdb", root / "out"
    shutil.copytree(demo_inbox, inbox)
    places = ("--inbox", str(inbox), "--warehouse", str(warehouse), "--out", str(out))
    status, said = giamngheo("run", "--period", "2020", *places, "--json")
    assert status == 0, said
    sent = _published(out)
    figures = mart_rows(warehouse)
    status, said = giamngheo("lock", "--period", "2020", "--reason", "đã gửi tỉnh, số 123/BC-UBND",
                             "--warehouse", str(warehouse), "--out", str(out))
    assert status == 0, said
    late = _corrected_file(inbox)
    # the second run reads every file again: still only the late one is received after the lock
    runs = [json.loads(giamngheo("run", "--period", "2020", *places, *more, "--json")[1]) for more in ((), ("--full",))]
    return {"places": places, "warehouse": warehouse, "out": out, "sent": sent, "figures": figures, "runs": runs,
            "late": late, "lock_said": said}


def test_a_lock_keeps_the_version_as_sent_in_its_own_folder(locked):
    assert "out/2020/v1" in locked["lock_said"].replace(str(locked["out"].parent) + "/", "")
    kept = locked["out"] / "2020" / "v1"
    for relative, digest in locked["sent"].items():
        inside = relative.removeprefix("2020/")
        assert sha256_of(kept / inside) == digest, relative


def test_a_file_received_after_the_lock_changes_nothing_published(locked):
    assert _published(locked["out"]) == locked["sent"]
    now = mart_rows(locked["warehouse"])
    # every mart as published, but the record of the publication, which now says it was locked
    assert {k: v for k, v in now.items() if k != "publication_versions"} == \
        {k: v for k, v in locked["figures"].items() if k != "publication_versions"}
    [(*_, reason, locked_by, _unlock_reason)] = now["publication_versions"]
    assert reason == "đã gửi tỉnh, số 123/BC-UBND"


def test_every_run_of_the_locked_period_lists_the_file_as_received_after_the_lock(locked):
    for summary in locked["runs"]:
        assert summary["lock"]["version"] == 1 and summary["lock"]["reason"] == "đã gửi tỉnh, số 123/BC-UBND"
        assert [(f["file_name"], f["commune_code"], f["status"]) for f in summary["received_after_lock"]] == [
            (locked["late"].name, CORRECTED, "loaded")]
        assert summary["outputs"] == {} and summary["version"] == 1


def test_a_locked_period_refuses_a_withdrawal(locked):
    status, said = giamngheo("withdraw", "24091", "--period", "2020", "--warehouse", str(locked["warehouse"]))
    assert status == 2 and "unlock" in said


def test_locking_twice_or_unlocking_an_open_period_is_refused(locked, tmp_path):
    status, said = giamngheo("lock", "--period", "2020", "--reason", "again", "--warehouse",
                             str(locked["warehouse"]), "--out", str(locked["out"]))
    assert status == 2 and "locked already" in said
    status, said = giamngheo("unlock", "--period", "2021", "--reason", "x", "--warehouse", str(locked["warehouse"]),
                             "--out", str(locked["out"]))
    assert status == 2 and "not locked" in said


@pytest.fixture(scope="module")
def second(locked):
    """Unlocked and run: version 2."""
    status, said = giamngheo("unlock", "--period", "2020", "--reason", "xã Chư Gu sửa số liệu", "--warehouse",
                             str(locked["warehouse"]), "--out", str(locked["out"]))
    assert status == 0 and "version 2" in said, said
    status, said = giamngheo("run", "--period", "2020", *locked["places"], "--json")
    assert status == 0, said
    status, changes = giamngheo("diff", "--period", "2020", "--warehouse", str(locked["warehouse"]), "--json")
    assert status == 0, changes
    return {"summary": json.loads(said), "changes": json.loads(changes)}


def _figures(warehouse: Path, version: int) -> dict[tuple[str, str, str], float]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("""select unit_level, unit_code, measure, value from marts.published_figures
                              where period = '2020' and version = ?""", [version]).fetchall()
    return {(level, code, measure): value for level, code, measure, value in rows}


def test_the_next_run_after_the_unlock_publishes_version_2_beside_version_1(locked, second):
    assert second["summary"]["version"] == 2 and second["summary"]["lock"] is None
    kept = locked["out"] / "2020" / "v1"
    assert {p.name for p in kept.glob("*.*")} == {Path(r).name for r in locked["sent"] if r.startswith("2020/")}
    for relative, digest in locked["sent"].items():
        assert sha256_of(kept / relative.removeprefix("2020/")) == digest
    assert _published(locked["out"])["2020/tong-hop-huyen-krong-pa-2020.xlsx"] != \
        locked["sent"]["2020/tong-hop-huyen-krong-pa-2020.xlsx"]


def test_diff_names_exactly_the_corrected_communes_changed_figures(locked, second):
    before, after = _figures(locked["warehouse"], 1), _figures(locked["warehouse"], 2)
    differing = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    rows = second["changes"]["changes"]
    assert {(r["unit_level"], r["unit_code"], r["measure"]) for r in rows} == differing
    communes = {r["unit_code"] for r in rows if r["unit_level"] == "commune"}
    assert communes == {CORRECTED}
    poor = next(r for r in rows if r["unit_level"] == "commune" and r["measure"] == "poor_households")
    assert poor["value_after"] == poor["value_before"] - 3
    assert {r["caused_by"] for r in rows} == {locked["late"].name}


def test_version_2_says_so_on_every_sheet_and_lists_what_changed(locked, second):
    book = openpyxl.load_workbook(locked["out"] / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx")
    for sheet in ("Phụ lục 1", "Phụ lục 2", "Phụ lục 3", "Cảnh báo", "Tình hình nộp"):
        titles = " ".join(str(c.value) for row in book[sheet].iter_rows(max_row=6) for c in row if c.value)
        assert "LẦN 2" in titles and "THAY THẾ LẦN 1" in titles, sheet
    changes = book["Thay đổi so với lần trước"]
    listed = [row for row in changes.iter_rows(min_row=7, values_only=True) if row[0]]
    commune_rows = [r for r in second["changes"]["changes"] if r["unit_level"] == "commune"]
    assert len([r for r in listed if r[1] == "Xã Chư Gu"]) == len(commune_rows)
    assert "Hộ nghèo" in {r[2] for r in listed}  # the figure by its Vietnamese name
    assert {r[5] for r in listed} == {locked["late"].name}


def test_every_figure_a_publication_records_has_its_vietnamese_label(locked):
    from vocabulary.labels import FIGURE_LABELS
    from warehouse.versions import FIGURE_MARTS, _figure_columns

    with duckdb.connect(str(locked["warehouse"]), read_only=True) as con:
        recorded = {column for family in FIGURE_MARTS for level in ("commune", "district", "province")
                    for column in _figure_columns(con, f"marts.{family}_by_{level}")}
    assert recorded == set(FIGURE_LABELS)


def test_diff_refuses_versions_that_do_not_exist(locked, second):
    status, said = giamngheo("diff", "--period", "2020", "--from", "2", "--to", "5", "--warehouse",
                             str(locked["warehouse"]))
    assert status == 2 and "versions 1 to 2" in said
