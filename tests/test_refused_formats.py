"""An .xlsb or a CSV export is refused saying what to send instead, within the limits every file has, and counts for
its commune as a file it sent (rejected, not missing); a table found on two sheets is read from the period's, with a
warning naming the other, through a whole run."""

import csv
import shutil
import unicodedata
import zipfile

import duckdb
import pytest

from tests.conftest import run_library
from tests.corpus import HOUSEHOLDS
from tests.helpers import grids, submission, write
from tests.xlsb import write_xlsb
from transforms.extract import read_submission
from transforms.read import MAX_FILE_BYTES, MAX_SHEET_ROWS

# what gives, for a run, the sheets each file's tables were read from (and the period's run read it)
SHEETS_READ = """
    select s.file_name, c.section, list(distinct c.sheet order by c.sheet) as sheets
    from raw.submissions as s
    inner join (select file_id, section, sheet from raw.cells
                union all select file_id, 'register', sheet from raw.households) as c using (file_id)
    where s.period = ? and s.present
    group by all order by s.file_name, c.section"""


# tone marks, which Windows-1258 writes after the letter (its hats and horns are in the letters it has)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _windows_1258(text: str) -> str:
    """Vietnamese as Windows-1258 spells it: each toned letter as its untoned letter and a combining tone mark."""
    out = []
    for letter in text:
        parts = unicodedata.normalize("NFD", letter)
        tones = "".join(ch for ch in parts if ch in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES)) + tones)
    return "".join(out)


def _csv(path, rows, encoding="utf-8-sig", delimiter=","):
    if encoding == "cp1258":
        rows = [[_windows_1258(v) if isinstance(v, str) else v for v in row] for row in rows]
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def _first_sheet(sub, tmp_path):
    return next(iter(grids(write(tmp_path / "base.xlsx", sub)).values()))


@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ","), ("utf-8", ";"), ("cp1258", "\t")])
def test_a_csv_export_is_read_for_what_it_declares_in_the_encodings_excel_writes(tmp_path, encoding, delimiter):
    sub = submission("24091")
    rows = [[v if isinstance(v, str) else int(v) for v in row] for row in _first_sheet(sub, tmp_path)]
    item = read_submission(_csv(tmp_path / "bao-cao.csv", rows, encoding, delimiter))
    assert [p.rule for p in item.problems] == ["format_csv"]
    assert item.info["commune_code"][0] == "24091" and item.info["period"][0] == "2020"
    assert item.info["commune_name"][0] == sub.commune.commune_name
    assert item.workbook.refused_format == "format_csv"


def test_an_xlsb_is_read_for_what_it_declares(tmp_path):
    item = read_submission(write_xlsb(tmp_path / "a.xlsb", grids(write(tmp_path / "a.xlsx", submission("24091")))))
    [problem] = item.problems
    assert problem.rule == "format_xlsb" and "lưu lại thành .xlsx" in problem.message_vi
    assert "save it as .xlsx and send it again" in problem.message_en.replace(" (File → Save As → Excel Workbook)", "")
    assert item.info["commune_code"][0] == "24091" and item.cells == []


def test_a_csv_beyond_a_sheets_rows_is_refused_before_it_is_all_read(tmp_path):
    path = _csv(tmp_path / "dai.csv", [[n, "x"] for n in range(MAX_SHEET_ROWS + 10)])
    [problem] = read_submission(path).problems
    assert problem.rule == "unreadable" and f"{MAX_SHEET_ROWS:,}".replace(",", "") in problem.message_en


def test_a_csv_over_the_size_limit_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "lon.csv"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    [problem] = read_submission(path).problems
    assert problem.rule == "unreadable" and "MB limit" in problem.message_en


def test_an_xlsb_zip_bomb_is_refused_before_it_is_parsed(tmp_path):
    path = write_xlsb(tmp_path / "bom.xlsb", {"T": [["x"]]})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            for _ in range(20):
                part.write(bytes(2**24))
    [problem] = read_submission(path).problems
    assert problem.rule == "unreadable" and "unpacks to" in problem.message_en


def test_a_password_protected_xlsb_is_told_to_remove_the_password(tmp_path):
    path = tmp_path / "mat-khau.xlsb"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
                     + "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0") + bytes(4096))
    [problem] = read_submission(path).problems
    assert problem.rule == "unreadable" and "password-protected" in problem.message_en


def _with_last_years_sheet(path):
    """The commune's workbook with last year's households sheet (other figures) placed before this year's."""
    from tests.corpus import write_grids

    sheets = grids(path)
    old = [[v * 2 if isinstance(v, float) and c > 1 else v for c, v in enumerate(row)] for row in sheets[HOUSEHOLDS]]
    old[0][0] = old[0][0].replace("2020", "2019")
    return write_grids(path, {"Hộ theo thôn 2019": old, **sheets})


def _with_a_copy(path):
    from tests.corpus import write_grids

    sheets = grids(path)
    return write_grids(path, {**sheets, "Bản sao": [list(row) for row in sheets[HOUSEHOLDS]]})


@pytest.fixture(scope="module")
def run(demo_inbox, tmp_path_factory):
    """The demo, with Ia Mlăh's workbook sent as .xlsb, Phú Túc's as a CSV export, Ia Rsai's with last year's
    sheet in front, and Ia Rsươm's with a copy of its table."""
    root = tmp_path_factory.mktemp("formats")
    inbox = root / "inbox"
    shutil.copytree(demo_inbox, inbox)
    [ia_mlah] = inbox.glob("24091-*.xlsx")
    write_xlsb(ia_mlah.with_suffix(".xlsb"), grids(ia_mlah))
    ia_mlah.unlink()
    [phu_tuc] = inbox.glob("24076-*.xlsx")
    _csv(phu_tuc.with_suffix(".csv"), [[v if isinstance(v, str) else int(v) for v in row]
                                       for row in next(iter(grids(phu_tuc).values()))])
    phu_tuc.unlink()
    [ia_rsai] = inbox.glob("24079-*.xlsx")
    _with_last_years_sheet(ia_rsai)
    [ia_rsuom] = inbox.glob("24082-*.xlsx")
    _with_a_copy(ia_rsuom)
    database = root / "w.duckdb"
    return database, run_library(inbox, database)


def test_an_xlsb_and_a_csv_make_their_communes_rejected_not_missing(run):
    database, summary = run
    with duckdb.connect(str(database), read_only=True) as con:
        status = dict(con.execute("""select commune_code, submission_status || ':' || coalesce(rejected_for, '')
                                     from marts.completeness where period = '2020'
                                     and commune_code in ('24091', '24076')""").fetchall())
    assert status == {"24091": "rejected:format_xlsb", "24076": "rejected:format_csv"}
    absent = {a["commune_code"]: a["status"] for a in summary["completeness"]["absent"]}
    assert absent["24091"] == absent["24076"] == "rejected"
    refused = {item["file"]: item["errors"] for item in summary["quarantined"]}
    assert [e["rule"] for e in refused["24091-xa-ia-mlah-2020.xlsb"]] == ["format_xlsb"]
    assert "not a CSV export" in refused["24076-tt-phu-tuc-2020.csv"][0]["message_en"]


def test_a_table_on_two_sheets_without_the_period_to_tell_waits_for_review(run):
    database, summary = run
    [review] = summary["needs_review"]
    assert review["file"].startswith("24082-")
    assert [e["rule"] for e in review["errors"]] == ["table_on_several_sheets"]
    assert "'Hộ theo thôn', 'Bản sao'" in review["errors"][0]["message_en"]
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select count(*) from marts.poverty_by_commune where commune_code = '24082'"
                           ).fetchall() == [(0,)]


def test_last_years_sheet_in_front_is_set_aside_with_a_warning_and_the_figures_are_this_years(run):
    database, summary = run
    [warned] = [item for item in summary["loaded_with_warnings"] if item["file"].startswith("24079-")]
    [warning] = [w for w in warned["warnings"] if w["rule"] == "table_sheet_chosen"]
    assert (warning["sheet"], warning["cell"], warning["value"]) == ("Hộ theo thôn", "B4", "'Hộ theo thôn 2019'")
    assert "Ô Hộ theo thôn!B4: đã đọc bảng ở trang 'Hộ theo thôn'" in warning["message_vi"]
    assert "the same table on 'Hộ theo thôn 2019' was not read" in warning["message_en"]
    with duckdb.connect(str(database), read_only=True) as con:
        [(poor,)] = con.execute("select poor_households from marts.poverty_by_commune where commune_code = '24079'"
                                ).fetchall()
        sheets = {(name, section): sorted(found) for name, section, found in con.execute(SHEETS_READ, ["2020"]).fetchall()}
    assert poor == sum(v["poor_households"] for v in submission("24079").villages)
    assert sheets[("24079-xa-ia-rsai-2020.xlsx", "households")] == ["Hộ theo thôn"]
    # and the run's outcome for the file says which sheets were read
    assert warned["sheets_read"] == ["Chỉ tiêu kỳ sau", "Hộ theo thôn", "Số liệu đầu kỳ", "Thiếu hụt"]
