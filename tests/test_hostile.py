"""An inbox as an attacker or a careless officer leaves it: links out of the inbox, lock and hidden files, a folder
named like a workbook, files of the same name in two folders, identical copies, names no file system likes, text
meant for a terminal or a Markdown page. Every file gets one outcome, nothing outside the inbox is read or copied,
and the demo's district figures stand."""

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_library
from tests.corpus import CASES
from tests.helpers import submission, write

GIAMNGHEO = str(Path(sys.executable).parent / "giamngheo")
SECRET = "root:x:0:0:giamngheo-secret"


def _bad(code: str = "24085", variant: str = ""):
    """A refused file; each variant other bytes (identical files would be one submission)."""
    sub = submission(code)
    sub.villages[1]["poor_households"] = "12 hộ"
    sub.preparer = variant
    return sub


def hostile_inbox(root: Path, demo_inbox: Path) -> tuple[Path, dict[str, str]]:
    """The 14 demo workbooks and one file (or entry) of every hostile class; {entry: the outcome it must get}."""
    inbox = root / "inbox"
    shutil.copytree(demo_inbox, inbox)
    outside = root / "outside"
    outside.mkdir()
    (outside / "passwd.xlsx").write_text(SECRET)
    expected = {}
    (inbox / "link.xlsx").symlink_to(outside / "passwd.xlsx")
    expected["link.xlsx"] = "set_aside"
    (inbox / "linked-folder").symlink_to(outside, target_is_directory=True)
    expected["linked-folder"] = "set_aside"
    write(inbox / "~$24076-tt-phu-tuc-2020.xlsx", submission("24076"))
    expected["~$24076-tt-phu-tuc-2020.xlsx"] = "set_aside"
    write(inbox / ".an.xlsx", submission("24076"))
    expected[".an.xlsx"] = "set_aside"
    (inbox / "giai-nen.xlsx").mkdir()
    (inbox / "giai-nen.xlsx" / "[Content_Types].xml").write_text("<Types/>")
    expected["giai-nen.xlsx"] = "set_aside"
    for folder in ("xa-a", "xa-b"):  # the same name in two folders: two reports, neither overwritten
        write(inbox / folder / "bao-cao.xlsx", _bad(variant=folder))
        expected[f"{folder}/bao-cao.xlsx"] = "quarantined"
    shutil.copyfile(inbox / "24079-xa-ia-rsai-2020.xlsx", inbox / "ban-sao-24079.xlsx")
    expected["ban-sao-24079.xlsx"] = "duplicate"  # counted once: the totals are not doubled
    for name in ("bao\x1b[31mcao\x07.xlsx", "x" * 240 + ".xlsx", "\u202egnp.xlsx", "[link=mailto:x@example.com]bấm.xlsx",
                 "`rm -rf ~`.xlsx"):
        write(inbox / name, _bad("24088", variant=name))
        expected[name] = "quarantined"
    for case in CASES:
        if case.name in ("zip_bomb", "xml_entity_expansion", "sheet_of_a_million_rows", "hidden_sheet_before_the_"
                         "visible_one", "a_quadrillion_households", "code_of_another_commune", "village_typed_below_"
                         "the_total", "terminal_markup_in_village_names", "tens_of_thousands_of_broken_cells",
                         "formula_error_xls", "direction_mark_in_a_figure", "byte_order_mark_in_the_commune_code",
                         "binary_workbook_xlsb", "csv_export", "header_below_row_40",
                         "copy_of_the_table_kept_for_reference", "last_years_sheet_placed_first"):
            work = root / "made" / case.name
            work.mkdir(parents=True)
            made = case.make(work)
            target = inbox / f"{case.name}{''.join(made.suffixes)}"
            made.rename(target)
            # a loaded file with hidden sheets is loaded with a warning saying they were not read, and one whose
            # table was read from one of two sheets with a warning naming the other
            warned = case.name.startswith("hidden_sheet") or case.name == "last_years_sheet_placed_first"
            expected[target.name] = "loaded_with_warnings" if warned else case.status
    return inbox, expected


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, demo_inbox):
    root = tmp_path_factory.mktemp("hostile")
    inbox, expected = hostile_inbox(root, demo_inbox)
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run([GIAMNGHEO, "run", "--period", "2020", "--inbox", str(inbox), "--warehouse",
                           str(root / "w.duckdb"), "--out", str(root / "out"), "--received-on", "2020-10-15"],
                          capture_output=True, text=True, env=env, timeout=900)
    # the same period again, in this process: each file's outcome, from what the first run recorded (it reads again
    # only the files waiting for a person to confirm their commune)
    summary = run_library(inbox, root / "w.duckdb", out=root / "out", received_on=datetime(2020, 10, 15))
    return root, inbox, expected, done, summary


def test_the_run_exits_0_and_keeps_the_demos_district_figures(hostile):
    root, _, _, done, _ = hostile
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with duckdb.connect(str(root / "w.duckdb"), read_only=True) as con:
        [(poor, rate)] = con.sql("select poor_households, round(poverty_rate_pct, 2) from marts.poverty_by_district "
                                 "where district_code = '637'").fetchall()
    assert (poor, rate) == (2342, 11.78)
    assert "2.342" in done.stdout and "11,78" in done.stdout


def test_every_entry_gets_exactly_one_outcome_and_the_counts_add_up(hostile, demo_inbox):
    _, inbox, expected, _, summary = hostile
    outcomes = {}
    for kind in summary["counts"]:
        for item in summary[kind]:
            entry = str(Path(item["path"]).relative_to(inbox))
            assert entry not in outcomes, entry
            outcomes[entry] = kind
    demo = {p.name for p in demo_inbox.iterdir()}
    assert {k: v for k, v in outcomes.items() if k not in demo} == expected
    assert sum(summary["counts"].values()) == summary["workbooks"] == len(expected) + len(demo)


def test_the_run_names_every_file_it_did_not_simply_load_and_prints_no_control_character(hostile):
    _, _, expected, done, summary = hostile
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout
    loaded = {item["file"] for item in summary["loaded"]}
    for entry in expected:
        name = entry.split("/")[-1]
        if name not in loaded:
            shown = name.replace("\x1b", "?").replace("\x07", "?").replace("\u202e", "?")
            assert shown[:60] in done.stdout.replace("\n", ""), entry


def test_nothing_outside_the_inbox_is_read_copied_or_echoed(hostile):
    root, _, _, done, _ = hostile
    assert SECRET not in done.stdout + done.stderr
    for path in (root / "out").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
        assert not path.is_symlink(), path


def test_files_of_the_same_name_in_two_folders_keep_both_reports(hostile):
    root, _, _, _, _ = hostile
    reports = sorted(p.name for p in (root / "out" / "2020" / "quarantine").glob("bao-cao*.loi.csv"))
    assert len(reports) == 2 and len(set(reports)) == 2


def test_every_report_name_is_safe_and_short(hostile):
    root, _, _, _, _ = hostile
    for path in (root / "out" / "2020" / "quarantine").iterdir():
        assert len(path.name.encode()) <= 255 and not any(ord(c) < 32 for c in path.name), path.name
        assert "\u202e" not in path.name


def test_a_shell_command_suggested_for_a_crafted_name_is_quoted(tmp_path):
    from vocabulary.escape import for_shell

    crafted = 'Chư Ngọk"; touch pwned; echo "'
    line = f"printf '%s\\n' {for_shell(crafted)}"
    done = subprocess.run(["bash", "-c", line], cwd=tmp_path, capture_output=True, text=True)
    assert done.stdout.strip() == crafted and not (tmp_path / "pwned").exists()
