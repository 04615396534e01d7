"""The published workbook, read back with openpyxl and checked against the district plan it reproduces.

Rows are found by their name cell and columns by their header texts, so the checks hold whatever the row and
column numbers are.
"""

import csv
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest
import xlsxwriter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from giamngheo.demo import DEMO_DATA
from publish.cells import half_up, set_text
from publish.workbooks import Sheet, publish_period, put
from tests.conftest import run_library
from vocabulary.labels import SEPARATORS_NOTE, SYNTHETIC_BANNER_VI

RESULT, PLAN = "Thực hiện năm 2020", "Kế hoạch năm 2021"
PLACE = "Huyện Krông Pa, Tỉnh Gia Lai"
ATTACHED = ("(Kèm theo Báo cáo số …/BC-LĐTBXH ngày … tháng … năm … của Phòng Lao động - Thương binh và Xã hội huyện "
            "Krông Pa)")
P1_HEADERS = ("Số hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Mức giảm tỷ lệ hộ nghèo (%)", "Số hộ nghèo giảm")
P2_HEADERS = ("Số hộ nghèo DTTS", "Tỷ lệ hộ nghèo DTTS so với dân cư DTTS (%)",
              "Mức giảm tỷ lệ hộ nghèo trong đồng bào DTTS (%)", "Số hộ nghèo DTTS giảm")
# Cells where the printed plan's own subtraction is 0.01 off and the workbook has the right figure:
# Chư Drăng 15.30 − 10.60 = 4.70 (printed 4.71), Ia Mláh 4.88 − 3.47 = 1.41 (printed 1.4),
# Chư Gu DTTS 9.92 − 7.35 = 2.57 (printed 2.58).
PRINTED_SLIPS = {("Phụ lục 1", "24094"): 4.70, ("Phụ lục 1", "24091"): 1.41, ("Phụ lục 2", "24085"): 2.57}


@pytest.fixture(scope="module")
def con(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def published(con, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return out, publish_period(con, "2020", out)


@pytest.fixture(scope="module")
def book(published):
    [path] = published[1]["workbooks"]
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def commune_names(con) -> dict[str, str]:
    return dict(con.execute("select commune_code, commune_name from marts.plan_vs_result_by_commune "
                            "where period = '2020'").fetchall())


def header_blocks(sheet) -> list[range]:
    """The header rows of each table on the sheet (Phụ lục 3 repeats them at the top of every page): those the
    TT/STT cell in column A is merged over."""
    corners = sorted((r for r in sheet.merged_cells.ranges
                      if r.min_col == 1 and sheet.cell(r.min_row, 1).value in ("TT", "STT")), key=lambda r: r.min_row)
    return [range(corner.min_row, corner.max_row + 1) for corner in corners]


def header_rows(sheet) -> range:
    """The first table's header rows."""
    return header_blocks(sheet)[0]


def block_rows(sheet, block: range) -> list[tuple]:
    """The rows under a table's headers, up to the next headers' page (its '(tiếp)' title)."""
    blocks = header_blocks(sheet)
    following = [b.start for b in blocks if b.start > block.start]
    last = following[0] - 1 if following else sheet.max_row
    return [row for row in sheet.iter_rows(min_row=block.stop, max_row=last)
            if not (isinstance(row[0].value, str) and row[0].value.startswith("Phụ lục"))
            and not (row[0].value is None and row[2].value is None and any(c.value for c in row))]


def title(sheet, row: int) -> str:
    """A title line: the first cell of its row with text (Phụ lục 3's start right of the columns it repeats on
    every page)."""
    return next(c.value for c in sheet[row] if c.value)


def merged_over(sheet, text: str):
    [cells] = [r for r in sheet.merged_cells.ranges if sheet.cell(r.min_row, r.min_col).value == text]
    return cells


def columns_in(sheet, block: range, *texts: str) -> list[int]:
    merged = {cell: sheet.cell(r.min_row, r.min_col).value for r in sheet.merged_cells.ranges for cell in r.cells}
    return [col for col in range(1, sheet.max_column + 1)
            if set(texts) <= {merged.get((row, col), sheet.cell(row, col).value) for row in block}]


def column(sheet, *texts: str) -> int:
    """The one column whose header cells (merged cells read through to their text) include all the texts."""
    matches = columns_in(sheet, header_rows(sheet), *texts)
    assert len(matches) == 1, (texts, matches)
    return matches[0]


def deprivation_values(sheet, name: str, below: int, columns: list[tuple[str, ...]]) -> list:
    """Phụ lục 3's cells of the row ``below`` rows under the one named ``name``, by their headers, whichever of its
    tables (and pages) has each."""
    found = []
    for texts in columns:
        cells = []
        for block in header_blocks(sheet):
            [col] = columns_in(sheet, block, *texts) or [None]
            if col is None:
                continue
            rows = block_rows(sheet, block)
            cells += [rows[i + below][col - 1].value for i, row in enumerate(rows) if row[1].value == name]
        assert len(set(map(repr, cells))) == 1, (name, texts, cells)
        found.append(cells[0])
    return found


def data_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=header_rows(sheet).stop))


def row_named(sheet, name: str, below: int = 0) -> tuple:
    """The row whose name cell holds `name`, or the row `below` rows under it."""
    name_col = column(sheet, "Tên xã, phường, thị trấn" if sheet.title != "Phụ lục 3" else "Xã/Phường/Thị trấn")
    rows = data_rows(sheet)
    [index] = [i for i, row in enumerate(rows) if row[name_col - 1].value == name]
    return rows[index + below]


def values(sheet, row: tuple, columns: list[tuple[str, ...]]) -> list:
    return [row[column(sheet, *texts) - 1].value for texts in columns]


def poverty_columns(headers: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(RESULT, h) for h in headers[:3]] + [(PLAN, h) for h in headers]


def seed(name: str) -> list[dict]:
    with open(DEMO_DATA / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_workbook_and_parquet_go_under_the_period(published):
    out, paths = published
    assert [p.relative_to(out).as_posix() for p in paths["workbooks"]] == ["2020/tong-hop-huyen-krong-pa-2020.xlsx"]
    assert {p.relative_to(out).parts[::2] for p in paths["parquet"]} == {("parquet", "period=2020")}


def test_sheets_are_titled_and_laid_out_for_print(book):
    assert book.sheetnames == ["Phụ lục 1", "Phụ lục 2", "Phụ lục 3", "Cảnh báo", "Tình hình nộp", "Biểu đồ"]
    assert book["Phụ lục 1"]["A2"].value == f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO NĂM 2021\n{PLACE.upper()}"
    assert (book["Cảnh báo"]["A1"].value, book["Cảnh báo"]["A3"].value) == ("CẢNH BÁO", PLACE)
    for sheet in book.worksheets:  # the separators are the computer's, said on every page, in Vietnamese
        assert sheet.oddFooter.left.text == SEPARATORS_NOTE and sheet.oddFooter.center.text == "Trang &P / &N"
        assert not sheet.oddHeader.center.text  # the seed's figures: nothing made up
    for number, sheet in enumerate(book.worksheets[:3], start=1):
        # Nghị định 30/2020: Roman numerals, the line of the report the appendix goes with under its title
        assert (title(sheet, 1), title(sheet, 3)) == (f"Phụ lục {'I' * number}", ATTACHED)
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        if number < 3:  # one page wide
            # fitToWidth left out of the file means 1, its default
            assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
            rows = header_rows(sheet)
            assert sheet.print_title_rows == f"${rows.start}:${rows.stop - 1}"
        else:  # tables one page wide each, legible; every page's title and headers written on it
            assert not sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.scale >= 75
            assert sheet.print_title_cols is None and sheet.print_title_rows is None
            assert not sheet.col_breaks.brk and len(sheet.row_breaks.brk) == len(header_blocks(sheet)) - 1
            rows = header_rows(sheet)
        # frozen just below the headers and to the right of the commune names
        letter, row = coordinate_from_string(sheet.freeze_panes)
        assert row == rows.stop and column_index_from_string(letter) > 2
        corner = sheet.cell(rows.start, 1)
        assert corner.font.name == "Times New Roman" and corner.font.b and corner.border.left.style == "thin"
        assert corner.alignment.wrap_text and corner.alignment.horizontal == "center"
        assert data_rows(sheet)[0][1].font.name == "Times New Roman"


@pytest.mark.parametrize("sheet_name, headers", [("Phụ lục 1", P1_HEADERS), ("Phụ lục 2", P2_HEADERS)])
def test_poverty_headers_group_result_and_plan(book, sheet_name, headers):
    sheet = book[sheet_name]
    rows = header_rows(sheet)
    assert str(merged_over(sheet, "TT")) == f"A{rows.start}:A{rows.stop - 1}"
    assert merged_over(sheet, RESULT).size["columns"] == 3 and merged_over(sheet, PLAN).size["columns"] == 4
    assert [column(sheet, *texts) for texts in poverty_columns(headers)] == list(range(3, 10))


def test_deprivation_headers_pair_each_indicator_in_the_standards_order(book, con):
    sheet = book["Phụ lục 3"]
    labels = [r[0] for r in con.execute("select indicator_label_vi from marts.deprivation_plan_vs_result_by_district "
                                        "where period = '2020' order by indicator_position").fetchall()]
    assert len(labels) == 10  # the 2016–2020 standard
    # two tables of five indicators, each one page wide, its headers on every page it takes
    group = "Phân loại số hộ thiếu hụt các dịch vụ xã hội cơ bản"
    tables = []
    for block in header_blocks(sheet):
        shown = [sheet.cell(block.start + 1, col).value for col in range(6, sheet.max_column + 1, 2)]
        assert sheet.cell(block.start, 6).value == group
        if shown not in tables:
            tables.append(shown)
    assert tables == [labels[:5], labels[5:]]
    for block in header_blocks(sheet):
        for label in tables[0] if sheet.cell(block.start + 1, 6).value == labels[0] else tables[1]:
            [count] = columns_in(sheet, block, label, "Số hộ thiếu hụt")
            assert columns_in(sheet, block, label, "Tỷ lệ thiếu hụt (%)") == [count + 1]
    # every page after the first is titled as the appendix continued, the table's headers under it
    titles = [row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == "Phụ lục III (tiếp)"]
    assert [row + 1 for row in titles] == [b.start for b in header_blocks(sheet)[1:]]
    assert [b.id for b in sheet.row_breaks.brk] == [row - 1 for row in titles]


def test_district_rows_show_the_published_figures(book):
    p1, p2 = book["Phụ lục 1"], book["Phụ lục 2"]
    total = row_named(p1, "Toàn huyện")
    # no 2019 in the warehouse: the result's fall is measured from the start figures the communes give
    assert values(p1, total, poverty_columns(P1_HEADERS)) == [2342, 11.78, 3.75, 1717, 8.48, 3.30, 625]
    assert values(p2, row_named(p2, "Toàn huyện"), poverty_columns(P2_HEADERS)) == [
        2151, 16.48, 5.70, 1569, 11.92, 4.56, 582]
    poor, rate = total[column(p1, RESULT, "Số hộ nghèo") - 1], total[column(p1, RESULT, "Tỷ lệ hộ nghèo (%)") - 1]
    assert (poor.data_type, poor.number_format, rate.data_type, rate.number_format) == ("n", "#,##0", "n", "0.00")
    assert total[1].font.b and total[0].value is None


@pytest.mark.parametrize("sheet_name, headers, seed_name, prefix", [
    ("Phụ lục 1", P1_HEADERS, "krongpa_poverty_by_commune.csv", ""),
    ("Phụ lục 2", P2_HEADERS, "krongpa_ethnic_minority_poverty_by_commune.csv", "em_"),
])
def test_every_commune_row_equals_the_printed_plan(book, commune_names, sheet_name, headers, seed_name, prefix):
    sheet = book[sheet_name]
    communes = [row for row in data_rows(sheet) if row[0].value is not None]
    assert [row[0].value for row in communes] == list(range(1, 15))
    assert [row[1].value for row in communes] == [commune_names[code] for code in sorted(commune_names)]
    printed = [s for s in seed(seed_name) if s["ward_code"]]
    assert len(printed) == 14
    for s in printed:
        code = s["ward_code"]
        fall = PRINTED_SLIPS.get((sheet_name, code), float(s[f"{prefix}rate_reduction_2021_plan_pct"]))
        expected = [int(s[f"{prefix}poor_2020"]), float(s[f"{prefix}poverty_rate_2020_pct"]),
                    float(s[f"{prefix}rate_reduction_2020_pct"]),
                    int(s[f"{prefix}poor_2021_plan"]), float(s[f"{prefix}poverty_rate_2021_plan_pct"]), fall,
                    int(s[f"{prefix}poor_reduction_2021_plan"])]
        assert values(sheet, row_named(sheet, commune_names[code]), poverty_columns(headers)) == expected, code


def test_phu_tuc_row_of_phu_luc_1(book, commune_names):
    sheet = book["Phụ lục 1"]
    row = row_named(sheet, commune_names["24076"])
    assert row[1].value == "Thị trấn Phú Túc"
    assert values(sheet, row, poverty_columns(P1_HEADERS)) == [107, 3.29, 0.77, 65, 1.99, 1.31, 42]


def test_deprivation_rows_of_the_district(book):
    sheet = book["Phụ lục 3"]
    columns = [("Năm",), ("Số hộ nghèo",), ("Tỷ lệ hộ nghèo (%)",),
               ("Trình độ giáo dục của người lớn", "Số hộ thiếu hụt"),
               ("Trình độ giáo dục của người lớn", "Tỷ lệ thiếu hụt (%)"),
               ("Hố xí/nhà tiêu hợp vệ sinh", "Số hộ thiếu hụt"), ("Hố xí/nhà tiêu hợp vệ sinh", "Tỷ lệ thiếu hụt (%)")]
    result, plan, fall = (deprivation_values(sheet, "Toàn huyện", below, columns) for below in range(3))
    assert result == [RESULT, 2342, 11.78, 1133, 48.4, 2206, 94.2]
    assert plan[:5] == [PLAN, 1717, 8.48, 760, 44.3]
    assert fall[:5] == ["Số hộ và tỷ lệ giảm", 625, 3.30, 373, 4.1]
    [block] = [b for b in header_blocks(sheet) if any(r[1].value == "Toàn huyện" for r in block_rows(sheet, b))][:1]
    rows = block_rows(sheet, block)
    [at] = [i for i, r in enumerate(rows) if r[1].value == "Toàn huyện"]
    assert all(cell.font.b for cell in rows[at] + rows[at + 1][2:] + rows[at + 2][2:])  # A and B merged below
    rate = rows[at][columns_in(sheet, block, "Trình độ giáo dục của người lớn", "Tỷ lệ thiếu hụt (%)")[0] - 1]
    assert rate.number_format == "0.0"


def test_deprivation_sheet_has_three_rows_per_unit_under_one_merged_name(book):
    sheet = book["Phụ lục 3"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    tables = {}
    for block in header_blocks(sheet):
        rows = block_rows(sheet, block)
        assert len(rows) % 3 == 0
        for first in rows[::3]:
            r = first[0].row
            assert {f"A{r}:A{r + 2}", f"B{r}:B{r + 2}"} <= merged
            assert first[1].value and sheet.cell(r + 1, 2).value is None
        tables.setdefault(sheet.cell(block.start + 1, 6).value, []).extend(row[0].value for row in rows[::3])
    # each of the two tables has every commune and the total, once, across its pages
    assert len(tables) == 2 and all(numbers == [*range(1, 15), None] for numbers in tables.values())


def test_deprivation_result_and_plan_rows_equal_the_printed_plan(book, con, commune_names):
    """The printed fall rows are left out: one of them (Ia RMok) repeats another commune's figures."""
    sheet = book["Phụ lục 3"]
    labels = dict(con.execute("select distinct indicator_code, indicator_label_vi "
                              "from marts.deprivation_plan_vs_result_by_district").fetchall())
    code_of = {s["commune_name"]: s["ward_code"] for s in seed("krongpa_poverty_by_commune.csv")}
    printed = [s for s in seed("krongpa_deprivation_by_commune.csv") if s["row_kind"] != "reduction"]
    assert len(printed) == 2 * 15
    for s in printed:
        name = "Toàn huyện" if s["name_as_printed"] == "Toàn huyện" else commune_names[code_of[s["commune_name"]]]
        below = 0 if s["row_kind"] == "actual_2020" else 1
        indicators = [key.removesuffix("_households") for key in s if key.endswith("_households")][1:]
        assert len(indicators) == 10
        columns = [("Số hộ nghèo",), ("Tỷ lệ hộ nghèo (%)",)]
        expected = [int(s["poor_households"]), float(s["poverty_rate_pct"])]
        for code in indicators:
            columns += [(labels[code], "Số hộ thiếu hụt"), (labels[code], "Tỷ lệ thiếu hụt (%)")]
            expected += [int(s[f"{code}_households"]), float(s[f"{code}_pct"])]
        assert deprivation_values(sheet, name, below, columns) == expected, (name, s["row_kind"])


def test_parquet_copies_every_mart_for_the_period(published, con):
    """Every mart but the record of the publications, which lists the Parquet's own SHA-256 (publish/parquet.py)."""
    from warehouse.versions import PUBLICATION_RECORD

    by_name = {p.stem: p for p in published[1]["parquet"]}
    marts = {r[0] for r in con.execute("select table_name from information_schema.tables "
                                       "where table_schema = 'marts'").fetchall()}
    assert by_name.keys() == marts - set(PUBLICATION_RECORD) and set(PUBLICATION_RECORD) <= marts
    assert pl.read_parquet(by_name["poverty_by_district"])["poor_households"].to_list() == [2342]
    communes = pl.read_parquet(by_name["poverty_by_commune"])
    assert communes.height == 14 and communes["period"].unique().to_list() == ["2020"]


def test_a_period_without_figures_is_a_clear_error(con, tmp_path):
    with pytest.raises(ValueError, match="không có số liệu kỳ 2019 trong kho / no figures for period 2019"):
        publish_period(con, "2019", tmp_path)
    with pytest.raises(ValueError, match="2020-H2"):
        publish_period(con, "2020-H2", tmp_path)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\",\"Xã A\")", "+84 Xã B", "-Xã C", "@Xã D"])
def test_names_that_look_like_formulas_stay_text(tmp_path, name):
    # the published workbook (xlsxwriter, its options left at their defaults: put alone keeps text text)
    published = xlsxwriter.Workbook(tmp_path / "published.xlsx")
    put(Sheet(published, "x"), 1, 1, name)
    published.close()
    # a workbook returned to a commune (openpyxl)
    returned = openpyxl.Workbook()
    set_text(returned.active["A1"], name)
    returned.save(tmp_path / "returned.xlsx")
    cells = [openpyxl.load_workbook(tmp_path / f"{kind}.xlsx").active["A1"] for kind in ("published", "returned")]
    assert [(c.value, c.data_type) for c in cells] == [(name, "s")] * 2


def test_half_up_rounds_halves_away_from_zero():
    # round() gives 2.67 (2.675 is stored a hair below the half) and 0.12 (ties go to the even digit)
    assert (half_up(2.675), half_up(0.125), half_up(48.35, 1), half_up(-1.005)) == (2.68, 0.13, 48.4, -1.01)


def _series(chart) -> list[tuple[str, str]]:
    return [(s.tx.strRef.f if s.tx.strRef else s.tx.v, s.val.numRef.f) for s in chart.series]


def test_the_charts_are_native_and_drawn_from_the_table_under_them(book):
    sheet = book["Biểu đồ"]
    charts = sheet._charts
    assert len(charts) == 3  # one period in the warehouse: no chart across periods
    table = next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == "Xã")
    communes = [sheet.cell(row, 1).value for row in range(table + 1, table + 15)]
    assert communes[0] == "Thị trấn Phú Túc" and len(set(communes)) == 14
    assert [sheet.cell(table + 1, col).value for col in range(2, 7)] == [3.29, 11.78, 107, 65, 10.59]
    values = f"'Biểu đồ'!$B${table + 1}:$B${table + 14}"
    assert any(ref == values for chart in charts for _, ref in _series(chart))
    plan = [ref for _, ref in _series(charts[1])]
    assert plan == [f"'Biểu đồ'!$D${table + 1}:$D${table + 14}", f"'Biểu đồ'!$E${table + 1}:$E${table + 14}"]


def test_a_warehouse_with_two_years_adds_the_areas_rate_over_the_years(demo_two_periods):
    _, summary = demo_two_periods
    [path] = summary["outputs"]["workbooks"]
    sheet = openpyxl.load_workbook(path)["Biểu đồ"]
    assert len(sheet._charts) == 4
    history = next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == "Kỳ")
    years = [(sheet.cell(row, 1).value, sheet.cell(row, 2).value) for row in (history + 1, history + 2)]
    [area] = summary["area_totals"]
    assert years == [("năm 2020", 11.78), ("năm 2021 (mô phỏng)", half_up(area["poverty_rate_pct"]))]


def test_a_made_up_period_says_so_on_every_sheet_and_chart(demo_two_periods, book):
    _, summary = demo_two_periods
    [path] = summary["outputs"]["workbooks"]
    made_up = openpyxl.load_workbook(path)
    for name in made_up.sheetnames[:-1]:
        assert any(SYNTHETIC_BANNER_VI in str(cell.value) for row in made_up[name].iter_rows(max_row=4)
                   for cell in row), name
    for sheet in made_up.worksheets:  # and at the top of every printed page, in the Vietnamese profile's language
        assert sheet.oddHeader.center.text == SYNTHETIC_BANNER_VI, sheet.title
    with zipfile.ZipFile(path) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 4 and all(SYNTHETIC_BANNER_VI in chart and "SYNTHETIC" not in chart for chart in charts)
    real = [str(cell.value) for name in book.sheetnames for row in book[name].iter_rows(max_row=4) for cell in row]
    assert not any(SYNTHETIC_BANNER_VI in text for text in real)  # the 2020 workbook: the seed's figures


def test_districts_of_one_name_get_a_workbook_each(tmp_path):
    """There are eight Huyện Châu Thành, and Huyện Tam Dương and Huyện Tam Đường are one file name without their
    accents: each district is published, in a workbook of its own named with its province."""
    import random

    from giamngheo.demo import synthetic_submission
    from publish.template import write_submission
    from vocabulary import units

    districts = units.legacy_communes().unique("district_code", keep="first").sort("district_code")
    namesakes = [*districts.filter(pl.col("district_name") == "Huyện Châu Thành").head(2).rows(named=True),
                 *districts.filter(pl.col("district_name").is_in(["Huyện Tam Dương", "Huyện Tam Đường"])).rows(named=True)]
    for unit in namesakes:
        write_submission(tmp_path / "inbox" / f"{unit['commune_code']}.xlsx",
                         synthetic_submission(unit, "2020", random.Random(1)))
    summary = run_library(tmp_path / "inbox", tmp_path / "w.duckdb")
    names = sorted(Path(p).name for p in summary["outputs"]["workbooks"])
    assert len(names) == 4 and not summary["failed"] and all(Path(p).is_file() for p in summary["outputs"]["workbooks"])
    assert [name.rsplit("-tinh-", 1)[0] for name in names] == ["tong-hop-huyen-chau-thanh"] * 2 + [
        "tong-hop-huyen-tam-duong"] * 2
    assert len(set(summary["outputs"]["reports"])) == 4