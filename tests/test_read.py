import polars as pl
import pytest

from tests.helpers import as_ods, as_xls, submission, write
from transforms.extract import read_submission
from transforms.frames import cells_frame


def figures(path) -> dict:
    """(section, village, measure) -> number, for comparing files."""
    frame = cells_frame([read_submission(path)])
    return {(r["section"], r["village"], r["is_total"], r["measure"]): r["value"] for r in frame.iter_rows(named=True)}


def test_demo_workbook_yields_every_figure_with_its_cell(tmp_path):
    sub = submission("24076")
    item = read_submission(write(tmp_path / "a.xlsx", sub))
    assert item.problems == []
    frame = cells_frame([item])
    first = frame.filter((pl.col("section") == "households") & (pl.col("measure") == "poor_households")).row(0, named=True)
    assert (first["sheet"], first["col"], first["row"]) == ("Hộ theo thôn", "F", 5)
    assert first["village"] == sub.villages[0]["village"]
    assert first["value"] == sub.villages[0]["poor_households"]
    total = frame.filter(pl.col("is_total") & (pl.col("measure") == "poor_households")).row(0, named=True)
    assert total["value"] == 107  # Phú Túc's 2020 poor households, from the total row's stored formula result


def test_each_cell_read_becomes_its_row_of_the_frame_field_by_field(tmp_path):
    from transforms.tables import Cell

    item = read_submission(write(tmp_path / "a.xlsx", submission("24076")))
    frame = cells_frame([item])
    assert frame.columns == ["file_id", *Cell._fields, "value"]
    cell = next(c for c in item.cells if c.section == "households" and c.measure == "poor_households")
    row = frame.filter((pl.col("sheet") == cell.sheet) & (pl.col("row") == cell.row) & (pl.col("col") == cell.col))
    assert row.row(0, named=True) == {"file_id": item.workbook.sha256, **cell._asdict(), "raw": str(int(cell.raw)),
                                      "value": cell.raw}


@pytest.mark.parametrize("convert", [as_xls, as_ods], ids=["xls", "ods"])
def test_xls_and_ods_copies_read_the_same_figures(tmp_path, convert):
    original = write(tmp_path / "a.xlsx", submission("24115"))
    other = convert(original, tmp_path / f"a.{convert.__name__[3:]}")
    assert figures(other) == figures(original)
    assert read_submission(other).info["commune_code"][0] == "24115"


def test_vietnamese_number_text_is_read_as_numbers(tmp_path):
    sub = submission()
    sub.villages[0]["total_households"] = "1.234"
    item = read_submission(write(tmp_path / "a.xlsx", sub))
    cell = next(c for c in cells_frame([item]).iter_rows(named=True)
                if c["measure"] == "total_households" and c["village"] == sub.villages[0]["village"])
    assert (cell["raw"], cell["value"]) == ("1.234", 1234.0)


def test_decomposed_unicode_labels_and_names_are_normalised(tmp_path):
    import unicodedata

    sub = submission()
    sub.villages[0]["village"] = unicodedata.normalize("NFD", "Buôn Đắk")
    item = read_submission(write(tmp_path / "a.xlsx", sub))
    villages = {c[4] for c in item.cells if c[4]}
    assert "Buôn Đắk" in villages and all(unicodedata.is_normalized("NFC", v) for v in villages)


def test_header_found_by_label_when_rows_are_inserted_above(tmp_path):
    import openpyxl

    path = write(tmp_path / "a.xlsx", submission())
    book = openpyxl.load_workbook(path)
    book["Hộ theo thôn"].insert_rows(1, amount=3)
    moved = tmp_path / "moved.xlsx"
    book.save(moved)
    frame = cells_frame([read_submission(moved)])
    first = frame.filter(pl.col("measure") == "poor_households").row(0, named=True)
    assert first["row"] == 8


def test_what_is_not_a_workbook_is_one_clear_problem(tmp_path):
    for name, content in [("notes.txt", b"hello"), ("empty.xlsx", b""), ("broken.xlsx", b"PK\x03\x04garbage")]:
        path = tmp_path / name
        path.write_bytes(content)
        item = read_submission(path)
        assert [p.rule for p in item.problems] == ["unreadable"], name
        assert item.cells == []
