"""Every kind of messy or hostile workbook in tests/corpus.py gets its stated outcome, and none affects the others."""

import shutil

import duckdb
import polars as pl
import pytest

from checks.validate import validate
from tests.conftest import run_library
from tests.corpus import CASES
from transforms.extract import read_submission
from transforms.frames import cells_frame, submissions_frame
from warehouse.load import workbook_status


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """{case name: path} for the whole corpus, written into one folder."""
    folder = tmp_path_factory.mktemp("corpus")
    paths = {}
    for case in CASES:
        work = folder / case.name
        work.mkdir()
        made = case.make(work)
        paths[case.name] = made.rename(folder / f"{case.name}{''.join(made.suffixes)}")
        shutil.rmtree(work)
    return folder, paths


@pytest.fixture(scope="module")
def outcomes(corpus):
    """{case name: (status, errors)} from reading and validating the whole corpus together, as a run does."""
    _, paths = corpus
    extracted = [read_submission(path) for path in paths.values()]
    submissions, cells = submissions_frame(extracted, "2020"), cells_frame(extracted)
    errors = validate(extracted, submissions, cells, "2020")
    status = dict(workbook_status(errors).iter_rows())
    results = {}
    for name, item in zip(paths, extracted):
        file_id = item.workbook.sha256
        results[name] = (status.get(file_id, "loaded"), errors.filter(pl.col("file_id") == file_id).to_dicts(), item)
    return results


def test_the_corpus_has_at_least_thirty_kinds():
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_gets_its_stated_outcome(case, outcomes):
    status, errors, _ = outcomes[case.name]
    assert status == case.status, errors
    if case.rule:
        assert case.rule in {e["rule"] for e in errors}
    for error in errors:
        # each message says what to do in both languages, and names the cell when there is one
        assert error["message_vi"] and error["message_en"]
        if error["cell"]:
            assert f"{error['sheet']}!{error['cell']}" in error["message_vi"]


@pytest.mark.parametrize("case, cause", [("xml_entity_expansion", "XML declarations"),
                                         ("xml_entity_expansion_stored", "XML declarations"),
                                         ("password_protected", "password-protected"),
                                         ("zip_password", "password-protected")])
def test_a_refused_container_is_told_why(case, cause, outcomes):
    [error] = outcomes[case][1]
    assert cause in error["message_en"], error["message_en"]


def test_legacy_encodings_are_converted_and_recorded(outcomes):
    from transforms import legacy_text

    for name in ("tcvn3", "vni"):
        _, _, item = outcomes[name]
        assert item.workbook.text_encoding == name
        assert legacy_text.detect(value for value, _, _ in item.info.values()) is None  # Unicode now
    assert outcomes["nfd"][2].workbook.text_encoding is None


def test_a_formula_typed_as_a_village_name_stays_text(outcomes):
    _, _, item = outcomes["village_named_like_a_formula"]
    assert '=HYPERLINK("http://example.com","Thôn 1")' in {cell[4] for cell in item.cells}


def test_a_tcvn3_copy_of_a_demo_workbook_loads_with_the_same_figures(demo_inbox, tmp_path):
    from tests.corpus import _map_text, write_grids
    from tests.helpers import grids
    from transforms import legacy_text

    source = sorted(demo_inbox.glob("24091*.xlsx"))[0]
    sheets = grids(source)
    _map_text(lambda text: legacy_text.encode(text, "tcvn3"))(sheets)
    copy = write_grids(tmp_path / "tcvn3.xlsx", sheets)
    unicode, legacy = read_submission(source), read_submission(copy)
    assert legacy.workbook.text_encoding == "tcvn3"
    assert sorted(legacy.cells) == sorted(unicode.cells)
    assert legacy.info == unicode.info


def test_the_corpus_mixed_with_the_demo_loads_exactly_the_valid_files(corpus, demo_inbox, tmp_path):
    folder, paths = corpus
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    for path in paths.values():
        shutil.copy(path, inbox / path.name)
    database = tmp_path / "w.duckdb"
    summary = run_library(inbox, database)
    valid = [c for c in CASES if c.status == "loaded"]
    assert summary["counts"]["loaded"] + summary["counts"]["loaded_with_warnings"] == 14 + len(valid)
    assert summary["counts"]["quarantined"] + summary["counts"]["needs_review"] == len(CASES) - len(valid)
    with duckdb.connect(str(database), read_only=True) as con:
        krong_pa = con.sql("""select poor_households, total_households, communes from marts.poverty_by_district
                              where district_name = 'Huyện Krông Pa'""").fetchall()
        assert krong_pa == [(2342, 19886, 14)]
        em = con.sql("""select em_poor_households from marts.ethnic_minority_by_district
                        where district_name = 'Huyện Krông Pa'""").fetchall()
        assert em == [(2151,)]


def test_every_rejected_workbook_that_can_be_opened_gets_a_marked_up_copy(corpus, tmp_path):
    from openpyxl import load_workbook

    from publish.quarantine import write_quarantine

    _, paths = corpus
    extracted = [read_submission(path) for path in paths.values()]
    submissions, cells = submissions_frame(extracted, "2020"), cells_frame(extracted)
    errors = validate(extracted, submissions, cells, "2020")
    reports = write_quarantine(errors, submissions, tmp_path / "quarantine")
    # a CSV is no workbook to mark up (an .xlsb is: it is rebuilt as an .xlsx)
    unreadable = set(errors.filter(pl.col("rule").is_in(["unreadable", "format_csv"]))["file_id"])
    assert len(reports) == errors["file_id"].n_unique()
    for report in reports:
        if report["file_id"] in unreadable:
            assert report["feedback"] is None
        else:
            problems = load_workbook(report["feedback"])["Danh sách lỗi"]
            assert problems.max_row >= 3, report["copy"].name


@pytest.mark.parametrize("case, error", [("formula_error_xlsx", "#REF!"), ("formula_error_xls", "#DIV/0!"),
                                         ("formula_error_ods", "#N/A")])
def test_a_formula_error_is_named_in_every_format(case, error, outcomes):
    _, errors, _ = outcomes[case]
    [named] = [e for e in errors if e["rule"] == "formula_error"]
    assert (named["sheet"], named["cell"], named["value"]) == ("Hộ theo thôn", "F5", error)
    assert f"công thức trả về lỗi {error}" in named["message_vi"]
    assert f"the formula gives the error {error}" in named["message_en"]
    assert "blank" not in {e["rule"] for e in errors}


def test_a_direction_mark_in_a_figure_is_named(outcomes):
    _, errors, _ = outcomes["direction_mark_in_a_figure"]
    [error] = [e for e in errors if e["rule"] == "not_a_number"]
    assert "'⟨U+202E⟩23'" in error["message_vi"] and "'⟨U+202E⟩23'" in error["message_en"]


@pytest.mark.parametrize("case, rule, instead", [("binary_workbook_xlsb", "format_xlsb", "save it as .xlsx"),
                                                 ("csv_export", "format_csv", "not a CSV export")])
def test_an_xlsb_or_a_csv_is_refused_saying_what_to_send_and_counts_for_its_commune(case, rule, instead, outcomes):
    _, errors, item = outcomes[case]
    assert [e["rule"] for e in errors] == [rule]
    assert instead in errors[0]["message_en"] and ".xlsx" in errors[0]["message_vi"]
    submissions = submissions_frame([item], "2020")
    assert submissions["attributed_commune_code"][0] == item.info["commune_code"][0]
    assert item.cells == []  # nothing of it is read but what it declares


def test_a_header_below_the_first_forty_rows_is_found(outcomes):
    _, _, item = outcomes["header_below_row_40"]
    rows = [cell[2] for cell in item.cells if cell[0] == "households"]
    assert min(rows) > 45


def test_two_sheets_holding_the_table_wait_for_a_person_and_nothing_is_taken(outcomes):
    _, errors, item = outcomes["copy_of_the_table_kept_for_reference"]
    [error] = errors
    assert "'Hộ theo thôn', 'Hộ theo thôn (2)'" in error["message_vi"]
    assert "'Hộ theo thôn', 'Hộ theo thôn (2)'" in error["message_en"]
    assert item.cells == []


def test_last_years_sheet_placed_first_is_not_read_and_is_named(outcomes):
    _, errors, item = outcomes["last_years_sheet_placed_first"]
    assert errors == []
    assert {cell[1] for cell in item.cells if cell[0] == "households"} == {"Hộ theo thôn"}
    assert item.sheet_choices == [{"section": "households", "sheet": "Hộ theo thôn", "cell": "B4",
                                   "set_aside": ["Hộ theo thôn 2019"]}]
