"""What people open without Excel or internet: the HTML period report and the documentation sites, loaded in
headless Chromium with every request out of the machine recorded and refused (tests/browser.py)."""

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from checks.expectations import check_warehouse
from publish.offline import OnlineAsset, make_offline
from tests.browser import render
from tests.conftest import run_library
from vocabulary.labels import SYNTHETIC_BANNER_VI
from warehouse.connection import connect

A4 = (595, 842)  # points


def test_the_browser_check_hears_a_page_that_reaches_out(tmp_path):
    page = tmp_path / "online.html"
    page.write_text('<p>hi</p><img src="http://example.invalid/a.png"><link rel="stylesheet" '
                    'href="https://cdn.example.invalid/b.css">', encoding="utf-8")
    dom, requests = render(page)
    assert "<p>hi</p>" in dom
    assert sorted(r.split()[1] for r in requests) == ["cdn.example.invalid:443", "http://example.invalid/a.png"]


def test_the_period_report_renders_offline_and_prints_on_a4(demo_two_periods, tmp_path):
    _, summary = demo_two_periods
    [report] = [r for r in map(str, summary["outputs"]["reports"]) if r.endswith(".html")]
    assert report.endswith("2021/bao-cao-huyen-krong-pa-2021.html")
    dom, requests = render(Path(report), tmp_path / "report.png", tmp_path / "report.pdf")
    assert requests == []
    assert dom.count("<svg") == 4  # rate by commune, plan against result, ethnic minority, the rate over periods
    assert "Xã Ia Mlăh" in dom and "Phụ lục III" in dom and SYNTHETIC_BANNER_VI in dom
    assert (tmp_path / "report.png").read_bytes().startswith(b"\x89PNG")
    pages = PdfReader(tmp_path / "report.pdf").pages
    assert len(pages) >= 2
    assert all((round(p.mediabox.width), round(p.mediabox.height)) == A4 for p in pages)
    text = "".join(p.extract_text() for p in pages)
    assert "BÁO CÁO GIẢM NGHÈO NĂM 2021 – HUYỆN KRÔNG PA" in text and "Toàn huyện" in text


def test_a_file_name_is_shown_in_the_report_never_run(demo_inbox, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    odd = inbox / "<img src=x onerror=alert(1)>.xlsx"
    (inbox / "24085-xa-chu-gu-2020.xlsx").rename(odd)
    run_library(inbox, tmp_path / "w.duckdb")
    odd.unlink()  # gone from the inbox: the report lists it among the files no longer counted
    summary = run_library(inbox, tmp_path / "w.duckdb")
    [report] = [r for r in map(str, summary["outputs"]["reports"]) if r.endswith(".html")]
    html = Path(report).read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;.xlsx" in html and "<img" not in html
    dom, requests = render(Path(report))
    assert requests == [] and "<img" not in dom


def test_the_data_docs_open_styled_offline(demo_copy, tmp_path):
    with connect(demo_copy) as con:
        index = check_warehouse(con, "2020", tmp_path / "data-docs")["docs"]
    _, requests = render(index)
    assert any("bootstrapcdn.com" in r for r in requests)  # as Great Expectations writes them: from CDNs
    pages = make_offline(tmp_path / "data-docs")
    assert len(pages) > 10
    for page in (index, next(p for p in pages if "validations" in p.parts)):
        dom, requests = render(page)
        assert requests == [], page
        # bootstrap-table wraps the tables once jQuery, Bootstrap and it have loaded: the scripts ran, offline
        assert 'class="fixed-table-container' in dom, page


def test_a_run_writes_its_data_docs_offline(demo_two_periods):
    _, summary = demo_two_periods
    index = Path(summary["expectations"]["docs"])
    dom, requests = render(index)
    assert requests == [] and 'class="fixed-table-container' in dom
    assert (index.parent / "static" / "vendor" / "jquery@3.7.1" / "dist" / "jquery.min.js").is_file()


def test_a_page_with_an_asset_not_bundled_is_named(tmp_path):
    (tmp_path / "a.html").write_text('<script src="https://cdn.example.invalid/new.js"></script>', encoding="utf-8")
    with pytest.raises(OnlineAsset, match="a.html: would still load https://cdn.example.invalid/new.js"):
        make_offline(tmp_path)


def clicked(page: Path, target: str) -> Path:
    """A copy of ``page`` beside it that clicks the element ``target`` once loaded, as a reader would."""
    copy = page.with_name(f"clicked-{page.name}")
    script = (f"<script>window.addEventListener('load', () => setTimeout(() => "
              f"document.getElementById('{target}').click(), 200));</script>")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", f"{script}</body>"), encoding="utf-8")
    return copy


def test_the_data_docs_tabs_open_offline(demo_two_periods, tmp_path):
    """The Expectation Suites tab of the Data Docs opens from file:// with the network blocked: Bootstrap's script
    runs (it was refused, loaded with the CDN's crossorigin attribute), and clicking the tab shows its pane."""
    _, summary = demo_two_periods
    index = Path(summary["expectations"]["docs"])
    site = tmp_path / "site"
    shutil.copytree(index.parent, site)
    html = (site / index.name).read_text(encoding="utf-8")
    assert "crossorigin" not in html and "integrity=" not in html  # loaded as file:// allows
    dom, requests = render(clicked(site / index.name, "Expectation-Suites-tab"), as_a_reader=True)
    assert requests == []
    pane = re.search(r'<div[^>]*id="Expectation-Suites"[^>]*>', dom) or re.search(
        r'<div[^>]*class="[^"]*"[^>]*id="Expectation-Suites"', dom)
    assert pane and "active" in pane.group(0), pane and pane.group(0)
    tab = re.search(r'<a[^>]*id="Expectation-Suites-tab"[^>]*>', dom).group(0)
    assert 'aria-selected="true"' in tab and 'class="fixed-table-container' in dom  # bootstrap-table ran too
    results = re.search(r'<div[^>]*id="Validation-Results"[^>]*>', dom).group(0)
    assert "active" not in results
