"""The communes' submission pages, request by request (the application itself, in this process, over real files):
who may see what, the answer to a good and a broken file, and every attack the issue lists."""

import io
import os
import random
import re
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from giamngheo.cli import app as cli
from giamngheo.demo import demo_register
from giamngheo.portal.app import PortalSettings, create_app
from publish.register_template import write_register
from tests.helpers import submission, write
from transforms.pseudonym import KEY_VARIABLE
from vocabulary.paths import KEEP_RETURNED_REGISTERS_DAYS

PERIOD = "2020"


@pytest.fixture
def settings(tmp_path, monkeypatch) -> PortalSettings:
    monkeypatch.setenv(KEY_VARIABLE, "a-test-key-that-is-long-enough")
    return PortalSettings(PERIOD, tmp_path / "inbox", tmp_path / "data" / "warehouse.duckdb", tmp_path / "out",
                          tmp_path / "portal", tmp_path / "data" / "aliases.csv", uploads_allowed=4)


def _client(settings: PortalSettings) -> TestClient:
    return TestClient(create_app(settings), follow_redirects=False)


def _signed_in(settings: PortalSettings, commune: str | None) -> TestClient:
    """A browser signed in with the one-time link ``giamngheo portal add-commune`` (or add-district) printed."""
    arguments = ["portal", "add-commune", commune] if commune else ["portal", "add-district"]
    made = CliRunner().invoke(cli, [*arguments, "--data", str(settings.data)])
    assert made.exit_code == 0, made.output
    token = re.search(r"/vao/(\S+)", made.output).group(1)
    client = _client(settings)
    assert token in client.get(f"/vao/{token}").text  # the link fills the form in; only the button spends it
    answer = client.post("/dang-nhap", data={"code": token})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    return client


def _csrf(client: TestClient) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)


def _upload(client: TestClient, data: bytes, name: str = "bao-cao.xlsx", csrf: str | None = None):
    return client.post("/nop", data={"csrf": csrf or _csrf(client)}, files={"file": (name, data)})


def _answer(client: TestClient, response) -> str:
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    return page.text


def _workbook(tmp_path: Path, code: str = "24085", change=None) -> bytes:
    sub = submission(code)
    if change:
        change(sub)
    return write(tmp_path / f"made-{random.random()}.xlsx", sub).read_bytes()


def test_a_good_file_is_received_with_its_figures_read_back_and_put_in_the_inbox(settings, tmp_path):
    client = _signed_in(settings, "24085")
    assert "Xã Chư Gu (24085)" in client.get("/").text
    page = _answer(client, _upload(client, _workbook(tmp_path)))
    assert "Đã nhận" in page and "Hộ nghèo" in page and "1.873" in page  # 2.342 and 11,78 as documents print them
    [stored] = list(settings.inbox.iterdir())
    assert re.fullmatch(r"cong-24085-2020-\d{8}T\d{6}-[0-9a-f]{8}\.xlsx", stored.name)
    # a second, corrected file replaces the first: one file of the commune counts
    page = _answer(client, _upload(client, _workbook(tmp_path, change=lambda s: s.villages[0].update(persons=999))))
    [again] = list(settings.inbox.iterdir())
    assert again != stored
    history = client.get("/").text
    assert history.count("Đã nhận") == 2


def test_a_broken_file_lists_each_cell_to_fix_and_gives_the_marked_up_copy(settings, tmp_path):
    client = _signed_in(settings, "24085")

    def too_many_poor(sub):
        sub.villages[0]["poor_households"] = sub.villages[0]["total_households"] + 5

    page = _answer(client, _upload(client, _workbook(tmp_path, change=too_many_poor)))
    assert "Bị trả lại" in page and "Hộ theo thôn" in page
    assert not settings.inbox.exists() or not any(settings.inbox.iterdir())
    link = re.search(r'href="(/nop/\d+/loi\.xlsx)"', page).group(1)
    marked = client.get(link)
    assert marked.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(marked.content))
    assert book.sheetnames[0] != "Thông tin báo cáo"  # the list of errors comes first
    english = client.get("/ngon-ngu?lang=en")
    assert english.status_code == 303
    assert "Refused" in client.get(re.search(r"/nop/\d+", link).group(0)).text


def test_a_file_for_another_commune_or_period_is_refused_with_the_reason(settings, tmp_path):
    client = _signed_in(settings, "24088")
    page = _answer(client, _upload(client, _workbook(tmp_path, "24085")))
    assert "xã khác" in page and "Xã Chư Gu" in page
    page = _answer(client, _upload(client, _workbook(tmp_path, "24088", lambda s: setattr(s, "period", "2021"))))
    assert "kỳ 2021" in page
    assert not settings.inbox.exists() or not any(settings.inbox.iterdir())


def test_nothing_is_shown_or_done_without_signing_in(settings, tmp_path):
    client = _client(settings)
    for path in ("/", "/nop/1", "/nop/1/loi.xlsx", "/nop/1/tep", "/mau", "/cong-bo/x.xlsx"):
        answer = client.get(path)
        assert answer.status_code == 303 and answer.headers["location"] == "/dang-nhap" and answer.text == ""
    assert client.post("/nop", files={"file": ("a.xlsx", _workbook(tmp_path))}).status_code == 303
    refused = client.post("/dang-nhap", data={"code": "not-a-code"})
    assert refused.status_code == 403 and "không đúng" in refused.text and "set-cookie" not in refused.headers
    assert not settings.inbox.exists()


def test_a_link_signs_in_once_and_a_revoked_account_is_signed_out(settings):
    made = CliRunner().invoke(cli, ["portal", "add-commune", "24085", "--data", str(settings.data)])
    token = re.search(r"/vao/(\S+)", made.output).group(1)
    first, second = _client(settings), _client(settings)
    assert first.post("/dang-nhap", data={"code": token}).status_code == 303
    assert second.post("/dang-nhap", data={"code": token}).status_code == 403
    assert first.get("/").status_code == 200
    revoked = CliRunner().invoke(cli, ["portal", "revoke", "24085", "--data", str(settings.data)])
    assert revoked.exit_code == 0, revoked.output
    assert first.get("/").status_code == 303


def test_a_forged_csrf_token_or_another_origin_is_refused(settings, tmp_path):
    client = _signed_in(settings, "24085")
    assert _upload(client, _workbook(tmp_path), csrf="forged").status_code == 403
    assert client.post("/nop", files={"file": ("a.xlsx", _workbook(tmp_path))}).status_code == 403
    other_origin = client.post("/nop", data={"csrf": _csrf(client)}, files={"file": ("a.xlsx", _workbook(tmp_path))},
                               headers={"Origin": "https://evil.example"})
    assert other_origin.status_code == 403
    assert not settings.inbox.exists()


def test_a_commune_cannot_see_or_replace_another_communes_submissions(settings, tmp_path):
    first = _signed_in(settings, "24085")
    page = _answer(first, _upload(first, _workbook(tmp_path, change=lambda s: s.villages[0].update(
        poor_households=10**6))))
    upload = re.search(r'href="(/nop/\d+)/loi\.xlsx"', page).group(1)
    accepted = _upload(first, _workbook(tmp_path)).headers["location"]
    second = _signed_in(settings, "24088")
    for path in (upload, f"{upload}/loi.xlsx", accepted, f"{accepted}/tep"):
        assert second.get(path).status_code == 404
    assert "24085" not in second.get("/").text
    _answer(second, _upload(second, _workbook(tmp_path, "24085")))  # refused: it names Chư Gu
    assert len(list(settings.inbox.iterdir())) == 1
    district = _signed_in(settings, None)
    assert district.get(f"{accepted}/tep").status_code == 200
    assert district.get(f"{upload}/loi.xlsx").status_code == 200


def test_an_upload_over_the_limit_is_refused_before_it_is_read(settings):
    client = _signed_in(settings, "24085")
    answer = _upload(client, b"PK\x03\x04" + bytes(6 * 1024 * 1024))
    assert answer.status_code == 413
    boundary = "x" * 20
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{_csrf(client)}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n').encode()

    def chunks():  # no Content-Length: the limit is kept as the body arrives
        yield body
        for _ in range(7):
            yield bytes(1024 * 1024)

    unannounced = client.post("/nop", content=chunks(),
                              headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert unannounced.status_code == 413 and "5 MB" in unannounced.text
    assert not settings.inbox.exists()


def test_a_zip_bomb_and_a_file_that_is_not_a_spreadsheet_are_refused(settings):
    client = _signed_in(settings, "24085")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", b"\0" * (80 * 1024 * 1024))
    assert len(bomb.getvalue()) < 200_000
    page = _answer(client, _upload(client, bomb.getvalue(), "bomb.xlsx"))
    assert "Bị trả lại" in page and "giải nén ra 80 MB" in page  # the reader's own limit (transforms.read)
    for data, name in ((b"%PDF-1.7 not a workbook", "bao-cao.xlsx"),
                       (b"<html><script>alert(1)</script></html>", "bao-cao.xls")):
        page = _answer(client, _upload(client, data, name))
        assert "không phải bảng tính" in page
    assert not settings.inbox.exists()


def test_a_file_name_with_a_path_and_control_characters_is_only_shown_escaped(settings, tmp_path):
    client = _signed_in(settings, "24085")
    page = _answer(client, _upload(client, _workbook(tmp_path), "../../../evil\x07<img src=x onerror=alert(1)>.xlsx"))
    assert "&lt;img src=x onerror=alert(1)&gt;.xlsx</h1>" in page and "<img" not in page and "\x07" not in page
    assert [p.name.startswith("cong-24085-") for p in settings.inbox.iterdir()] == [True]
    assert not list(tmp_path.rglob("evil*"))


def test_many_uploads_in_a_short_time_are_refused(settings, tmp_path):
    client = _signed_in(settings, "24085")
    data = b"not a workbook"
    statuses = [_upload(client, data).status_code for _ in range(settings.uploads_allowed + 1)]
    assert statuses == [303] * settings.uploads_allowed + [429]


def test_html_in_a_village_name_is_shown_as_text(settings, tmp_path):
    client = _signed_in(settings, "24085")
    village = '<script>alert("x")</script>Buôn 1'

    def named(sub):
        old = sub.villages[0]["village"]
        for table in (sub.villages, sub.deprivations, sub.village_targets):
            for row in table:
                if row.get("village") == old:
                    row["village"] = village

    page = _answer(client, _upload(client, _workbook(tmp_path, change=named)))
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_a_registers_names_and_numbers_reach_no_page_log_or_record(settings, tmp_path):
    client = _signed_in(settings, "24091")
    register = demo_register(submission("24091"), random.Random(24091))
    secrets = {h["head_name"] for h in register.households} | {h["id_number"] for h in register.households}
    good = write_register(tmp_path / "ho.xlsx", register).read_bytes()
    register.households[4]["members"] = register.households[4]["head_name"]  # a name typed in a number cell
    broken = write_register(tmp_path / "ho-loi.xlsx", register).read_bytes()
    pages = [_answer(client, _upload(client, good, "danh-sach-ho.xlsx")),
             _answer(client, _upload(client, broken, "danh-sach-ho-2.xlsx"))]
    assert "Đã nhận" in pages[0] and "Bị trả lại" in pages[1]
    district = _signed_in(settings, None)
    pages += [client.get("/").text, district.get("/").text]
    audit = CliRunner().invoke(cli, ["portal", "audit", "--data", str(settings.data)]).output
    records = (settings.data / "portal.sqlite").read_bytes().decode("utf-8", "replace")
    said = "\n".join([*pages, audit, records])
    assert "upload" in audit and "testclient" in audit
    assert [s for s in secrets if s in said] == []


def test_the_template_is_the_communes_own(settings):
    client = _signed_in(settings, "24085")
    answer = client.get("/mau")
    assert answer.status_code == 200 and "mau-24085-2020.xlsx" in answer.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert any("Chư Gu" in str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value)
    assert client.get("/mau?xa=24088").headers["content-disposition"] == answer.headers["content-disposition"]


def test_over_https_the_cookies_are_secure(settings):
    made = CliRunner().invoke(cli, ["portal", "add-commune", "24085", "--data", str(settings.data)])
    token = re.search(r"/vao/(\S+)", made.output).group(1)
    client = TestClient(create_app(settings), base_url="https://portal.example", follow_redirects=False)
    cookie = client.post("/dang-nhap", data={"code": token}).headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert "Secure" in client.get("/ngon-ngu?lang=en").headers["set-cookie"]


def test_a_file_for_a_locked_period_is_received_and_said_to_wait_for_the_unlock(settings, demo_warehouse, tmp_path):
    shutil.copytree(demo_warehouse.parent, settings.warehouse.parent)
    locked = CliRunner().invoke(cli, ["lock", "--period", PERIOD, "--reason", "đã gửi tỉnh", "--warehouse",
                                      str(settings.warehouse), "--out", str(settings.warehouse.parent / "out")])
    assert locked.exit_code == 0, locked.output
    client = _signed_in(settings, "24085")
    page = _answer(client, _upload(client, _workbook(tmp_path)))
    assert "Đã nhận" in page and "đã khóa" in page
    home = client.get("/").text
    assert '<p class="status">' in home and "chưa tổng hợp" not in home  # the commune's standing, from the warehouse


def test_marked_up_copies_are_deleted_after_the_retention_of_returned_registers(settings, tmp_path):
    client = _signed_in(settings, "24085")

    def broken(sub):
        sub.villages[0]["poor_households"] = 10**6

    _answer(client, _upload(client, _workbook(tmp_path, change=broken)))
    [old] = list((settings.data / "returned").iterdir())
    long_ago = time.time() - (KEEP_RETURNED_REGISTERS_DAYS + 1) * 86400
    os.utime(old, (long_ago, long_ago))
    _answer(client, _upload(client, _workbook(tmp_path, change=broken)))
    [kept] = list((settings.data / "returned").iterdir())
    assert kept != old


def test_the_household_register_template_is_the_communes_own_too(settings):
    client = _signed_in(settings, "24085")
    answer = client.get("/mau?loai=ho")
    assert answer.status_code == 200 and "danh-sach-ho-24085-2020.xlsx" in answer.headers["content-disposition"]
    assert openpyxl.load_workbook(io.BytesIO(answer.content)).sheetnames
