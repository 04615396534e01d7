"""The portal as a commune officer and the district use it: ``giamngheo portal serve`` on 127.0.0.1 and headless
Chromium (the Debian package) driven by Playwright. Sign in with the printed link, download the template, hand in a
broken file and a good one, download the marked-up copy; a second commune sees nothing of the first's; the next
run's figures hold the file handed in. The pictures in the README are taken here: set GIAMNGHEO_SCREENSHOTS to a
folder (``docs``) to keep them."""

import io
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import openpyxl
import pytest

from giamngheo.demo import write_demo_inbox
from tests.browser import chromium
from tests.helpers import submission, write
from tests.readme import command_of, free_port

# The README's commands this module runs as written (with this test's port): tests/test_readme.py holds the README
# to them.
README_COMMANDS = {
    "add-commune": r"^\$ (\.venv/bin/giamngheo portal add-commune 24085 .+)$",
    "add-district": r"^\$ (\.venv/bin/giamngheo portal add-district .+)$",
    "serve": r"^\$ (\.venv/bin/giamngheo portal serve .+)$",
}
README_PORT = "8765"

BIN = Path(sys.executable).parent
PERIOD = "2020"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]


def _giamngheo(*arguments: str, cwd: Path) -> str:
    done = subprocess.run([str(BIN / "giamngheo"), *arguments], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _link(output: str) -> str:
    return re.search(r"http://\S+/vao/\S+", output).group(0)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    inbox = root / "inbox"
    for path in write_demo_inbox(inbox):  # every commune has sent its file but Chư Gu, which uses the portal
        if path.name.startswith("24085"):
            path.unlink()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve, _ = command_of(README_COMMANDS["serve"], {f"--port {README_PORT}": f"--port {port}"})
    assert serve[-2:] == ["--port", str(port)]
    server = subprocess.Popen(serve, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/dang-nhap", timeout=1)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.2)
        yield root, base
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def _signed_in(browser, root: Path, base: str, commune: str | None):
    """A phone's browser signed in with the link that ``giamngheo portal add-commune`` (``add-district``) printed:
    the README's command for Chư Gu and the district."""
    shown = {"24085": "add-commune", None: "add-district"}.get(commune)
    if shown:
        words, _ = command_of(README_COMMANDS[shown], {f"http://127.0.0.1:{README_PORT}": base})
        link = _link(_giamngheo(*words[1:], cwd=root))
    else:
        link = _link(_giamngheo("portal", "add-commune", commune, "--base-url", base, cwd=root))
    page = browser.new_context(accept_downloads=True, viewport={"width": 412, "height": 900}).new_page()
    page.goto(link)
    page.click("main form button")
    return page


def _shot(page, name: str, folder: Path) -> None:
    page.screenshot(path=str(folder / name), full_page=True)
    keep = os.environ.get("GIAMNGHEO_SCREENSHOTS")
    if keep:
        shutil.copyfile(folder / name, Path(keep) / name)


def test_a_commune_hands_in_its_report_through_the_page_and_the_next_run_counts_it(portal, browser, tmp_path):
    root, base = portal
    page = _signed_in(browser, root, base, "24085")
    assert "Xã Chư Gu (24085)" in page.inner_text("h1")

    with page.expect_download() as template:
        page.click("text=Tải mẫu biểu của xã")
    assert template.value.suggested_filename == "mau-24085-2020.xlsx"
    blank = openpyxl.load_workbook(io.BytesIO(template.value.path().read_bytes()))
    assert "Hộ theo thôn" in blank.sheetnames
    _shot(page, "portal-commune.png", tmp_path)

    broken = submission("24085")
    broken.villages[1]["poor_households"] = broken.villages[1]["total_households"] + 9
    page.set_input_files("#file", str(write(tmp_path / "chu-gu.xlsx", broken)))
    page.click("form[action='/nop'] button")
    assert "Bị trả lại" in page.inner_text("[role=alert]")
    assert "Hộ theo thôn" in page.inner_text("main table")
    _shot(page, "portal-refused.png", tmp_path)
    with page.expect_download() as marked:
        page.click("text=Tải tệp đã đánh dấu lỗi")
    assert "loi" in marked.value.suggested_filename
    assert openpyxl.load_workbook(io.BytesIO(marked.value.path().read_bytes())).sheetnames[0] != "Thông tin báo cáo"
    refused_at = page.url

    good = submission("24085")
    good.villages[0]["poor_households"] += 3
    good.villages[0]["em_poor_households"] += 3
    poor = sum(v["poor_households"] for v in good.villages)
    page.goto(base)
    page.set_input_files("#file", str(write(tmp_path / "chu-gu-sua.xlsx", good)))
    page.click("form[action='/nop'] button")
    assert "Đã nhận" in page.inner_text("[role=status]")
    assert f"{poor:,}".replace(",", ".") in page.inner_text("main table")
    _shot(page, "portal-accepted.png", tmp_path)

    other = _signed_in(browser, root, base, "24088")
    assert "Chư Gu" not in other.inner_text("main")
    other.goto(refused_at)
    assert "Không tìm thấy" in other.inner_text("main")

    _giamngheo("run", "--period", PERIOD, "--inbox", "inbox", "--received-on", "2020-10-10", cwd=root)
    with duckdb.connect(str(root / "data" / "warehouse.duckdb"), read_only=True) as con:
        counted = con.execute("select poor_households from marts.poverty_by_commune "
                              "where period = ? and commune_code = '24085'", [PERIOD]).fetchone()
        [(name, received)] = con.execute(
            "select s.file_name, w.received_at from raw.submissions s join raw.workbooks w using (file_id) "
            "where s.resolved_commune_code = '24085' and s.present").fetchall()
    assert counted == (poor,)
    # the run says the other files came on 10 October 2020; Chư Gu's came when the portal received it, today: late
    assert name.startswith("cong-24085-2020-") and f"{received:%Y%m%dT%H%M%S}" in name

    page.goto(base)
    assert "Trễ hạn" in page.inner_text(".status")
    district = _signed_in(browser, root, base, None)
    rows = district.inner_text("main table")
    assert "Xã Chư Gu (24085)\tTrễ hạn" in rows and "Xã Ia RSai (24079)\tĐúng hạn" in rows
    assert district.locator("a[href^='/cong-bo/']").count() >= 1
    _shot(district, "portal-district.png", tmp_path)
