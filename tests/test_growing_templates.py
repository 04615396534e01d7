"""Templates that grow: a commune with more villages (or households) than the template's rows inserts rows on the
protected sheet, and the totals, the village targets the commune's own targets sum and the reader all follow.

Rows are inserted with openpyxl, which moves the cells but rewrites no formula (Excel and LibreOffice would), and
the workbook is then opened and saved again by LibreOffice, as a commune's computer does, so that the formulas are
calculated: the totals must hold whichever way the rows came."""

import random
import subprocess
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from giamngheo.demo import demo_register
from publish.register_template import Register, write_register
from publish.template import BLANK_VILLAGE_ROWS, Submission, write_submission
from tests.conftest import run_library
from tests.helpers import submission
from tests.test_feedback import libreoffice
from transforms.extract import read_submission
from transforms.pseudonym import KEY_VARIABLE
from vocabulary import labels

HOUSEHOLDS = labels.HOUSEHOLDS_SHEET.label_vi
VILLAGE_TARGETS = labels.VILLAGE_TARGETS_SHEET.label_vi
TARGETS = labels.TARGETS_SHEET.label_vi


def saved_by_libreoffice(path: Path, directory: Path) -> Path:
    """The workbook opened and saved as .xlsx by LibreOffice, its formulas calculated."""
    directory.mkdir()
    done = subprocess.run(
        [libreoffice(), f"-env:UserInstallation={(directory / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(directory), str(path)],
        capture_output=True, text=True, timeout=180)
    saved = directory / path.name
    assert done.returncode == 0 and saved.is_file(), done.stderr
    return saved


def table_rows(sheet) -> tuple[int, int]:
    """The header's row and the total's, on a village table."""
    rows = {cell.value: cell.row for cell in sheet["B"] if isinstance(cell.value, str)}
    return rows[labels.VILLAGE_LABEL.label_vi], rows[labels.TOTAL_LABELS[0]]


def insert_villages(sheet, villages: list[dict], codes: list[str]) -> None:
    """Each village in a row inserted into the table: the first in the middle, the last right above the total
    (where a plain SUM(E5:E19) would not grow)."""
    header, total = table_rows(sheet)
    for n, village in enumerate(villages):
        at = header + 3 if n == 0 else table_rows(sheet)[1]
        sheet.insert_rows(at)
        sheet.cell(at, 2, village["village"])
        for col, code in enumerate(codes, start=3):
            sheet.cell(at, col, village[code])


def test_the_templates_let_rows_be_inserted_on_their_protected_sheets(tmp_path):
    book = openpyxl.load_workbook(write_submission(tmp_path / "t.xlsx", Submission(submission().commune, "2020")))
    for name in (HOUSEHOLDS, labels.DEPRIVATION_SHEET.label_vi, VILLAGE_TARGETS):
        assert book[name].protection.sheet and not book[name].protection.insertRows, name  # False: allowed
        header, total = table_rows(book[name])
        assert total - header - 1 == BLANK_VILLAGE_ROWS >= 20
        assert book[name].cell(total, 3).value == f"=SUM(C{header}:INDEX(C:C,ROW()-1))"
    register = openpyxl.load_workbook(write_register(tmp_path / "r.xlsx", Register(submission().commune, "2020")))
    assert register.worksheets[1].protection.sheet and not register.worksheets[1].protection.insertRows


def test_villages_inserted_are_summed_read_and_validated(tmp_path):
    filled = submission("24091")
    extra = [dict(filled.villages[0], village="Buôn Mới A"), dict(filled.villages[1], village="Buôn Mới B")]
    measures = [m.code for m in labels.HOUSEHOLD_MEASURES]
    # the template as the commune got it, filled by hand in rows of its own and rows inserted
    source = submission("24091")
    # its own targets left to the villages', which the targets sheet sums by formula
    source.targets = {k: v for k, v in source.targets.items() if k not in {m.code for m in labels.TARGET_MEASURES}}
    path = write_submission(tmp_path / "filled.xlsx", source)
    book = openpyxl.load_workbook(path)
    insert_villages(book[HOUSEHOLDS], extra, measures)
    targets = [dict(zip((m.code for m in labels.TARGET_MEASURES), (100, 50, 10, 8, 5)), village=f"Thôn {n}")
               for n in range(1, 4)]
    insert_villages(book[VILLAGE_TARGETS], targets, [m.code for m in labels.TARGET_MEASURES])
    book.save(path)
    saved = saved_by_libreoffice(path, tmp_path / "saved")

    grid = CalamineWorkbook.from_path(str(saved)).get_sheet_by_name(HOUSEHOLDS).to_python()
    [total] = [row for row in grid if row[1] == labels.TOTAL_LABELS[0]]
    expected = [sum(v[code] for v in [*source.villages, *extra]) for code in measures]
    assert [int(x) for x in total[2:2 + len(measures)]] == expected  # the inserted rows summed, above the total too
    plan = {row[1]: row[2] for row in CalamineWorkbook.from_path(str(saved)).get_sheet_by_name(TARGETS).to_python()}
    assert plan["Tổng số hộ dự kiến"] == 300 and plan["Hộ cận nghèo"] == 15  # the three villages' targets, summed

    extracted = read_submission(saved)
    assert extracted.problems == []
    villages = {cell[4] for cell in extracted.cells if cell[0] == "households" and cell[4]}
    assert {"Buôn Mới A", "Buôn Mới B"} <= villages and len(villages) == len(source.villages) + 2
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    saved.rename(inbox / saved.name)
    summary = run_library(inbox, tmp_path / "w.duckdb")
    assert summary["counts"]["loaded"] == 1 and not summary["quarantined"], summary["quarantined"]


def test_the_register_takes_more_households_than_its_rows(tmp_path, monkeypatch):
    """A register is read to its last household, whatever rows were inserted among them."""
    monkeypatch.setenv(KEY_VARIABLE, "a-test-key-that-is-long-enough")
    register = demo_register(submission("24091"), random.Random(1))
    path = write_register(tmp_path / "r.xlsx", register)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    sheet.insert_rows(8, 3)  # three households more, typed in rows inserted among the others
    first = [cell.value for cell in sheet[5]]
    for row in (8, 9, 10):
        for col, value in enumerate(first, start=1):
            sheet.cell(row, col, value)
        sheet.cell(row, 3, 90_000 + row)  # a household number of its own
        sheet.cell(row, 5, f"0641{row:08d}")  # and an identity number
    book.save(path)
    extracted = read_submission(saved_by_libreoffice(path, tmp_path / "saved"))
    assert extracted.kind == "register" and extracted.problems == []
    assert len(extracted.households) == len(register.households) + 3
