"""Review of each commune's submission before it counts (issue 24), through the CLI: with the profile's
review_periods naming the period, a demo file waits, is approved and then counts; a rejected file's commune gets
the reason in its returned workbook; without the setting every file counts as before."""

import json
import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from giamngheo.cli import app

APPROVED, REJECTED = "24076", "24085"  # Thị trấn Phú Túc, Xã Chư Gu
REASON = "số hộ nghèo thôn 1 chưa khớp danh sách"


def giamngheo(*words: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(words))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def reviewed(demo_inbox, tmp_path_factory):
    root = tmp_path_factory.mktemp("review")
    inbox, warehouse, out = root / "inbox", root / "warehouse.duckdb", root / "out"
    shutil.copytree(demo_inbox, inbox)
    profile = root / "giamngheo.toml"
    profile.write_text('review_periods = ["2020"]\n', encoding="utf-8")
    places = ("--period", "2020", "--inbox", str(inbox), "--warehouse", str(warehouse), "--out", str(out),
              "--received-on", "2020-10-01")

    def run(*more: str) -> dict:
        status, said = giamngheo("run", *places, *more, "--json")
        assert status in (0, 4), said
        return json.loads(said)

    first = run("--profile", str(profile))
    nothing_to_lock = giamngheo("lock", "--period", "2020", "--reason", "x", "--warehouse", str(warehouse), "--out",
                                str(out))
    listed = json.loads(giamngheo("review", "--period", "2020", "--warehouse", str(warehouse), "--json")[1])
    approved = giamngheo("approve", APPROVED, "--period", "2020", "--note", "đã kiểm tra", "--warehouse",
                         str(warehouse), "--out", str(out))
    rejected = giamngheo("reject", "Chư Gu", "--period", "2020", "--reason", REASON, "--warehouse", str(warehouse),
                         "--out", str(out))
    second = run("--profile", str(profile))
    without = run()  # the setting gone: every file counts again
    return {"first": first, "nothing_to_lock": nothing_to_lock, "listed": listed, "approved": approved, "rejected": rejected, "second": second,
            "without": without}


def _status(summary: dict) -> dict[str, str]:
    return {c["commune_code"]: c["submission_status"] for c in summary["completeness"]["communes"]}


def test_with_review_on_every_file_waits_and_nothing_counts(reviewed):
    first = reviewed["first"]
    assert set(_status(first).values()) == {"awaiting_review"}
    assert first["area_totals"] == [] and first["counts"]["loaded"] == 14
    assert {r["decision"] for r in first["review"]} == {"waiting"} and len(first["review"]) == 14
    assert len(reviewed["listed"]) == 14 and {r["commune_code"] for r in reviewed["listed"]} == set(_status(first))


def test_a_period_that_published_no_document_cannot_be_locked(reviewed):
    status, said = reviewed["nothing_to_lock"]
    assert status == 2 and "published no document" in said


def test_an_approved_file_counts_from_the_next_run(reviewed):
    status, said = reviewed["approved"]
    assert status == 0 and "Thị trấn Phú Túc" in said and "giamngheo run --period 2020" in said
    second = reviewed["second"]
    assert _status(second)[APPROVED] == "on_time"
    [area] = second["area_totals"]
    assert area["communes"] == 1 and area["poor_households"] == 107  # Phú Túc's own, from the demo's Phụ lục 1
    decided = {r["commune_code"]: (r["decision"], r["note"]) for r in second["review"]}
    assert decided[APPROVED] == ("approved", "đã kiểm tra")


def test_a_rejected_files_commune_gets_the_reason_in_its_returned_workbook(reviewed):
    status, said = reviewed["rejected"]
    assert status == 0 and "Xã Chư Gu" in said
    [returned] = [line.split(": ", 1)[1] for line in said.splitlines() if ".loi.xlsx" in line]
    book = openpyxl.load_workbook(returned.strip())
    listed = " ".join(str(c) for row in book[book.sheetnames[0]].iter_rows(values_only=True) for c in row if c)
    assert REASON in listed and "Huyện không duyệt" in listed
    second = reviewed["second"]
    assert _status(second)[REJECTED] == "rejected"
    [absent] = [a for a in second["completeness"]["absent"] if a["commune_code"] == REJECTED]
    assert absent["rejected_for"] == "district_rejected"


def test_without_the_setting_every_file_counts_as_before(reviewed):
    without = reviewed["without"]
    assert set(_status(without).values()) == {"on_time"} and without["review"] == []
    [area] = without["area_totals"]
    assert (area["communes"], area["poor_households"]) == (14, 2342)


def test_approving_what_is_not_waiting_is_refused(reviewed, tmp_path):
    status, said = giamngheo("approve", "99999", "--period", "2020", "--warehouse", str(tmp_path / "none.duckdb"))
    assert status == 2 and "no warehouse" in said
