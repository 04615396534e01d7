"""A district office's first weeks: files copied around, a file withdrawn, an analyst with the warehouse open,
communes named as they were in the period, island districts, commands that answer at once."""

import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from giamngheo.cli import app
from giamngheo.demo import DEMO_RECEIVED_ON, synthetic_submission
from publish.template import Submission, write_submission
from tests.conftest import run_library
from tests.helpers import submission, write
from transforms.resolve import find_commune
from vocabulary import units

ROOT = Path(__file__).resolve().parent.parent
GIAMNGHEO = str(Path(sys.executable).parent / "giamngheo")
RECEIVED = datetime.combine(DEMO_RECEIVED_ON, datetime.min.time())


def _poor(database: Path, code: str) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.sql("select poor_households from marts.poverty_by_commune where commune_code = ? and period = '2020'",
                       params=[code]).fetchall()[0][0]


def test_files_copied_into_a_fresh_inbox_stay_on_time(demo_inbox, tmp_path):
    database = tmp_path / "w.duckdb"
    first = run_library(demo_inbox, database, received_on=RECEIVED)
    assert first["completeness"]["counts"]["on_time"] == 14
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for path in demo_inbox.iterdir():
        shutil.copyfile(path, fresh / path.name)  # as cp does: a new modified time
    assert all(p.stat().st_mtime > RECEIVED.timestamp() for p in fresh.iterdir())
    again = run_library(fresh, database)
    assert again["completeness"]["counts"]["on_time"] == 14 and again["completeness"]["counts"]["late"] == 0


def _two_files_for_phu_tuc(demo_inbox, tmp_path) -> tuple[Path, Path]:
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    corrected = submission("24076")
    corrected.prepared_on = "2020-10-20"
    village = corrected.villages[0]
    village["poor_households"] -= 7
    village["em_poor_households"] = min(village["em_poor_households"], village["poor_households"])
    corrected.deprivations[0] = {k: (min(v, village["poor_households"]) if k != "village" else v)
                                 for k, v in corrected.deprivations[0].items()}
    return inbox, write(inbox / "24076-phu-tuc-sua.xlsx", corrected)


def test_a_withdrawn_file_leaves_the_figures_on_record_and_comes_back_with_undo(demo_inbox, tmp_path):
    inbox, corrected = _two_files_for_phu_tuc(demo_inbox, tmp_path)
    database = tmp_path / "w.duckdb"
    run_library(inbox, database, received_on=RECEIVED)
    assert _poor(database, "24076") == 100  # the later file counts

    def withdraw(*more):
        result = CliRunner().invoke(app, ["withdraw", *more, "--period", "2020", "--warehouse", str(database)])
        assert result.exit_code == 0, result.output
        return result.output

    said = withdraw(str(corrected), "--reason", "xã báo gửi nhầm")
    assert "24076-phu-tuc-sua.xlsx" in said
    # the run it suggests, as printed: the folders of the period's last run, without which it would fail or
    # publish elsewhere
    words = shlex.split(said.split("run the period again to publish: ")[1])
    assert words[:2] == ["giamngheo", "run"] and str(inbox) in words and str(tmp_path / "out") in words
    ran = CliRunner().invoke(app, [*words[1:], "--json"])
    assert ran.exit_code == 0, ran.output
    summary = json.loads(ran.output)
    assert _poor(database, "24076") == 107  # the earlier figures again
    [gone] = summary["withdrawn"]
    assert (gone["file_name"], gone["kind"], gone["reason"]) == ("24076-phu-tuc-sua.xlsx", "withdrawn", "xã báo gửi nhầm")
    sheet = load_workbook(summary["outputs"]["workbooks"][0])["Tình hình nộp"]
    assert any("24076-phu-tuc-sua.xlsx" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    with duckdb.connect(str(database), read_only=True) as con:
        [(who, reason, restored)] = con.sql("select withdrawn_by, reason, restored_at from raw.withdrawals").fetchall()
        assert who and reason == "xã báo gửi nhầm" and restored is None
    withdraw("24076", "--undo")  # a commune's code names its withdrawn files when restoring
    run_library(inbox, database)
    assert _poor(database, "24076") == 100


def test_a_file_taken_out_of_the_inbox_no_longer_counts_and_is_listed(demo_inbox, tmp_path):
    inbox, corrected = _two_files_for_phu_tuc(demo_inbox, tmp_path)
    database = tmp_path / "w.duckdb"
    run_library(inbox, database, received_on=RECEIVED)
    corrected.unlink()
    summary = run_library(inbox, database)
    assert _poor(database, "24076") == 107
    assert [(g["file_name"], g["kind"]) for g in summary["withdrawn"]] == [("24076-phu-tuc-sua.xlsx",
                                                                           "removed_from_inbox")]
    assert summary["completeness"]["counts"]["on_time"] == 14


def test_withdrawing_what_is_not_there_says_so(demo_warehouse, tmp_path):
    result = CliRunner().invoke(app, ["withdraw", "99999", "--period", "2020", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and "there is no warehouse" in result.output
    assert CliRunner().invoke(app, ["init", "--warehouse", str(tmp_path / "w.duckdb")]).exit_code == 0
    result = CliRunner().invoke(app, ["withdraw", "24091", "--period", "2020", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and "the warehouse holds no run yet" in result.output, result.output
    (tmp_path / "w.duckdb").unlink()
    (tmp_path / "w.work.duckdb").unlink()
    shutil.copy(demo_warehouse, tmp_path / "w.duckdb")
    result = CliRunner().invoke(app, ["withdraw", "99999", "--period", "2020", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and "'99999'" in result.output


@pytest.mark.parametrize("change, reason", [
    (lambda s: setattr(s, "period", "2021"), "period_mismatch"),
    (lambda s: setattr(s.commune, "commune_code", "99999"), "commune_unknown"),
])
def test_a_commune_whose_only_file_was_refused_is_rejected_with_the_reason(demo_inbox, tmp_path, change, reason):
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    next(inbox.glob("24091-*.xlsx")).unlink()
    refused = submission("24091")
    change(refused)
    write(inbox / "ia-mlah.xlsx", refused)
    summary = run_library(inbox, tmp_path / "w.duckdb", received_on=RECEIVED)
    [absent] = summary["completeness"]["absent"]
    assert (absent["commune_code"], absent["status"]) == ("24091", "rejected")
    assert reason in absent["rejected_for"]


ANALYST = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.sql("select poor_households from marts.poverty_by_commune where commune_code = '24076'").fetchall()[0][0],
          flush=True)
    sys.stdin.readline()  # holds the file open until told
    print(con.sql("select poor_households from marts.poverty_by_commune where commune_code = '24076'").fetchall()[0][0],
          flush=True)
""")


def test_an_analyst_reading_the_warehouse_neither_blocks_a_run_nor_sees_half_of_one(demo_inbox, tmp_path):
    inbox, corrected = _two_files_for_phu_tuc(demo_inbox, tmp_path)
    corrected.rename(tmp_path / corrected.name)
    database = tmp_path / "w.duckdb"
    run_library(inbox, database, received_on=RECEIVED)
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(database)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "107"
        (tmp_path / corrected.name).rename(corrected)
        run_library(inbox, database)  # does not fail on the analyst's lock
        assert _poor(database, "24076") == 100  # a new connection reads the new state
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline().strip() == "107"  # the open one still reads the state it opened
    finally:
        analyst.kill()


def _filled(unit: dict, period: str, seed: int = 1) -> Submission:
    return synthetic_submission(unit, period, random.Random(seed))


def test_a_commune_is_named_as_it_was_in_the_period(tmp_path):
    """Hồng Thượng (A Lưới) reported in 2020 to Tỉnh Thừa Thiên Huế, which became Thành phố Huế on 1 January 2025."""
    result = CliRunner().invoke(app, ["template", "--commune", "Hồng Thượng", "--district", "A Lưới", "--province",
                                      "Thừa Thiên Huế", "--period", "2020", "-o", str(tmp_path / "blank.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Tỉnh Thừa Thiên Huế" in result.output
    info = {r[0].value: r[1].value for r in load_workbook(tmp_path / "blank.xlsx")["Thông tin báo cáo"].iter_rows(min_row=4)}
    assert info["Tỉnh"] == "Thừa Thiên Huế"
    unit = find_commune("Hồng Thượng", "2020", "A Lưới", "Thừa Thiên Huế")
    inbox = tmp_path / "inbox"
    write_submission(inbox / "hong-thuong.xlsx", _filled(unit, "2020"))
    summary = run_library(inbox, tmp_path / "w.duckdb", received_on=RECEIVED)
    assert summary["counts"]["loaded"] == 1, summary
    book = load_workbook(summary["outputs"]["workbooks"][0])
    assert "TỈNH THỪA THIÊN HUẾ" in book["Phụ lục 1"]["A2"].value
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.sql("select province_name from marts.poverty_by_province").fetchall() == [("Tỉnh Thừa Thiên Huế",)]
    assert find_commune("Hồng Thượng", "2025-H1", "A Lưới", "Huế")["province_name"] == "Thành phố Huế"


def test_a_code_of_the_other_structure_is_refused_with_what_became_of_it(tmp_path):
    result = CliRunner().invoke(app, ["template", "--commune", "24091", "--period", "2025", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "Xã Ia Mlăh" in result.output and "Xã Phú Túc (24076)" in result.output and "1 July 2025" in result.output
    inbox = tmp_path / "inbox"
    old = submission("24091")
    old.period = "2025"
    write(inbox / "ia-mlah-2025.xlsx", old)
    summary = run_library(inbox, tmp_path / "w.duckdb", period="2025")
    [refused] = summary["quarantined"]
    [problem] = [e for e in refused["errors"] if e["rule"] == "commune_other_structure"]
    assert "Xã Phú Túc (24076)" in problem["message_vi"] and "became part of" in problem["message_en"]


def test_an_island_district_without_communes_reports_as_one_unit(tmp_path):
    unit = find_commune("755", "2020")
    assert (unit["commune_name"], unit["district_name"]) == ("Huyện Côn Đảo", "Huyện Côn Đảo")
    inbox = tmp_path / "inbox"
    write_submission(inbox / "con-dao.xlsx", _filled(unit, "2020"))
    other = find_commune("Long Sơn", "2020", "Vũng Tàu", "Bà Rịa - Vũng Tàu")
    write_submission(inbox / "long-son.xlsx", _filled(other, "2020", 2))
    summary = run_library(inbox, tmp_path / "w.duckdb", received_on=RECEIVED)
    assert summary["counts"]["loaded"] + summary["counts"]["loaded_with_warnings"] == 2, summary
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.sql("select communes, districts from marts.poverty_by_province").fetchall() == [(2, 2)]
    assert len(units.legacy_communes()) == 10040


def test_a_code_and_a_name_that_disagree_wait_for_a_person(demo_inbox, demo_warehouse, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    crossed = submission("24091")  # Ia Mláh's figures under Chư Drăng's code
    crossed.commune.commune_code = "24094"
    write(inbox / "crossed.xlsx", crossed)
    summary = run_library(inbox, tmp_path / "w.duckdb", received_on=RECEIVED)
    [review] = summary["needs_review"]
    assert review["file"] == "crossed.xlsx" and review["errors"][0]["rule"] == "commune_conflict"
    assert "'Xã Ia Mláh' (24091" in review["errors"][0]["message_vi"]
    assert _poor(tmp_path / "w.duckdb", "24094") == _poor(demo_warehouse, "24094")  # Chư Drăng's own figures stand


def test_usage_errors_answer_at_once_without_loading_prefect(tmp_path):
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}  # Python lists every module it imports on stderr
    for arguments, status in ((["run", "--period", "20"], 2), (["run", "--period", "2020", "--inbox", str(tmp_path)], 3),
                              (["run", "--period", "2020", "--inbox", str(tmp_path / "none")], 2)):
        done = subprocess.run([GIAMNGHEO, *arguments], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == status, done.stdout
        assert done.stdout.startswith("Lỗi / error:") and len(done.stdout.strip().splitlines()) == 1
        imported = done.stderr
        assert "prefect" not in imported and "great_expectations" not in imported and "duckdb" not in imported


def test_the_older_of_two_files_received_together_counts_once_it_is_saved_again(demo_inbox, tmp_path):
    inbox, corrected = _two_files_for_phu_tuc(demo_inbox, tmp_path)
    [original] = [path for path in inbox.glob("24076-*") if path != corrected]
    saved = RECEIVED.timestamp() - 3600
    os.utime(original, (saved, saved))
    os.utime(corrected, (saved + 60, saved + 60))
    database = tmp_path / "w.duckdb"
    run_library(inbox, database, received_on=RECEIVED)
    assert _poor(database, "24076") == 100  # the corrected file, saved last

    os.utime(original, (saved + 120, saved + 120))  # the commune saves its first file again: it is the latest now
    run_library(inbox, database, received_on=RECEIVED)

    assert _poor(database, "24076") == 107
    scratch = tmp_path / "scratch.duckdb"
    run_library(inbox, scratch, received_on=RECEIVED)
    assert _poor(scratch, "24076") == 107


def test_the_demo_leaves_nothing_for_python_to_warn_about(tmp_path):
    """No leaked semaphore (the check's process, stopped after its work, held tqdm's lock) and no unclosed file."""
    done = subprocess.run([GIAMNGHEO, "demo"], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONWARNINGS": "error::ResourceWarning"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "leaked" not in done.stderr and "Warning" not in done.stderr, done.stderr[-3000:]


def test_output_sent_to_a_pipe_keeps_each_path_on_one_line(tmp_path):
    """A log or `| less` gets whole lines: a file's path is not broken at the 80th column."""
    inbox = tmp_path / ("thư mục các xã gửi về huyện Krông Pa năm 2020 " * 2).strip() / "inbox"
    inbox.mkdir(parents=True)
    write_submission(inbox / "24091-xa-ia-mlah-2020-ban-gui-lai-lan-thu-hai-sau-khi-sua.xlsx", submission("24091"))
    broken = submission("24082")
    broken.villages[0]["poor_households"] = "nhiều"
    write_submission(inbox / "24082-xa-ia-rsuom-2020-ban-co-loi-can-sua-lai-va-gui-lai.xlsx", broken)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    done = subprocess.run([GIAMNGHEO, "run", "--period", "2020", "--inbox", str(inbox), "--warehouse",
                           str(tmp_path / "w.duckdb"), "--out", str(tmp_path / "out")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert max(map(len, lines)) > 80  # long lines, as written
    report = next(tmp_path.glob("out/2020/quarantine/*.loi.csv"))
    assert any(str(report) in line for line in lines), done.stdout
    assert any(str(tmp_path / "w.duckdb") in line for line in lines), done.stdout
