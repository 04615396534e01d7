import polars as pl
import pytest

from checks.validate import validate
from tests.helpers import submission, write
from transforms.extract import read_submission
from transforms.frames import cells_frame, submissions_frame


def errors_of(*paths, period="2020") -> pl.DataFrame:
    extracted = [read_submission(p) for p in paths]
    return validate(extracted, submissions_frame(extracted, period), cells_frame(extracted), period)


def only_error(path, period="2020") -> dict:
    errors = errors_of(path, period=period)
    assert errors.height == 1, errors.to_dicts()
    return errors.row(0, named=True)


def test_the_demo_workbooks_break_no_rule(demo_inbox):
    assert errors_of(*sorted(demo_inbox.glob("*.xlsx"))).is_empty()


def test_poor_above_households_names_the_cell_and_both_figures(tmp_path):
    sub = submission()
    village = sub.villages[1]
    village["poor_households"] = village["total_households"] + 5
    errors = errors_of(write(tmp_path / "a.xlsx", sub))
    exceeds = errors.filter(pl.col("rule") == "exceeds").to_dicts()
    assert {(e["sheet"], e["cell"]) for e in exceeds} >= {("Hộ theo thôn", "F6")}
    message = next(e for e in exceeds if e["cell"] == "F6")
    assert str(village["total_households"]) in message["message_vi"] and "F6" in message["message_en"]
    assert "Poor households cannot exceed all households" in message["message_en"]


@pytest.mark.parametrize("value, rule", [
    ("12 hộ", "not_a_number"), ("không", "not_a_number"), (-3, "negative"), (2.5, "not_whole"), (None, "blank"),
])
def test_each_bad_count_gets_its_rule(tmp_path, value, rule):
    sub = submission()
    sub.villages[0]["newly_poor_households"] = value  # J5: no other rule depends on it but the total
    errors = errors_of(write(tmp_path / "a.xlsx", sub))
    found = errors.filter(pl.col("cell") == "K5").to_dicts()
    assert [e["rule"] for e in found] == [rule], errors.to_dicts()
    assert "Hộ theo thôn!K5" in found[0]["message_vi"]


def test_total_row_must_equal_the_sum_of_villages(tmp_path):
    import openpyxl

    path = write(tmp_path / "a.xlsx", submission())
    # Totals typed over the formulas, as people do (openpyxl keeps no formula results), one of them 1 too many.
    book = openpyxl.load_workbook(path)
    for sheet in (book["Hộ theo thôn"], book["Thiếu hụt"]):
        total_row = next(row for row in sheet.iter_rows() if row[1].value == "Tổng cộng")
        for cell in total_row[2:]:
            cell.value = sum(sheet.cell(r, cell.column).value for r in range(5, cell.row))
    total_row = next(row for row in book["Hộ theo thôn"].iter_rows() if row[1].value == "Tổng cộng")
    total_row[5].value += 1
    book.save(path)
    error = only_error(path)
    assert (error["rule"], error["cell"], error["value"]) == ("total_mismatch", f"F{total_row[0].row}", "108")
    assert "107" in error["message_en"]


def test_deprived_households_cannot_outnumber_the_poor(tmp_path):
    sub = submission()
    row = sub.deprivations[0]
    poor = sub.villages[0]["poor_households"]
    sub.deprivations[1]["latrine"] -= poor + 1 - row["latrine"]  # keep the total
    row["latrine"] = poor + 1
    errors = errors_of(write(tmp_path / "a.xlsx", sub))
    assert errors.filter(pl.col("rule") == "exceeds")["cell"].to_list() == ["J5"]


def test_targets_follow_the_same_rules(tmp_path):
    sub = submission()
    sub.targets["em_poor_households"] = sub.targets["poor_households"] + 1
    error = only_error(write(tmp_path / "a.xlsx", sub))
    assert (error["sheet"], error["rule"]) == ("Chỉ tiêu kỳ sau", "exceeds")


def test_unknown_commune_code_is_rejected(tmp_path):
    sub = submission()
    sub.commune.commune_code = "99999"
    error = only_error(write(tmp_path / "a.xlsx", sub))
    assert (error["rule"], error["cell"]) == ("commune_unknown", "B7")


def test_commune_code_of_another_district_is_rejected(tmp_path):
    sub = submission()
    sub.commune.commune_code = "00004"  # a ward of Hà Nội, declared as Krông Pa
    error = only_error(write(tmp_path / "a.xlsx", sub))
    assert error["rule"] == "commune_mismatch"


@pytest.mark.parametrize("code, name, resolved", [
    ("24085", "Xã Chư Gu", "24085"),
    ("24076", "TT. Phú Túc", "24076"),
    ("24082", "Xã Ia Rsiom", None),  # not the official spelling (Ia RSươm): goes to review, not guessed
])
def test_commune_without_code_resolves_only_by_exact_name_in_its_district(tmp_path, code, name, resolved):
    sub = submission(code)
    sub.commune.commune_code, sub.commune.commune_name = "", name
    extracted = [read_submission(write(tmp_path / "a.xlsx", sub))]
    row = submissions_frame(extracted, "2020").row(0, named=True)
    assert row["resolved_commune_code"] == resolved
    assert row["resolution_method"] == ("exact_name" if resolved else None)


def test_file_for_another_period_is_rejected(tmp_path):
    error = only_error(write(tmp_path / "a.xlsx", submission()), period="2021")
    assert (error["rule"], error["value"]) == ("period_mismatch", "2020")


def test_duplicated_village_is_reported(tmp_path):
    sub = submission()
    sub.villages[1]["village"] = sub.villages[0]["village"].upper()
    sub.deprivations[1]["village"] = sub.deprivations[0]["village"]
    errors = errors_of(write(tmp_path / "a.xlsx", sub))
    assert set(errors["rule"]) == {"village_duplicated"}
    assert "B6" in errors["cell"].to_list()


def test_one_bad_workbook_does_not_touch_the_others_errors(tmp_path, demo_inbox):
    sub = submission()
    sub.villages[0]["poor_households"] = "nhiều"
    bad = write(tmp_path / "bad.xlsx", sub)
    errors = errors_of(bad, *sorted(demo_inbox.glob("*.xlsx")))
    assert errors["file_id"].n_unique() == 1


def test_a_file_that_is_not_a_workbook_gets_one_error_in_each_language(tmp_path):
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("số liệu gửi sau")
    error = only_error(notes)
    assert error["rule"] == "unreadable"
    assert error["message_vi"].startswith("không phải tệp bảng tính (.txt)")
    assert error["message_en"].startswith("not a spreadsheet (.txt)")



def test_a_figure_in_a_message_is_written_as_each_language_writes_it():
    """The red team's case: "860.5 không phải số nguyên", "cộng các thôn được 4080.5" in the Vietnamese messages."""
    import polars as pl

    from checks.validate import cell_errors, total_errors
    from transforms.frames import CELL_SCHEMA

    cells = pl.DataFrame({"file_id": ["f"] * 3, "section": ["households"] * 3, "sheet": ["S"] * 3, "row": [6, 7, 8],
                          "col": ["F"] * 3, "village": ["Thôn 1", "Thôn 2", None], "village_col": ["B"] * 3,
                          "is_total": [False, False, True], "measure": ["total_households"] * 3,
                          "raw": ["860.5", "3220", "4080"], "value": [860.5, 3220.0, 4080.0]}, schema=CELL_SCHEMA)
    [fraction] = cell_errors(cells)
    assert "860,5 không phải số nguyên" in fraction["message_vi"] and "860.5 is not a whole" in fraction["message_en"]
    [total] = total_errors(cells)
    assert "ghi 4.080 nhưng cộng các thôn được 4.080,5" in total["message_vi"]
    assert "says 4080 but the villages add up to 4080.5" in total["message_en"]
