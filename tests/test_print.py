"""Everything printed reads on paper: every published sheet, the HTML report, the templates, the household register,
the posting list and the error workbook sent back to a commune.

Each workbook is printed to PDF by LibreOffice (every sheet with its own page setup), the HTML report by headless
Chromium, and read back with pdfplumber (tests/printed.py): every page A4 and numbered; no text under 8 pt (turned
text measured along its line); no character drawn over another nor through a cell's border (a wrapped text in a row
too short for it, a text running on under the next cell); no English word on a page printed for the district
profile's Vietnamese ("vi", the bundled one); a made-up period marked on every page; every page of Phụ lục III after
its first titled as continued; a provisional publication naming each commune not counted, with its status, in
Phụ lục I–III and saying how many communes its total sums.
"""

import dataclasses
import random
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from giamngheo.demo import demo_register, demo_submissions, synthetic_submission, write_demo_inbox
from publish.posting_list import write_posting_list
from publish.register_template import Register, write_register
from publish.template import Submission, write_submission
from publish.workbooks import publish_period
from tests.conftest import run_library
from tests.helpers import submission, write
from tests.printed import Page, chromium_pdf, english_words, libreoffice_pdf, page_size, read_pdf
from tests.test_feedback import libreoffice
from transforms.pseudonym import KEY_VARIABLE
from transforms.register import posting_rows
from vocabulary import units
from vocabulary.labels import SYNTHETIC_BANNER_VI
from vocabulary.profile import load_profile
from vocabulary.standards import standard_for_period

A4 = (595, 842)  # pt, either way up
SMALLEST_PT = 8
DEPRIVATION = "KẾ HOẠCH GIẢM CÁC CHỈ SỐ CỦA HỘ NGHÈO"  # Phụ lục III's title
CONTINUED = "Phụ lục III (tiếp)"
GROUP = "Phân loại số hộ thiếu hụt các dịch vụ xã hội cơ bản"  # Phụ lục III's heading over the indicators


def legible(pdf: Path, name: str, english: bool = True) -> list[Page]:
    """The pages of a printed document, once each is known to be A4, its text 8 pt or more, none of it drawn over
    other text or through a border, and (unless ``english`` is allowed) no English word on it."""
    pages = read_pdf(pdf)
    assert pages, name
    for number, (page, size) in enumerate(zip(pages, page_size(pdf)), start=1):
        assert sorted(size) == pytest.approx(A4, abs=2), (name, number, size)
        assert page.smallest >= SMALLEST_PT, (name, number, sorted(set(s for s in page.sizes if s < SMALLEST_PT)))
        assert page.overlaps == [], (name, number, page.overlaps[:5], page.text[:200])
        assert page.over_rules == [], (name, number, "".join(page.over_rules[:40]), page.text[:200])
        if not english:
            assert english_words(page.text) == [], (name, number, english_words(page.text)[:10], page.text[:300])
    return pages


def render(workbook: Path, directory: Path, english: bool = True) -> list[str]:
    """The text of each page of the workbook as LibreOffice prints it (whitespace made single spaces), once every
    page is known legible (``legible``)."""
    pages = legible(libreoffice_pdf(libreoffice(), workbook, directory), workbook.name, english)
    return [page.text for page in pages]


def printed_report(report: Path, directory: Path) -> list[str]:
    return [page.text for page in legible(chromium_pdf(report, directory), report.name, english=False)]


def numbered(pages: list[str]) -> bool:
    return all(f"Trang {n} / {len(pages)}" in text for n, text in enumerate(pages, start=1))


def deprivation_pages(pages: list[str]) -> list[str]:
    return [text for text in pages if GROUP in text]


def has_heading(text: str, heading: str) -> bool:
    """Whether a heading wrapped in its cell is printed: its words, which the text of the page has in the order
    of its lines, each line of the heading beside its neighbours'."""
    return all(word in text.split() for word in heading.split())


def html_of(summary: dict) -> Path:
    [report] = [Path(r) for r in map(str, summary["outputs"]["reports"]) if r.endswith(".html")]
    return report


@pytest.fixture(scope="module")
def provisional_run(demo_inbox, tmp_path_factory) -> dict:
    """The 2020 demo without two communes' files, and Chư Gu's file sent again with a count typed as text."""
    root = tmp_path_factory.mktemp("print")
    inbox = root / "inbox"
    shutil.copytree(demo_inbox, inbox)
    for removed in ("24079", "24106"):
        next(inbox.glob(f"{removed}-*.xlsx")).unlink()
    bad = submission("24085")
    bad.villages[1]["poor_households"] = "12 hộ"
    write(inbox / "chu-gu-sai.xlsx", bad)
    summary = run_library(inbox, root / "w.duckdb", out=root / "out")
    assert summary["counts"]["quarantined"] == 1
    return summary


@pytest.fixture(scope="module")
def published(provisional_run, tmp_path_factory) -> list[str]:
    [workbook] = provisional_run["outputs"]["workbooks"]
    return render(Path(workbook), tmp_path_factory.mktemp("pdf") / "published", english=False)


@pytest.fixture(scope="module")
def rejected_run(tmp_path_factory) -> dict:
    """The demo with Ia Mlăh's file refused for its mistakes (giamngheo demo --mistakes)."""
    root = tmp_path_factory.mktemp("mistakes")
    write_demo_inbox(root / "inbox", mistakes=True)
    summary = run_library(root / "inbox", root / "w.duckdb", out=root / "out")
    assert [q["commune_name"] for q in summary["quarantined"]] == ["Xã Ia Mláh"]
    return summary


@pytest.fixture(scope="module")
def rejected(rejected_run, tmp_path_factory) -> list[str]:
    [workbook] = rejected_run["outputs"]["workbooks"]
    return render(Path(workbook), tmp_path_factory.mktemp("pdf") / "rejected", english=False)


@pytest.fixture(scope="module")
def demo_2020(demo_warehouse, tmp_path_factory) -> list[str]:
    [workbook] = (demo_warehouse.parent / "out" / "2020").glob("tong-hop-*.xlsx")
    return render(workbook, tmp_path_factory.mktemp("pdf") / "2020", english=False)


@pytest.fixture(scope="module")
def synthetic(demo_two_periods, tmp_path_factory) -> list[str]:
    _, summary = demo_two_periods
    [workbook] = summary["outputs"]["workbooks"]
    return render(Path(workbook), tmp_path_factory.mktemp("pdf") / "2021", english=False)


@pytest.fixture(scope="module")
def synthetic_report(demo_two_periods, tmp_path_factory) -> list[str]:
    _, summary = demo_two_periods
    return printed_report(html_of(summary), tmp_path_factory.mktemp("pdf") / "report-2021")


@pytest.fixture(scope="module")
def feedback(rejected_run, tmp_path_factory) -> list[str]:
    # sent back to a commune, which is told in both languages (README): English is allowed on it
    return render(Path(rejected_run["quarantined"][0]["feedback"]), tmp_path_factory.mktemp("pdf") / "feedback")


@pytest.fixture(scope="module")
def twelve_indicators(tmp_path_factory) -> list[str]:
    """The workbook of 2023, whose poverty standard has 12 deprivation indicators."""
    root = tmp_path_factory.mktemp("twelve")
    rng = random.Random(12)
    for code in (demo.commune.commune_code for demo in demo_submissions()):
        write_submission(root / "inbox" / f"{code}.xlsx",
                         synthetic_submission(units.commune_by_code(code), "2023", rng))
    [workbook] = run_library(root / "inbox", root / "w.duckdb", period="2023", out=root / "out")["outputs"]["workbooks"]
    return render(Path(workbook), root / "pdf", english=False)


def test_the_published_workbook_prints_on_a4_with_page_numbers(published, demo_2020):
    # Phụ lục I and II on a page each, Phụ lục III in two tables of two pages each (14 pages before, 6 of them
    # Phụ lục III's), Cảnh báo and Tình hình nộp on a page each, the charts one a page and the table they are
    # drawn from
    for pages in (published, demo_2020):
        assert 11 <= len(pages) <= 13
        assert numbered(pages)
        # the separators of the figures are the computer's: said at the foot of every page
        assert all("Dấu phân cách hàng nghìn và thập phân theo cài đặt của máy" in text for text in pages)


def test_each_chart_prints_on_a_page_of_its_own(published):
    charts = [text for text in published if "Tỷ lệ hộ nghèo theo xã" in text or "Hộ nghèo: thực hiện" in text
              or "Tỷ lệ hộ nghèo chung và trong đồng bào DTTS" in text]
    assert len(charts) == 3
    # each whole on its page: its title, every commune counted on its axis (slanted: read letter by letter)
    assert all("XãKrôngNăng" in text.replace(" ", "") and "PhúTúc" in text.replace(" ", "") for text in charts)


def test_the_appendices_are_headed_as_the_decree_sets(demo_2020):
    attached = f"(Kèm theo Báo cáo số …/BC-LĐTBXH ngày … tháng … năm … của {load_profile().issuer_in_sentence})"
    for number in ("I", "II", "III"):
        [first] = [text for text in demo_2020 if f"Phụ lục {number} " in text and "(tiếp)" not in text]
        assert attached in first and "HUYỆN KRÔNG PA, TỈNH GIA LAI" in first
        assert "đơn vị hành chính trước" not in first  # the technical subtitle is gone (2020: no reader needs it)


def test_the_provisional_banner_prints_whole_on_every_sheet(published):
    first_pages = [text for text in published if "Phụ lục I" in text or "CẢNH BÁO" in text or "TÌNH HÌNH NỘP" in text]
    assert len(first_pages) >= 5
    banner = "SỐ LIỆU TẠM TÍNH: chưa có số liệu của 2/14 xã: Xã Ia RSai (chưa nộp), Xã Chư Ngọc (chưa nộp)"
    assert all(banner in text for text in first_pages)


def test_phu_luc_3_prints_one_page_wide_every_page_titled_and_headed(demo_2020):
    pages = deprivation_pages(demo_2020)
    assert len(pages) == 4  # two tables of five indicators, two pages each (six pages, three across, before)
    assert DEPRIVATION in pages[0] and CONTINUED not in pages[0]
    assert all(CONTINUED in text for text in pages[1:])  # every page after the first says it is continued
    # each page has the header rows: STT, commune and row kind, and its own indicators' whole headings
    assert all("STT" in text and "Xã/Phường/Thị trấn" in text and "Thực hiện năm 2020" in text for text in pages)
    text = " ".join(pages)
    for heading in ("Trình độ giáo dục của người lớn", "Hố xí/nhà tiêu hợp vệ sinh", "Số hộ thiếu hụt",
                    "Tỷ lệ thiếu hụt (%)"):
        assert has_heading(text, heading), heading
    assert text.count("Toàn huyện") == 2  # once in each table


def test_twelve_indicators_print_legibly(twelve_indicators):
    assert 10 <= len(twelve_indicators) <= 16
    assert numbered(twelve_indicators)
    pages = deprivation_pages(twelve_indicators)
    assert all(CONTINUED in text for text in pages[1:])
    text = " ".join(pages)
    labels = [indicator.label_vi for indicator in standard_for_period("2023").indicators]
    assert len(labels) == 12 and all(has_heading(text, label) for label in labels)
    assert "Toàn huyện" in text


def test_a_rejected_commune_is_listed_with_its_status_and_the_total_says_what_it_sums(rejected):
    # Ia Mlăh's file refused: its row in Phụ lục I–III says so, with no figures, and each total sums 13 of 14
    for appendix in ("Phụ lục I ", "Phụ lục II ", "Phụ lục III "):
        pages = [text for text in rejected if appendix in text or (appendix == "Phụ lục III " and CONTINUED in text)]
        text = " ".join(pages)
        assert "Xã Ia Mlăh Bị trả lại – chưa có số liệu" in text, appendix
        assert "Toàn huyện (13/14 xã)" in text, appendix
    banner = "SỐ LIỆU TẠM TÍNH: chưa có số liệu của 1/14 xã: Xã Ia Mlăh (bị trả lại)"
    assert sum(banner in text for text in rejected) >= 5


def test_a_made_up_period_is_marked_on_every_printed_page(synthetic, synthetic_report, demo_2020):
    assert numbered(synthetic) and len(synthetic) >= 12
    assert all(SYNTHETIC_BANNER_VI in text for text in synthetic)
    assert len(synthetic_report) >= 3 and all(SYNTHETIC_BANNER_VI in text for text in synthetic_report)
    assert not any(SYNTHETIC_BANNER_VI in text for text in demo_2020)  # the seed's figures: real


def test_the_report_prints_legibly_in_the_profiles_language(demo_warehouse, tmp_path):
    [report] = (demo_warehouse.parent / "out" / "2020").glob("bao-cao-*.html")
    pages = printed_report(report, tmp_path / "pdf")
    text = " ".join(pages)
    assert "Phụ lục I" in text and "Phụ lục III" in text and "(Kèm theo Báo cáo số" in text and "Toàn huyện" in text


def test_a_bilingual_profile_prints_english_beside_the_vietnamese(demo_warehouse, tmp_path):
    profile = dataclasses.replace(load_profile(), language="vi+en")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        [workbook] = publish_period(con, "2020", tmp_path / "out", profile=profile)["workbooks"]
    book = openpyxl.load_workbook(workbook)
    assert book["Cảnh báo"]["B5"].value == "Xã / Commune" and book["Tình hình nộp"]["D7"].value.endswith(" / late")
    report = Path(workbook).with_name(Path(workbook).name.replace("tong-hop-", "bao-cao-")).with_suffix(".html")
    assert "Xã / Commune" in report.read_text(encoding="utf-8")


def test_the_feedback_workbook_prints_on_a4_with_both_messages(feedback, rejected_run):
    # the list, then each of the commune's sheets, each on one page
    returned = openpyxl.load_workbook(rejected_run["quarantined"][0]["feedback"])
    assert len(feedback) == len(returned.sheetnames) and numbered(feedback)
    problems = rejected_run["quarantined"][0]["errors"]
    assert "Danh sách lỗi cần sửa" in feedback[0]
    # both languages side by side, each wrapped in its column: their words, line by line beside each other
    assert all(has_heading(feedback[0], p["message_vi"]) and has_heading(feedback[0], p["message_en"])
               for p in problems)
    assert any("12 hộ" in text and "Thôn, buôn" in text for text in feedback[1:])


@pytest.mark.parametrize("period", ["2020", "2023"])  # 10 and 12 deprivation indicators
def test_the_template_prints_each_sheet_on_one_legible_page(tmp_path, period):
    template = write_submission(tmp_path / f"mau-{period}.xlsx", Submission(submission().commune, period))
    pages = render(template, tmp_path / "pdf", english=False)
    assert len(pages) == len(openpyxl.load_workbook(template).sheetnames) and numbered(pages)
    assert "Hướng dẫn: chỉ nhập số nguyên" in pages[1] and "Tổng cộng" in pages[2]


def test_the_register_prints_legibly_across_pages_and_says_it_holds_personal_data(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_VARIABLE, "a-test-key-that-is-long-enough")
    register = demo_register(submission("24091"), random.Random(1))
    blank = render(write_register(tmp_path / "mau.xlsx", Register(register.commune, "2020")), tmp_path / "pdf-blank",
                   english=False)
    filled = render(write_register(tmp_path / "dsh.xlsx", register), tmp_path / "pdf", english=False)
    for pages in (blank, filled):
        assert numbered(pages)
        assert all("Tài liệu có thông tin cá nhân (Nghị định 13/2023/NĐ-CP)" in text for text in pages)
    # its 21 columns across two pages (one before, at 42 %): each with the household's number and head
    register_pages = [text for text in filled if "Họ và tên chủ hộ" in text]
    assert len(register_pages) >= 4 and all("Số thứ tự hộ" in text for text in register_pages)
    assert all(h["head_name"] in " ".join(filled) for h in register.households[:30])


def test_the_posting_list_prints_legibly_sorted_by_number(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_VARIABLE, "a-test-key-that-is-long-enough")
    register = demo_register(submission("24091"), random.Random(1))
    for household in register.households:  # numbers as text, as a commune may type them
        household["household_number"] = str(household["household_number"])
    info, households = posting_rows(write_register(tmp_path / "dsh.xlsx", register))
    path = write_posting_list(tmp_path / "niem-yet.xlsx", info, households)
    pages = render(path, tmp_path / "pdf", english=False)
    assert numbered(pages) and all("Danh sách niêm yết công khai" in text for text in pages)
    rows = [r for r in openpyxl.load_workbook(path)["Niêm yết"].iter_rows(min_row=5, values_only=True)
            if isinstance(r[0], int)]
    sections, current = [], []
    for row in rows:  # I. the poor, II. the near-poor: each numbered from 1
        if row[0] == 1 and current:
            sections.append(current)
            current = []
        current.append(row)
    sections.append(current)
    assert len(sections) == 2
    lengths = set()
    for section in sections:
        for village in dict.fromkeys(r[1] for r in section):
            numbers = [int(r[2]) for r in section if r[1] == village]
            assert numbers == sorted(numbers), (village, numbers)
            lengths |= {len(str(n)) for n in numbers}
    assert len(lengths) > 1  # numbers of one digit and of more: as text, 11 would come before 6
