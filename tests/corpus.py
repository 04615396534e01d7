"""A corpus of messy and hostile commune workbooks, made by code: each case is a file and the outcome it must get.

Valid cases are of communes outside Krông Pa (the first communes of the official list), so that a run over the
corpus mixed with the Krông Pa demo must leave the demo's district totals as they are.
"""

import random
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from openpyxl import load_workbook

from giamngheo.demo import synthetic_submission
from publish.template import write_submission
from tests.helpers import as_ods, as_xls, grids, submission
from transforms import legacy_text
from transforms.read import MAX_SHEET_ROWS
from vocabulary import units

HOUSEHOLDS = "Hộ theo thôn"


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]  # writes the case's file into a folder, returns its path
    status: str  # loaded | quarantined | needs_review
    rule: str | None = None  # for a rejected file: a rule its errors must include


def _valid(index: int):
    unit = units.legacy_communes().sort("commune_code").row(index, named=True)
    return synthetic_submission(unit, "2020", random.Random(index))


class FormulaError(str):
    """A cell whose formula gives an error: the error as Excel shows it ("#REF!"), and the formula."""

    def __new__(cls, error: str, formula: str = "=#REF!"):
        made = super().__new__(cls, error)
        made.formula = formula
        return made


def write_grids(path: Path, sheets: dict[str, list[list]], hidden_rows: dict[str, set[int]] | None = None,
                merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
                hidden_sheets: set[str] = frozenset()) -> Path:
    """Cells as values (a formula's cached value written as the value), as many programs save them; a FormulaError as
    the formula with its error cached, as Excel saves it (t="e")."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    for name, grid in sheets.items():
        sheet = book.add_worksheet(name)
        if name in hidden_sheets:
            sheet.hide()
        for r, row in enumerate(grid):
            if r in (hidden_rows or {}).get(name, ()):
                sheet.set_row(r, None, None, {"hidden": True})
            for c, value in enumerate(row):
                if isinstance(value, FormulaError):
                    sheet.write_formula(r, c, value.formula, None, str(value))
                elif value != "":
                    sheet.write_string(r, c, value) if isinstance(value, str) else sheet.write(r, c, value)
        for first_row, first_col, last_row, last_col in (merges or {}).get(name, []):
            sheet.merge_range(first_row, first_col, last_row, last_col, grid[first_row][first_col])
    if hidden_sheets:  # the sheet a reader opens on cannot be a hidden one
        shown = next(s for s in book.worksheets() if s.name not in hidden_sheets)
        shown.activate()
        shown.set_first_sheet()
    book.close()
    return path


def _from_grids(index: int, change: Callable[[dict], None] | None = None, **options):
    def make(folder: Path) -> Path:
        source = write_submission(folder / f"base-{index}.xlsx", _valid(index))
        sheets = grids(source)
        source.unlink()
        if change:
            change(sheets)
        return write_grids(folder / f"case-{index}.xlsx", sheets, **options)
    return make


def _from_submission(index: int, change: Callable, code: str | None = None):
    def make(folder: Path) -> Path:
        sub = submission(code) if code else _valid(index)
        change(sub)
        return write_submission(folder / f"case-{index}.xlsx", sub)
    return make


def _set_village(measure: str, value, village: int = 1):
    def change(sub):
        sub.villages[village][measure] = value
    return change


def _map_text(function):
    def change(sheets):
        for grid in sheets.values():
            for row in grid:
                row[:] = [function(v) if isinstance(v, str) else v for v in row]
    return change


def _households(change):
    def apply(sheets):
        change(sheets[HOUSEHOLDS])
    return apply


def _insert_row(at: int):
    return _households(lambda grid: grid.insert(at, [""] * len(grid[0])))


def _insert_column(at: int):
    return _households(lambda grid: [row.insert(at, "") for row in grid])


def _swap_columns(a: int, b: int):
    def swap(grid):
        for row in grid:
            row[a], row[b] = row[b], row[a]
    return _households(swap)


def _rename_sheets(sheets):
    renamed = {f"Sheet{i}": grid for i, grid in enumerate(sheets.values(), start=1)}
    sheets.clear()
    sheets.update(renamed)


def _reverse_sheets(sheets):
    reordered = dict(reversed(list(sheets.items())))
    sheets.clear()
    sheets.update(reordered)


def _notes_under(sheets):
    width = len(sheets[HOUSEHOLDS][0])
    sheets[HOUSEHOLDS] += [[""] * width, ["", "Ghi chú: số liệu đến 15/10", 3] + [""] * (width - 3)]


def _group_header(sheets):
    """A merged group header over the counts, one row above the column labels."""
    grid = sheets[HOUSEHOLDS]
    grid.insert(3, ["", "", "Số hộ"] + [""] * (len(grid[0]) - 3))


def _vietnamese_number_text(sheets):
    for row in sheets[HOUSEHOLDS][4:]:
        row[2:] = [f"{int(v):,}".replace(",", ".") if isinstance(v, float) else v for v in row[2:]]


def _without_total_row(sheets):
    sheets[HOUSEHOLDS] = [row for row in sheets[HOUSEHOLDS] if row[1] != "Tổng cộng"]


def _total_row_first(sheets):
    grid = sheets[HOUSEHOLDS]
    total = next(i for i, row in enumerate(grid) if row[1] == "Tổng cộng")
    grid.insert(4, grid.pop(total))


def _rate_column(sheets):
    grid = sheets[HOUSEHOLDS]
    grid[3].append("Tỷ lệ hộ nghèo (%)")
    for row in grid[4:]:
        row.append(99.5)  # contradicts the counts beside it


def _break_total(sheets):
    total = next(row for row in sheets[HOUSEHOLDS] if row[1] == "Tổng cộng")
    total[5] += 10


def _duplicate_village(sheets):
    grid = sheets[HOUSEHOLDS]
    grid[5][1] = grid[4][1]


def _set_info(label: str, value):
    def change(sheets):
        for row in sheets["Thông tin báo cáo"]:
            if row[0] == label:
                row[1] = value
    return change


def _uncached_formulas(folder: Path) -> Path:
    """Saved by openpyxl: the totals stay formulas, with no value cached, as many programs write them."""
    path = write_submission(folder / "uncached.xlsx", _valid(30))
    book = load_workbook(path)
    book.save(path)
    return path


def _copy_as(index: int, convert, suffix: str):
    def make(folder: Path) -> Path:
        source = write_submission(folder / f"base-{index}.xlsx", _valid(index))
        target = convert(source, folder / f"case-{index}{suffix}")
        source.unlink()
        return target
    return make


def _renamed(index: int, suffix: str):
    def make(folder: Path) -> Path:
        path = write_submission(folder / f"case-{index}.xlsx", _valid(index))
        return path.rename(path.with_suffix(suffix))
    return make


def _raw(name: str, content: bytes):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path
    return make


def _truncated(folder: Path) -> Path:
    path = write_submission(folder / "truncated.xlsx", _valid(40))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _zip_bomb(folder: Path) -> Path:
    """A valid workbook with one more part declaring 1 GB of zeros (1 MB on disk)."""
    path = write_submission(folder / "bomb.xlsx", _valid(41))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            block = bytes(2**24)
            for _ in range(64):
                part.write(block)
    return path


def _entity_expansion(folder: Path) -> Path:
    """The "billion laughs": nested XML entities in the shared strings."""
    path = write_submission(folder / "laughs.xlsx", _valid(42))
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
              "<si><t>&lol9;</t></si></sst>")
    rebuilt = folder / "laughs-rebuilt.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = laughs.encode() if part.filename == "xl/sharedStrings.xml" else source.read(part)
            target.writestr(part.filename, data)
    path.unlink()
    return rebuilt.rename(path)


def _stored_entity_expansion(folder: Path) -> Path:
    """The same, in a file whose parts are stored, not compressed (which zip allows, and the check reads differently)."""
    work = folder / "stored"
    work.mkdir()
    packed = _entity_expansion(work)
    path = folder / "laughs-stored.xlsx"
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for part in source.infolist():
            target.writestr(part.filename, source.read(part))
    shutil.rmtree(work)
    return path


def _zip_password(folder: Path) -> Path:
    """A workbook put in a zip with a password (as 7-Zip or WinRAR do): each part marked encrypted."""
    path = write_submission(folder / "zip-mat-khau.xlsx", _valid(54))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        for part in archive.infolist():
            data[part.header_offset + 6] |= 1  # the local header's flags
    at = data.find(b"PK\x01\x02")
    while at != -1:  # the central directory's
        data[at + 8] |= 1
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def _part_beyond_the_end(folder: Path) -> Path:
    """A zip whose directory places a part beyond the end of the file (a damaged download, or a crafted one)."""
    path = write_submission(folder / "hong.xlsx", _valid(55))
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46:entry + 70] != b"xl/worksheets/sheet1.xml":  # the first sheet's directory entry
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 42:entry + 46] = (2**31).to_bytes(4, "little")  # where its part starts
    path.write_bytes(bytes(data))
    return path


def _million_rows(folder: Path) -> Path:
    """A valid workbook with a further sheet of many more rows than any report (streamed, so it is quick to write)."""
    path = folder / "many-rows.xlsx"
    sheets = grids(write_submission(folder / "many-rows-base.xlsx", _valid(43)))
    (folder / "many-rows-base.xlsx").unlink()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for name, grid in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value != "":
                    sheet.write(r, c, value)
    extra = book.add_worksheet("Dữ liệu thô")
    for r in range(MAX_SHEET_ROWS * 100):
        extra.write_number(r, 0, r)
    book.close()
    return path


def _encrypted(folder: Path) -> Path:
    """What Office writes for a password-protected .xlsx: an OLE compound file holding an EncryptedPackage stream."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
    directory = "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    path = folder / "mat-khau.xlsx"
    path.write_bytes(header + directory + bytes(4096))
    return path


def _formula_village(sheets):
    for name in (HOUSEHOLDS, "Thiếu hụt"):
        sheets[name][4][1] = '=HYPERLINK("http://example.com","Thôn 1")'


def _hidden_copy_first(sheets):
    """A hidden sheet, placed first, holding the households table with other figures: never the one read."""
    hidden = [[v * 2 if isinstance(v, (int, float)) else v for v in row] for row in sheets[HOUSEHOLDS]]
    reordered = {"Bản cũ": hidden, **sheets}
    sheets.clear()
    sheets.update(reordered)


def _hide_households(sheets):
    sheets["Bản ẩn"] = sheets.pop(HOUSEHOLDS)


def _village_below_total(sheets):
    grid = sheets[HOUSEHOLDS]
    total = next(r for r, row in enumerate(grid) if row[1] == "Tổng cộng")
    grid.insert(total + 1, ["", "Thôn thêm"] + [5 if i else "" for i in range(len(grid[0]) - 2)])


def _sparse_sheets(folder: Path) -> Path:
    """A small file whose sheets each declare 4,999 × 199 cells (one cell in the far corner)."""
    path = folder / "thua.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for n in range(6):
        book.add_worksheet(f"Trang {n}").write_number(4998, 198, 1)
    book.close()
    return path


def _many_errors(folder: Path) -> Path:
    """A households table of 4,000 villages, every figure a word: some 36,000 broken cells."""
    sub = _valid(47)
    sub.villages = [{"village": f"Thôn {i}", **{m: "nhiều" for m in sub.villages[0] if m != "village"}}
                    for i in range(4000)]
    return write_submission(folder / "nhieu-loi.xlsx", sub)


def _crossed_code(sub):
    """The code of another commune of the same district under this commune's name."""
    neighbours = units.communes_in(sub.commune.district_name, sub.commune.province_name)["commune_code"]
    sub.commune.commune_code = next(code for code in neighbours if code != sub.commune.commune_code)


def _terminal_markup(sub):
    """Village names a terminal or a Markdown page would take for instructions."""
    for village, name in zip(sub.villages, ("[/]", "[link=http://example.com]bấm[/link]", "\x1b[31mđỏ\x1b[0m")):
        village["village"] = name
    for deprived, village in zip(sub.deprivations, sub.villages):
        deprived["village"] = village["village"]


def _legacy(index: int, encoding: str):
    return _from_grids(index, _map_text(lambda text: legacy_text.encode(text, encoding)))


def _full_width(text: str) -> str:
    return text.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})


def _inside_last_word(name: str, character: str) -> str:
    """``character`` after the first letter of the name's last word (where it splits the word, not the words)."""
    head, _, last = name.rpartition(" ")
    return f"{head} {last[:1]}{character}{last[1:]}".strip()


def _set_household(row: int, column: int, value):
    """One cell of the households table (row 4 is the first village's, column 2 its households)."""
    return _households(lambda grid: grid[row].__setitem__(column, value))


def _written_as(function):
    """The households table's first village's figures as text, each passed through ``function``."""
    def change(grid):
        grid[4][2:] = [function(str(int(v))) for v in grid[4][2:]]
    return _households(change)


def _errors_as_xls(index: int, errors: dict[tuple[int, int], str]):
    """An .xls (xlwt) whose households cells ``errors`` hold a formula's error value, as Excel 97–2003 stores it."""
    def make(folder: Path) -> Path:
        import xlwt

        source = write_submission(folder / f"base-{index}.xlsx", _valid(index))
        sheets = grids(source)
        source.unlink()
        book = xlwt.Workbook(encoding="utf-8")
        for name, grid in sheets.items():
            sheet = book.add_sheet(name)
            for r, row in enumerate(grid):
                for c, value in enumerate(row):
                    if name == HOUSEHOLDS and (r, c) in errors:
                        sheet.row(r).set_cell_error(c, errors[(r, c)])
                    elif value != "":
                        sheet.write(r, c, value)
        path = folder / f"case-{index}.xls"
        book.save(str(path))
        return path
    return make


def _errors_as_ods(index: int, errors: dict[tuple[int, int], str]):
    """An .ods whose households cells ``errors`` are error cells as LibreOffice writes them (calcext:value-type)."""
    def make(folder: Path) -> Path:
        import re

        source = write_submission(folder / f"base-{index}.xlsx", _valid(index))
        sheets = grids(source)
        for (r, c), error in errors.items():
            sheets[HOUSEHOLDS][r][c] = f"@@{error}@@"
        marked = folder / "marked.xlsx"
        write_grids(marked, sheets)
        path = as_ods(marked, folder / f"case-{index}.ods")
        content = zipfile.ZipFile(path).read("content.xml").decode()
        content = content.replace(
            "<office:document-content ", '<office:document-content xmlns:calcext="urn:org:documentfoundation:names:'
            'experimental:calc:xmlns:calcext:1.0" ', 1)
        content = re.sub(r'<table:table-cell office:value-type="string" office:string-value="@@([^@]*)@@">.*?'
                         r"</table:table-cell>",
                         r'<table:table-cell table:formula="of:=#REF!" office:value-type="string" '
                         r'office:string-value="" calcext:value-type="error"><text:p>\1</text:p></table:table-cell>',
                         content)
        rebuilt = folder / "rebuilt.ods"
        with zipfile.ZipFile(path) as old, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as new:
            for part in old.infolist():
                new.writestr(part, content.encode() if part.filename == "content.xml" else old.read(part))
        source.unlink()
        marked.unlink()
        path.unlink()
        return rebuilt.rename(path)
    return make


def _as_xlsb(index: int):
    def make(folder: Path) -> Path:
        from tests.xlsb import write_xlsb

        source = write_submission(folder / f"base-{index}.xlsx", _valid(index))
        sheets = grids(source)
        source.unlink()
        return write_xlsb(folder / f"case-{index}.xlsb", sheets)
    return make


def _as_csv(index: int):
    """What Excel's Save As CSV (UTF-8) writes of a workbook: its first sheet only."""
    def make(folder: Path) -> Path:
        import csv

        source = write_submission(folder / f"base-{index}.xlsx", _valid(index))
        first = next(iter(grids(source).values()))
        source.unlink()
        path = folder / f"case-{index}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows([int(v) if isinstance(v, float) and v.is_integer() else v for v in row]
                                    for row in first)
        return path
    return make


def _rows_above(count: int):
    """Notes and blank rows above the households table, pushing its header below the rows searched first."""
    def change(grid):
        width = len(grid[0])
        grid[1:1] = [[f"Ghi chú {n}" if n % 7 == 0 else "" for _ in range(1)] + [""] * (width - 1)
                     for n in range(count)]
    return _households(change)


def _copy_of_households(name: str, title_year: str | None = None, first: bool = False, factor: int = 1):
    """Another visible sheet holding the households table: a copy kept for reference, or last year's (its title's
    year changed, its figures other)."""
    def change(sheets):
        grid = [[v * factor if isinstance(v, float) and c > 1 else v for c, v in enumerate(row)]
                for row in sheets[HOUSEHOLDS]]
        if title_year:
            grid[0][0] = grid[0][0].replace("2020", title_year)
        reordered = {name: grid, **sheets} if first else {**sheets, name: grid}
        sheets.clear()
        sheets.update(reordered)
    return change


CASES = [
    # read as people really fill them: loaded
    Case("tcvn3", _legacy(1, "tcvn3"), "loaded"),
    Case("vni", _legacy(2, "vni"), "loaded"),
    Case("nfd", _from_grids(3, _map_text(lambda text: unicodedata.normalize("NFD", text))), "loaded"),
    Case("xls", _copy_as(4, as_xls, ".xls"), "loaded"),
    Case("ods", _copy_as(5, as_ods, ".ods"), "loaded"),
    Case("xlsm", _renamed(6, ".xlsm"), "loaded"),
    Case("values_not_formulas", _from_grids(7), "loaded"),
    Case("renamed_sheets", _from_grids(8, _rename_sheets), "loaded"),
    Case("reordered_sheets", _from_grids(9, _reverse_sheets), "loaded"),
    Case("reordered_columns", _from_grids(10, _swap_columns(3, 6)), "loaded"),
    Case("blank_row_between_villages", _from_grids(11, _insert_row(6)), "loaded"),
    Case("blank_column", _from_grids(12, _insert_column(2)), "loaded"),
    Case("hidden_blank_row", _from_grids(13, _insert_row(6), hidden_rows={HOUSEHOLDS: {6}}), "loaded"),
    Case("notes_under_the_table", _from_grids(14, _notes_under), "loaded"),
    Case("merged_group_header", _from_grids(15, _group_header, merges={HOUSEHOLDS: [(3, 2, 3, 10)]}), "loaded"),
    Case("merged_title", _from_grids(16, merges={HOUSEHOLDS: [(0, 0, 0, 10)]}), "loaded"),
    Case("total_row_above_villages", _from_grids(19, _total_row_first), "loaded"),
    Case("vietnamese_number_text", _from_grids(17, _vietnamese_number_text), "loaded"),
    Case("village_named_like_a_formula", _from_grids(18, _formula_village), "loaded"),
    # figures that break a rule: quarantined, naming the cell
    Case("total_row_missing", _from_grids(20, _without_total_row), "quarantined", "total_missing"),
    Case("totals_do_not_add_up", _from_grids(21, _break_total), "quarantined", "total_mismatch"),
    Case("negative_count", _from_submission(22, _set_village("poor_households", -3)), "quarantined", "negative"),
    Case("fractional_count", _from_submission(23, _set_village("poor_households", 2.5)), "quarantined", "not_whole"),
    Case("count_as_khong", _from_submission(24, _set_village("poor_households", "không")), "quarantined",
         "not_a_number"),
    Case("count_as_dash", _from_submission(25, _set_village("near_poor_households", "-")), "quarantined",
         "not_a_number"),
    Case("count_with_unit", _from_submission(26, _set_village("total_households", "12 hộ")), "quarantined",
         "not_a_number"),
    Case("poor_above_households", _from_submission(27, _set_village("poor_households", 10_000)), "quarantined",
         "exceeds"),
    Case("rate_column_contradicting_counts", _from_grids(28, _rate_column), "quarantined", "column_unknown"),
    Case("duplicated_village", _from_grids(29, _duplicate_village), "quarantined", "village_duplicated"),
    Case("formulas_without_cached_values", _uncached_formulas, "quarantined", "blank"),
    Case("wrong_period", _from_grids(31, _set_info("Kỳ báo cáo", "2019")), "quarantined", "period_mismatch"),
    Case("unknown_commune", _from_grids(32, _set_info("Mã xã", "99999")), "quarantined", "commune_unknown"),
    Case("households_sheet_missing", _from_grids(33, lambda sheets: sheets.pop(HOUSEHOLDS)), "quarantined",
         "sheet_missing"),
    Case("misspelled_commune_without_code",
         _from_submission(34, lambda sub: (setattr(sub.commune, "commune_code", ""),
                                           setattr(sub.commune, "commune_name", "Chư Ngọk")), code="24106"),
         "needs_review", "commune_review"),
    # files that are not a readable workbook: quarantined with one message, within bounded time and memory
    Case("empty_file", _raw("rong.xlsx", b""), "quarantined", "unreadable"),
    Case("not_a_spreadsheet", _raw("bao-cao.pdf", b"%PDF-1.4\n"), "quarantined", "unreadable"),
    Case("garbage_with_xlsx_name", _raw("rac.xlsx", b"PK\x03\x04" + bytes(100)), "quarantined", "unreadable"),
    Case("truncated_zip", _truncated, "quarantined", "unreadable"),
    Case("zip_bomb", _zip_bomb, "quarantined", "unreadable"),
    Case("xml_entity_expansion", _entity_expansion, "quarantined", "unreadable"),
    Case("xml_entity_expansion_stored", _stored_entity_expansion, "quarantined", "unreadable"),
    Case("sheet_of_a_million_rows", _million_rows, "quarantined", "unreadable"),
    Case("password_protected", _encrypted, "quarantined", "unreadable"),
    Case("zip_password", _zip_password, "quarantined", "unreadable"),
    Case("part_beyond_the_end", _part_beyond_the_end, "quarantined", "unreadable"),
    # a second round, against files meant to change a figure without a word, stop a run or leak
    Case("hidden_sheet_before_the_visible_one", _from_grids(44, _hidden_copy_first, hidden_sheets={"Bản cũ"}),
         "loaded"),
    Case("table_only_on_a_hidden_sheet", _from_grids(45, _hide_households, hidden_sheets={"Bản ẩn"}), "quarantined",
         "sheet_hidden"),
    Case("village_typed_below_the_total", _from_grids(46, _village_below_total), "quarantined", "row_below_total"),
    Case("a_quadrillion_households", _from_submission(48, _set_village("total_households", 10**15)), "quarantined",
         "implausible"),
    Case("a_number_beyond_any_integer", _from_submission(50, _set_village("persons", 1e20)), "quarantined",
         "implausible"),
    Case("fifty_persons_a_household", _from_submission(51, lambda sub: sub.villages[1].update(
        persons=sub.villages[1]["total_households"] * 50)), "quarantined", "crowded"),
    Case("code_of_another_commune", _from_submission(52, _crossed_code), "needs_review", "commune_conflict"),
    Case("sparse_sheets_declaring_millions_of_cells", _sparse_sheets, "quarantined", "unreadable"),
    Case("tens_of_thousands_of_broken_cells", _many_errors, "quarantined", "errors_truncated"),
    Case("terminal_markup_in_village_names", _from_submission(53, _terminal_markup), "loaded"),
    # a third round (issue 20): outcomes that were wrong or unclear
    Case("formula_error_xlsx", _from_grids(56, _set_household(4, 5, FormulaError("#REF!"))), "quarantined",
         "formula_error"),
    Case("formula_error_xls", _errors_as_xls(57, {(4, 5): "#DIV/0!"}), "quarantined", "formula_error"),
    Case("formula_error_ods", _errors_as_ods(58, {(4, 5): "#N/A"}), "quarantined", "formula_error"),
    Case("zero_width_space_in_figures", _from_grids(59, _written_as(lambda text: "\u200b" + text)), "loaded"),
    Case("full_width_digits_in_the_commune_code", _from_submission(60, lambda sub: setattr(
        sub.commune, "commune_code", _full_width(sub.commune.commune_code))), "loaded"),
    Case("byte_order_mark_in_the_commune_code", _from_submission(61, lambda sub: setattr(
        sub.commune, "commune_code", "\ufeff" + sub.commune.commune_code)), "loaded"),
    Case("soft_hyphen_and_word_joiner_in_names", _from_submission(62, lambda sub: (
        setattr(sub.commune, "commune_name", _inside_last_word(sub.commune.commune_name, "\u00ad")),
        setattr(sub.commune, "district_name", _inside_last_word(sub.commune.district_name, "\u2060")))), "loaded"),
    Case("zero_width_joiner_inside_a_village_name", _from_grids(63, lambda sheets: sheets["Thiếu hụt"][4].__setitem__(
        1, sheets["Thiếu hụt"][4][1][:2] + "\u200d" + sheets["Thiếu hụt"][4][1][2:])), "loaded"),
    Case("direction_mark_in_a_figure", _from_grids(64, _set_household(4, 5, "\u202e23")), "quarantined",
         "not_a_number"),
    Case("binary_workbook_xlsb", _as_xlsb(65), "quarantined", "format_xlsb"),
    Case("csv_export", _as_csv(66), "quarantined", "format_csv"),
    Case("header_below_row_40", _from_grids(67, _rows_above(45)), "loaded"),
    Case("copy_of_the_table_kept_for_reference", _from_grids(68, _copy_of_households("Hộ theo thôn (2)")),
         "needs_review", "table_on_several_sheets"),
    Case("last_years_sheet_placed_first", _from_grids(69, _copy_of_households("Hộ theo thôn 2019", "2019", first=True,
                                                                                factor=2)), "loaded"),
]
