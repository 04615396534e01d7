"""Every published sheet, the error workbook sent back and the template print legibly on A4.

Each workbook is printed to PDF by LibreOffice, every sheet with its own page setup, and read back with pypdf: the
paper of each page, the number of pages, the text (the provisional banner whole, page numbers, headings) and the
size each piece of text is drawn at, never under 8 pt.
"""

import math
import random
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from giamngheo.demo import demo_submissions, synthetic_submission
from publish.template import Submission, write_submission
from tests.conftest import run_library
from tests.helpers import submission, write
from tests.test_feedback import libreoffice
from vocabulary import units
from vocabulary.standards import standard_for_period

A4 = (595, 842)  # pt, either way up
SMALLEST_PT = 8
BANNER = "SỐ LIỆU TẠM TÍNH: chưa có số liệu của 2/14 xã · PROVISIONAL: 2 of 14 communes missing"
GROUP = "Phân loại số hộ thiếu hụt các dịch vụ xã hội cơ bản"  # Phụ lục 3's heading over the indicators


def render(workbook: Path, directory: Path) -> list[str]:
    """The text of each page of the workbook as LibreOffice prints it, whitespace made single spaces, once every
    page is known to be A4 with no text under 8 pt."""
    directory.mkdir()
    # A profile of its own: conversions running at the same time would otherwise share one and clash.
    profile = (directory / "profile").as_uri()
    done = subprocess.run(
        [libreoffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(directory), str(workbook)], capture_output=True, text=True, timeout=120)
    pdf = directory / f"{workbook.stem}.pdf"
    assert done.returncode == 0 and pdf.is_file(), f"LibreOffice failed: {done.stdout}\n{done.stderr}"
    pages = PdfReader(pdf).pages
    for number, page in enumerate(pages, start=1):
        paper = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert paper == pytest.approx(A4, abs=2), (workbook.name, number, paper)
        small = [(round(size, 2), text) for size, text in drawn(page) if size < SMALLEST_PT]
        assert small == [], (workbook.name, number, small[:5])
    return [" ".join(page.extract_text().split()) for page in pages]


def drawn(page) -> list[tuple[float, str]]:
    """(size in pt on paper, text) of each piece of text on the page: the font size scaled by the text and current
    transformation matrices. LibreOffice scales a sheet by writing smaller font sizes under identity matrices;
    the matrices count too, for writers that scale them instead."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            area = (tm[0] * tm[3] - tm[1] * tm[2]) * (cm[0] * cm[3] - cm[1] * cm[2])
            pieces.append((size * math.sqrt(abs(area)), text.strip()))

    page.extract_text(visitor_text=visit)
    return pieces


def numbered(pages: list[str]) -> bool:
    return all(f"Trang {n} / {len(pages)}" in text for n, text in enumerate(pages, start=1))


def deprivation_pages(pages: list[str]) -> list[str]:
    return [text for text in pages if GROUP in text]


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
    return render(Path(workbook), tmp_path_factory.mktemp("pdf") / "published")


@pytest.fixture(scope="module")
def feedback(provisional_run, tmp_path_factory) -> list[str]:
    return render(Path(provisional_run["quarantined"][0]["feedback"]), tmp_path_factory.mktemp("pdf") / "feedback")


@pytest.fixture(scope="module")
def twelve_indicators(tmp_path_factory) -> list[str]:
    """The workbook of 2023, whose poverty standard has 12 deprivation indicators: Phụ lục 3 is 29 columns wide."""
    root = tmp_path_factory.mktemp("twelve")
    rng = random.Random(12)
    for code in (demo.commune.commune_code for demo in demo_submissions()):
        write_submission(root / "inbox" / f"{code}.xlsx",
                         synthetic_submission(units.commune_by_code(code), "2023", rng))
    [workbook] = run_library(root / "inbox", root / "w.duckdb", period="2023", out=root / "out")["outputs"]["workbooks"]
    return render(Path(workbook), root / "pdf")


def test_the_published_workbook_prints_on_a4_with_page_numbers(published):
    # Phụ lục 1, 2, Cảnh báo and Tình hình nộp on a page each, Phụ lục 3 on three pages across and two down, then
    # the charts, one a page, and the table they are drawn from
    assert 13 <= len(published) <= 16
    assert numbered(published)


def test_each_chart_prints_on_a_page_of_its_own(published):
    charts = [text for text in published if "Tỷ lệ hộ nghèo theo xã" in text or "Hộ nghèo: thực hiện" in text
              or "Tỷ lệ hộ nghèo chung và trong đồng bào DTTS" in text]
    assert len(charts) == 3
    # each whole on its page: its title, every commune on its axis and its legend
    assert all("Xã Krông Năng" in text and "Thị trấn Phú Túc" in text for text in charts)


def test_the_provisional_banner_prints_whole_on_every_sheet(published):
    first_pages = [text for text in published if "PHỤ LỤC" in text or "CẢNH BÁO" in text or "TÌNH HÌNH NỘP" in text]
    assert len(first_pages) == 5
    assert all(BANNER in text for text in first_pages)


def test_phu_luc_3_prints_across_pages_each_with_its_headings_and_names(published):
    pages = deprivation_pages(published)
    assert 4 <= len(pages) <= 8  # not shrunk onto one page
    # each page repeats the header rows and the STT, commune and row kind columns
    assert all("STT" in text and "Xã/Phường/Thị trấn" in text and "Thực hiện năm 2020" in text for text in pages)
    text = " ".join(pages)
    for heading in ("Trình độ giáo dục của người lớn", "Hố xí/nhà tiêu hợp vệ sinh", "Số hộ thiếu hụt",
                    "Tỷ lệ thiếu hụt (%)", f"{GROUP} (tiếp)"):
        assert heading in text
    assert "Toàn huyện" in text


def test_twelve_indicators_print_legibly(twelve_indicators):
    assert 10 <= len(twelve_indicators) <= 16
    assert numbered(twelve_indicators)
    text = " ".join(deprivation_pages(twelve_indicators))
    labels = [indicator.label_vi for indicator in standard_for_period("2023").indicators]
    assert len(labels) == 12 and all(label in text for label in labels)
    assert "Toàn huyện" in text


def test_the_feedback_workbook_prints_on_a4_with_both_messages(feedback, provisional_run):
    assert 5 <= len(feedback) <= 6  # the list, then the commune's four sheets, each one page wide
    assert numbered(feedback)
    [problem] = provisional_run["quarantined"][0]["errors"]
    assert "Danh sách lỗi cần sửa" in feedback[0]
    assert problem["message_vi"] in feedback[0] and problem["message_en"] in feedback[0]
    assert any("12 hộ" in text and "Thôn, buôn" in text for text in feedback[1:])


@pytest.mark.parametrize("period", ["2020", "2023"])  # 10 and 12 deprivation indicators
def test_the_template_prints_each_sheet_on_one_legible_page(tmp_path, period):
    template = write_submission(tmp_path / f"mau-{period}.xlsx", Submission(submission().commune, period))
    pages = render(template, tmp_path / "pdf")
    assert len(pages) == len(openpyxl.load_workbook(template).sheetnames) and numbered(pages)
    assert "Hướng dẫn: chỉ nhập số nguyên" in pages[1] and "Tổng cộng" in pages[2]
