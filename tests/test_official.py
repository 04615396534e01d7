"""The report an office signs (issue 21): bao-cao-<area>-<period>.docx and .pdf beside each published workbook, as
Nghị định 30/2020/NĐ-CP, Phụ lục I, lays out an administrative document, with Phụ lục I–III attached.

The PDF is read back with pdfplumber (the text, where each word is and the size each character is drawn at); the
.docx is printed by LibreOffice, as an office opening it would, and read back the same way.
"""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import duckdb
import pdfplumber
import pytest
from docx import Document

import publish.workbooks
from publish.official import MOTTO, date_line, official_report
from publish.official_layout import MARGINS, text_width_mm
from publish.workbooks import official_paths, publish_period
from tests.conftest import run_library
from tests.test_feedback import libreoffice
from vocabulary.labels import SYNTHETIC_BANNER, in_print
from vocabulary.profile import load_profile
from vocabulary.text import vn_number

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "docs" / "official-report.png"
MM = 72 / 25.4  # points per mm
A4 = (210 * MM, 297 * MM)
SMALLEST_PT = 8
# Words that would betray English left on a page printed for a Vietnamese-only profile; none is a Vietnamese word.
ENGLISH = ("poor", "households", "household", "total", "report", "plan", "district", "commune", "communes",
           "synthetic", "provisional", "figures", "missing", "rejected", "late", "appendix", "page", "rate",
           "target", "results", "review", "withdrawn", "indicator", "not real")
_ENGLISH = re.compile(r"(?<![\w/])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w])", re.I)
# A figure as a Vietnamese document prints it, with a separator: 2.342, 11,78, 1.234,5
FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w.,]\d)|(?<![\w.,])\d+,\d+(?![\w.,]\d)")


def flat(text: str) -> str:
    return " ".join(text.split())


def read_pdf(path: Path) -> list[dict]:
    """Each page: its size, its text (whitespace made single spaces), its words with their boxes, its characters
    with their sizes on paper and fonts."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
            pages.append({"width": float(page.width), "height": float(page.height),
                          "text": flat(page.extract_text() or ""), "words": words,
                          "chars": [c for c in page.chars if c["text"].strip()]})
    return pages


def overlapping(words: list[dict], tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than ``tolerance`` pt both ways: text printed over text."""
    found = []
    ordered = sorted(words, key=lambda w: w["x0"])
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            if second["x0"] >= first["x1"] - tolerance:
                break
            wide = min(first["x1"], second["x1"]) - max(first["x0"], second["x0"])
            high = min(first["bottom"], second["bottom"]) - max(first["top"], second["top"])
            if wide > tolerance and high > tolerance:
                found.append((first["text"], second["text"]))
    return found


def english_words(text: str) -> list[str]:
    return [match.group(1) for match in _ENGLISH.finditer(text)]


def docx_text(path: Path) -> str:
    """Every text of the .docx, its headers and footers too."""
    with zipfile.ZipFile(path) as archive:
        parts = [archive.read(name).decode() for name in archive.namelist()
                 if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)]
    return flat(" ".join(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", part)) for part in parts))


def printed_by_libreoffice(docx: Path, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    profile = (directory / "profile").as_uri()  # its own: conversions at the same time would share one and clash
    done = subprocess.run([libreoffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", "pdf", "--outdir", str(directory), str(docx)],
                          capture_output=True, text=True, timeout=180)
    pdf = directory / f"{docx.stem}.pdf"
    assert done.returncode == 0 and pdf.is_file(), f"LibreOffice failed: {done.stdout}\n{done.stderr}"
    return pdf


def area_row(database: Path, period: str) -> dict:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.sql("select * from marts.plan_vs_result_by_district where period = ?",
                       params=[period]).pl().to_dicts()[0]


@pytest.fixture(scope="module")
def published(demo_warehouse) -> dict:
    """The demo's 2020 as a run publishes it: the workbook, and the report's .docx and PDF read back."""
    folder = demo_warehouse.parent / "out" / "2020"
    workbook = folder / "tong-hop-huyen-krong-pa-2020.xlsx"
    docx, pdf = official_paths(workbook)
    return {"workbook": workbook, "docx": docx, "pdf": pdf, "pages": read_pdf(pdf) if pdf.is_file() else [],
            "area": area_row(demo_warehouse, "2020"), "database": demo_warehouse}


def captured_jobs(database: Path, period: str, monkeypatch) -> list:
    """The jobs a publication of ``period`` hands its writer, as publish_period makes them."""
    jobs = []
    monkeypatch.setattr(publish.workbooks, "write_job", lambda job: jobs.append(job) or {"failed": {
        "area": "", "area_code": "", "path": "", "error": "captured"}})
    with duckdb.connect(str(database), read_only=True) as con:
        publish_period(con, period, database.parent / "captured")
    monkeypatch.undo()
    return jobs


def test_the_report_is_written_beside_the_workbook(published):
    assert published["workbook"].is_file()
    assert published["docx"].name == "bao-cao-huyen-krong-pa-2020.docx"
    assert published["docx"].parent == published["pdf"].parent == published["workbook"].parent
    assert published["pdf"].read_bytes().startswith(b"%PDF")
    assert Document(str(published["docx"])).paragraphs  # opens as a Word document


def test_the_pdf_prints_the_district_figures_as_vietnamese_documents_do(published):
    text = " ".join(page["text"] for page in published["pages"])
    area = published["area"]
    # the source document's figures (README), which the warehouse holds
    assert (vn_number(area["poor_households"]), vn_number(area["poverty_rate_pct"], 2),
            vn_number(area["total_households"])) == ("2.342", "11,78", "19.886")
    for figure in ("2.342", "11,78", "19.886", vn_number(area["em_poor_households"]),
                   vn_number(area["em_poverty_rate_pct"], 2), vn_number(area["target_poor_households"]),
                   vn_number(area["target_poverty_rate_pct"], 2)):
        assert figure in text
    for english_form in ("2,342", "11.78", "19,886"):
        assert english_form not in text
    first = published["pages"][0]["text"]
    assert f"{vn_number(area['total_households'])} hộ; số hộ nghèo là {vn_number(area['poor_households'])} hộ, " \
           f"chiếm tỷ lệ {vn_number(area['poverty_rate_pct'], 2)}%" in first


def test_the_pdf_carries_the_header_signature_and_recipients_of_the_profile(published):
    profile = load_profile()
    pages = published["pages"]
    first, text = pages[0]["text"], " ".join(page["text"] for page in pages[:2])
    for element in (*MOTTO, profile.parent_body, f"Số: {profile.number}", "BÁO CÁO",
                    "Kết quả rà soát hộ nghèo, hộ cận nghèo năm 2020", date_line(profile.place, date.today())):
        assert element in first, element
    # the issuing body under the parent body, in the header's left column (where a long name wraps)
    with pdfplumber.open(published["pdf"]) as pdf:
        page = pdf.pages[0]
        left = page.crop((0, 0, (MARGINS["left"] + 0.4 * (210 - MARGINS["left"] - MARGINS["right"])) * MM,
                          45 * MM))
        assert flat(left.extract_text()).startswith(f"{profile.parent_body} {profile.issuing_body}")
    for element in ("Nơi nhận:", profile.signing_authority, profile.signer_title, profile.signer_name):
        assert element in text, element
    for recipient in profile.recipients:
        assert flat(recipient.rstrip(";.")) in text, recipient


def test_the_pages_follow_the_decree(published):
    """A4; margins inside the decree's ranges; page numbers in the top margin, centred, none on the first page of
    the report nor of an appendix, each appendix numbered on its own; Phụ lục III landscape; one serif font."""
    pages = published["pages"]
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert sorted((page["width"], page["height"])) == pytest.approx(sorted(A4), abs=1), number
        left, right = (MARGINS["left"] * MM, MARGINS["right"] * MM)
        body = [c for c in page["chars"] if c["top"] > MARGINS["top"] * MM - 1]
        assert min(c["x0"] for c in body) >= left - 1, number
        assert max(c["x1"] for c in body) <= page["width"] - right + 1, number
        fonts = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for c in page["chars"]}
        assert all(re.match(r"(Liberation-?Serif|TimesNewRoman)", f) for f in fonts), fonts
    starts = [n for n, page in enumerate(pages) if re.match(r"Phụ lục (I|II|III) (?!\(tiếp)", page["text"])]
    assert [pages[n]["text"].split()[2] for n in starts] == ["I", "II", "III"]
    numbers = []
    for page in pages:
        top = [w for w in page["words"] if w["bottom"] < MARGINS["top"] * MM]
        numbers.append(top[0]["text"] if top else None)
        for word in top:  # centred on the text between the margins
            middle = (MARGINS["left"] * MM + page["width"] - MARGINS["right"] * MM) / 2
            assert abs((word["x0"] + word["x1"]) / 2 - middle) < 2
    expected = []
    for n in range(len(pages)):
        begins = n == 0 or n in starts
        expected.append(None if begins else str(int(expected[-1] or 1) + 1))
    assert numbers == expected
    landscape = [page["width"] > page["height"] for page in pages]
    assert landscape == [n >= starts[2] for n in range(len(pages))]


def test_appendices_repeat_their_headers_and_say_which_report_they_go_with(published):
    pages = published["pages"]
    profile = load_profile()
    attached = f"(Kèm theo Báo cáo số {profile.number} ngày {date_line('', date.today())[2:].removeprefix('ngày ')}"
    starts = [page for page in pages if re.match(r"Phụ lục (I|II|III) (?!\(tiếp)", page["text"])]
    assert len(starts) == 3
    for page in starts:
        assert attached in page["text"] and flat(profile.issuer_in_sentence) in page["text"]
    deprivations = [page for page in pages if page["width"] > page["height"]]
    assert len(deprivations) >= 2
    for page in deprivations:  # the header rows on every page of the table
        assert "Phân loại số hộ thiếu hụt các dịch vụ xã hội cơ bản" in page["text"]
        # the headings of the first columns, which wrap in their cells: their words
        assert {"STT", "Xã/Phường/Thị", "Năm", "nghèo"} <= {word["text"] for word in page["words"]}
    for page in pages:
        if page["width"] < page["height"] and "Tên xã, phường, thị trấn" in page["text"]:
            assert "Thực hiện năm 2020" in page["text"] and "Kế hoạch năm 2021" in page["text"]


def test_no_text_under_8_pt_nor_over_other_text(published):
    smallest = min(c["size"] for page in published["pages"] for c in page["chars"])
    assert smallest >= SMALLEST_PT
    for number, page in enumerate(published["pages"], start=1):
        assert overlapping(page["words"]) == [], number
    sizes = re.findall(r'<w:sz w:val="(\d+)"/>', zipfile.ZipFile(published["docx"]).read("word/document.xml").decode())
    assert min(int(size) / 2 for size in sizes) >= SMALLEST_PT


def test_no_english_on_the_pages_of_a_vietnamese_profile(published):
    assert load_profile().language == "vi"
    for number, page in enumerate(published["pages"], start=1):
        assert english_words(page["text"]) == [], number
    assert english_words(docx_text(published["docx"])) == []


def test_the_docx_opened_by_libreoffice_says_the_same_figures(published, tmp_path):
    printed = read_pdf(printed_by_libreoffice(published["docx"], tmp_path / "libreoffice"))
    text = " ".join(page["text"] for page in printed)
    for figure in ("2.342", "11,78", "19.886"):
        assert figure in text
    assert "2,342" not in text and "11.78" not in text
    ours = " ".join(page["text"] for page in published["pages"])
    # every figure the PDF prints, as often, and no other: the two files lay out one report
    assert Counter(FIGURE.findall(text)) == Counter(FIGURE.findall(ours))
    assert min(c["size"] for page in printed for c in page["chars"]) >= SMALLEST_PT
    assert all(sorted((page["width"], page["height"])) == pytest.approx(sorted(A4), abs=1) for page in printed)


ENGLISH_LOCALE = """
import locale, sys
from pathlib import Path
import duckdb
locale.setlocale(locale.LC_ALL, "")
conventions = locale.localeconv()
assert (conventions["thousands_sep"], conventions["decimal_point"]) == (",", "."), conventions
from publish.workbooks import publish_period
with duckdb.connect(sys.argv[1], read_only=True) as con:
    publish_period(con, "2020", Path(sys.argv[2]))
"""


def test_the_pdf_prints_the_same_under_an_english_locale(published, tmp_path):
    """Printed where the computer writes 2,342 and 11.78 (en_US.UTF-8, which `make test` generates)."""
    environment = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "PYTHONPATH": str(ROOT)}
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(published["database"], database)
    done = subprocess.run([sys.executable, "-c", ENGLISH_LOCALE, str(database), str(tmp_path / "out")],
                          capture_output=True, text=True, env=environment, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    pdf = tmp_path / "out" / "2020" / published["pdf"].name
    text = " ".join(page["text"] for page in read_pdf(pdf))
    assert "2.342" in text and "11,78" in text and "19.886" in text
    assert "2,342" not in text and "11.78" not in text


def test_a_synthetic_period_says_so_on_every_page(demo_two_periods):
    database, _ = demo_two_periods
    pdf = database.parent / "out" / "2021" / "bao-cao-huyen-krong-pa-2021.pdf"
    mark = in_print(SYNTHETIC_BANNER, False)
    pages = read_pdf(pdf)
    assert pages and all(mark in page["text"] for page in pages)
    footers = [Document(str(pdf.with_suffix(".docx"))).sections[n].footer for n in range(4)]
    assert all(mark in " ".join(p.text for p in footer.paragraphs) for footer in footers)
    assert "SYNTHETIC" not in " ".join(page["text"] for page in pages)


def test_the_body_names_who_reported_late_and_who_did_not(demo_warehouse, monkeypatch):
    job = captured_jobs(demo_warehouse, "2020", monkeypatch)[0]
    completeness = [dict(row) for row in job.tables["completeness"]]
    completeness[0]["submission_status"] = "missing"
    completeness[1]["submission_status"] = "rejected"
    completeness[2]["submission_status"] = "late"
    tables = {**job.tables, "completeness": completeness}
    report = official_report(job.period, job.area, job.level, tables, job.profile, date(2021, 1, 5))
    body = " ".join(p.text for p in report.body)
    assert f"Chưa gửi báo cáo: 1 xã, phường, thị trấn ({completeness[0]['commune_name']})" in body
    assert f"Báo cáo bị trả lại để sửa, chưa được tổng hợp: 1 xã, phường, thị trấn ({completeness[1]['commune_name']})" \
           in body
    assert completeness[2]["commune_name"] in body.split("trễ hạn")[1]
    assert "SỐ LIỆU TẠM TÍNH" in body and report.page_marks == ["SỐ LIỆU TẠM TÍNH"]
    assert report.place_date == "Krông Pa, ngày 05 tháng 01 năm 2021"


def test_the_body_compares_with_the_plan_for_the_period_when_the_history_has_it(demo_warehouse, monkeypatch):
    job = captured_jobs(demo_warehouse, "2020", monkeypatch)[0]
    history = [{**row, "planned_poverty_rate_pct": 10.5} if row["period"] == "2020" else row
               for row in job.tables["history"]]
    report = official_report(job.period, job.area, job.level, {**job.tables, "history": history}, job.profile,
                             date(2021, 1, 5))
    gap = vn_number(job.area["poverty_rate_pct"] - 10.5, 2)
    assert f"Kế hoạch giao cho năm 2020 là tỷ lệ hộ nghèo 10,50%; kết quả cao hơn kế hoạch {gap} điểm phần trăm." \
           in [p.text for p in report.body]


def test_the_first_periods_report_says_the_fall_since_the_start_of_the_period(published):
    """The demo's 2020 is the warehouse's first period: its fall is measured from the workbooks' start figures (the
    demo's derived ones: 2.968 poor of 19.116 households) and the body says so, with the signed plan's 3,75."""
    body = " ".join(page["text"] for page in published["pages"][:2])
    assert " ".join("So với đầu kỳ (tỷ lệ hộ nghèo 15,53%), tỷ lệ hộ nghèo giảm 3,75 điểm phần trăm.".split()) \
           in " ".join(body.split())


def test_a_vi_en_profile_prints_english_beside(demo_warehouse, monkeypatch, tmp_path):
    job = captured_jobs(demo_warehouse, "2020", monkeypatch)[0]
    own = tmp_path / "giamngheo.toml"
    own.write_text('language = "vi+en"\n', encoding="utf-8")
    report = official_report(job.period, job.area, job.level, job.tables, load_profile(own), date(2021, 1, 5))
    english = [p.text for p in report.body if p.kind == "english"]
    assert english and any("2.342 are poor (11,78%)" in text for text in english)
    assert report.subject_en


def test_dates_have_the_decrees_leading_zeros():
    assert date_line("Krông Pa", date(2021, 1, 5)) == "Krông Pa, ngày 05 tháng 01 năm 2021"
    assert date_line("Krông Pa", date(2020, 2, 9)) == "Krông Pa, ngày 09 tháng 02 năm 2020"
    assert date_line("Krông Pa", date(2020, 10, 20)) == "Krông Pa, ngày 20 tháng 10 năm 2020"
    assert date_line("Krông Pa", date(2020, 3, 1)) == "Krông Pa, ngày 01 tháng 3 năm 2020"


def test_the_rule_under_the_motto_is_as_long_as_the_motto(published):
    """Nghị định 30/2020: a solid rule under the Tiêu ngữ, as long as its line."""
    with pdfplumber.open(published["pdf"]) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        right = (MARGINS["left"] + 0.4 * (210 - MARGINS["left"] - MARGINS["right"])) * MM  # the motto's column
        motto = [w for w in words if w["top"] < 40 * MM and w["x0"] > right and w["text"] in MOTTO[1].split()]
        x0, x1 = min(w["x0"] for w in motto), max(w["x1"] for w in motto)
        bottom = max(w["bottom"] for w in motto)
        rules = [(e["x0"], e["x1"]) for e in page.edges if e["orientation"] == "h" and 0 < e["top"] - bottom < 8]
    assert any(abs(a - x0) < 1.5 and abs(b - x1) < 1.5 for a, b in rules), (x0, x1, rules)
    assert abs((x1 - x0) / MM - text_width_mm(MOTTO[1], 13, bold=True)) < 0.5


def test_the_first_page_pictured_for_the_readme(demo_inbox, monkeypatch, tmp_path):
    """docs/official-report.png: the demo's report as `giamngheo demo` publishes it (its files received on their
    due date), dated as the DOMAIN's example so that the picture stays the same from one run to the next."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: `make test` installs poppler-utils")

    class Day(date):
        @classmethod
        def today(cls):
            return cls(2020, 10, 20)

    monkeypatch.setattr(publish.workbooks, "date", Day)  # the run's day, which the report is dated
    summary = run_library(demo_inbox, tmp_path / "warehouse.duckdb", received_on=datetime(2020, 10, 15))
    pdf = next(Path(path) for path in summary["outputs"]["official"] if path.endswith(".pdf"))
    assert "Krông Pa, ngày 20 tháng 10 năm 2020" in read_pdf(pdf)[0]["text"]
    done = subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                           str(tmp_path / "first")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    picture = tmp_path / "first.png"
    from PIL import Image

    with Image.open(picture) as image:
        assert image.width / image.height == pytest.approx(210 / 297, abs=0.01)
        inked = sum(image.convert("L").histogram()[:128])  # pixels darker than mid-grey
        assert inked > image.width * image.height * 0.01  # a page of text, not a blank one
    PICTURE.parent.mkdir(exist_ok=True)
    shutil.copy(picture, PICTURE)
