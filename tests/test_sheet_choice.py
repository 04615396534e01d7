"""Where a table is looked for and which sheet it is read from: below the first forty rows when it is not in them (and
only then), and, when two visible sheets hold it, the one carrying the period's year, or none until a person says."""

import random

import pytest

from tests.corpus import HOUSEHOLDS, write_grids
from tests.helpers import grids, submission, write
from transforms import extract as extraction
from transforms.extract import read_submission
from transforms.tables import HEADER_SEARCH_ROWS, years_of

TARGETS = "Chỉ tiêu kỳ sau"


def _sheets(tmp_path, code="24091"):
    return grids(write(tmp_path / "base.xlsx", submission(code)))


def _read(tmp_path, sheets):
    return read_submission(write_grids(tmp_path / "a.xlsx", sheets))


def _pushed_down(grid, rows):
    width = len(grid[0])
    return grid[:1] + [[""] * width for _ in range(rows)] + grid[1:]


def test_a_table_and_the_information_far_below_the_first_rows_are_found(tmp_path):
    sheets = _sheets(tmp_path)
    sheets[HOUSEHOLDS] = _pushed_down(sheets[HOUSEHOLDS], 200)
    sheets["Thông tin báo cáo"] = _pushed_down(sheets["Thông tin báo cáo"], 60)
    item = _read(tmp_path, sheets)
    assert item.problems == []
    assert item.info["commune_code"] == ("24091", "Thông tin báo cáo", "B67")
    assert min(cell[2] for cell in item.cells if cell[0] == "households") == 205


def test_an_ordinary_file_is_searched_in_its_first_rows_only(tmp_path, monkeypatch):
    """A commune of many villages: its tables are near the top, so no sheet is folded beyond them."""
    sub = submission("24091")
    sub.villages = [dict(sub.villages[n % len(sub.villages)], village=f"Thôn {n}") for n in range(HEADER_SEARCH_ROWS + 20)]
    sub.deprivations = [dict(sub.deprivations[n % len(sub.deprivations)], village=f"Thôn {n}")
                        for n in range(HEADER_SEARCH_ROWS + 20)]
    path = write(tmp_path / "a.xlsx", sub)

    def deepen(self):
        raise AssertionError("searched below the first rows")

    monkeypatch.setattr(extraction.SheetLabels, "deepen", deepen)
    item = read_submission(path)
    assert not [p for p in item.problems if p.rule in ("sheet_missing", "info_missing")]
    assert len({cell[2] for cell in item.cells if cell[0] == "households"}) == HEADER_SEARCH_ROWS + 21


@pytest.mark.parametrize("name, title, years", [
    ("Hộ theo thôn", "HỘ NGHÈO THEO THÔN – Xã Ia Mlăh, năm 2020", {2020}),
    ("Hộ theo thôn 2019", "", {2019}),
    ("Thiếu hụt", "THIẾU HỤT (2016-2020 (Quyết định 59/2015/QĐ-TTg)) – năm 2019", {2015, 2019}),
    ("Số liệu", "Kỳ 2021-H1, lập ngày 15/10/2021", {2021}),
    ("Sheet1", "", set()),
])
def test_the_years_a_sheet_carries_leave_out_spans_of_years(name, title, years):
    assert years_of(name, [[title, 12.0]]) == years


def test_a_copy_of_the_targets_from_last_year_is_set_aside_by_the_targets_year(tmp_path):
    """The targets sheet's title names the year its targets are for (2021 in a 2020 report)."""
    sheets = _sheets(tmp_path)
    old = [list(row) for row in sheets[TARGETS]]
    old[0][0] = old[0][0].replace("2021", "2020")
    old[4][2] = 9999.0
    item = _read(tmp_path, {"Chỉ tiêu năm trước": old, **sheets})
    assert item.problems == []
    assert item.sheet_choices == [{"section": "targets", "sheet": TARGETS, "cell": "B4",
                                   "set_aside": ["Chỉ tiêu năm trước"]}]
    assert {cell[1] for cell in item.cells if cell[0] == "targets"} == {TARGETS}


def test_copies_that_carry_the_same_year_wait_for_a_person_naming_every_sheet(tmp_path):
    sheets = _sheets(tmp_path)
    copies = {"Bản 1": sheets[HOUSEHOLDS], "Bản 2": [list(row) for row in sheets[HOUSEHOLDS]]}
    item = _read(tmp_path, {**sheets, **copies})
    [problem] = item.problems
    assert problem.rule == "table_on_several_sheets"
    assert "'Hộ theo thôn', 'Bản 1', 'Bản 2'" in problem.message_vi and "period 2020" in problem.message_en
    assert "năm 2020" in problem.message_vi and item.cells == []


def test_a_copy_on_a_hidden_sheet_is_no_candidate(tmp_path):
    sheets = _sheets(tmp_path)
    item = read_submission(write_grids(tmp_path / "a.xlsx", {**sheets, "Ẩn": sheets[HOUSEHOLDS]},
                                       hidden_sheets={"Ẩn"}))
    assert item.problems == [] and item.sheet_choices == []


def test_a_register_on_two_sheets_waits_for_a_person(tmp_path, monkeypatch):
    from giamngheo.demo import demo_register
    from publish.register_template import write_register
    from transforms.pseudonym import KEY_VARIABLE

    monkeypatch.setenv(KEY_VARIABLE, "a-test-key-that-is-long-enough")
    register = demo_register(submission("24091"), random.Random(1))
    sheets = grids(write_register(tmp_path / "r.xlsx", register))
    listed = next(name for name in sheets if name != "Thông tin báo cáo")
    same_year = read_submission(write_grids(tmp_path / "a.xlsx", {**sheets, "Bản sao": sheets[listed]}))
    assert same_year.kind == "register" and [p.rule for p in same_year.problems] == ["table_on_several_sheets"]
    assert same_year.households == []
    old = [list(row) for row in sheets[listed]]
    old[0][0] = old[0][0].replace("năm 2020", "năm 2019")
    by_year = read_submission(write_grids(tmp_path / "b.xlsx", {"Năm trước": old, **sheets}))
    assert by_year.kind == "register" and by_year.problems == []
    assert by_year.sheet_choices == [{"section": "register", "sheet": listed, "cell": "E4", "set_aside": ["Năm trước"]}]
    assert {h["sheet"] for h in by_year.households} == {listed}
