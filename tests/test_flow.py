import json
import re
import shlex
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from prefect.testing.utilities import prefect_test_harness
from typer.testing import CliRunner

from flows.consolidate import consolidate_period
from giamngheo.cli import app
from tests.helpers import submission, write


@pytest.fixture(scope="module", autouse=True)
def prefect_server():
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def inbox_with_one_bad(demo_inbox, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    bad = submission("24085")
    bad.commune.commune_code = "24085"
    bad.villages[1]["poor_households"] = "12 hộ"
    write(inbox / "chu-gu-sai.xlsx", bad)
    return inbox


def test_flow_loads_the_good_workbooks_and_quarantines_the_bad_one(inbox_with_one_bad, tmp_path):
    summary = consolidate_period(period="2020", inbox=str(inbox_with_one_bad),
                                 warehouse=str(tmp_path / "w.duckdb"), out=str(tmp_path / "out"))
    assert summary["workbooks"] == 15
    assert len(summary["loaded"]) == 14
    assert summary["counts"] == {"loaded": 14, "loaded_with_warnings": 0, "quarantined": 1, "needs_review": 0,
                                 "duplicate": 0, "set_aside": 0}
    [rejected] = summary["quarantined"]
    assert rejected["file"] == "chu-gu-sai.xlsx"
    [problem] = rejected["errors"]
    assert (problem["sheet"], problem["cell"], problem["value"], problem["rule"]) == ("Hộ theo thôn", "F6", "12 hộ", "not_a_number")
    assert "F6" in problem["message_vi"] and "F6" in problem["message_en"]
    report = tmp_path / "out" / "2020" / "quarantine" / "chu-gu-sai.xlsx.loi.csv"
    assert rejected["report"] == str(report)
    assert "12 hộ" in report.read_text(encoding="utf-8-sig")
    assert (tmp_path / "out" / "2020" / "quarantine" / "chu-gu-sai.xlsx").exists()
    marked = load_workbook(rejected["feedback"])  # the commune's own workbook, the bad cell marked and explained
    assert marked.sheetnames[0] == "Danh sách lỗi"
    assert "12 hộ" in marked["Hộ theo thôn"]["F6"].comment.text
    # The demo's own Chư Gu file still counts: one file per commune, the bad resubmission changes nothing.
    [district] = summary["area_totals"]
    assert (district["poor_households"], district["total_households"], district["em_poor_households"]) == (2342, 19886, 2151)
    assert [p.rsplit("/", 1)[1] for p in summary["outputs"]["workbooks"]] == ["tong-hop-huyen-krong-pa-2020.xlsx"]


@pytest.mark.parametrize("inbox, reason", [("empty", "holds no file to read"), ("missing", "is not a directory")])
def test_a_flow_run_on_an_empty_or_missing_inbox_fails_with_the_reason(tmp_path, inbox, reason):
    """Red in the UI, not a green run that published nothing (a scheduled run pointed at the wrong folder)."""
    (tmp_path / "empty").mkdir()
    state = consolidate_period(period="2020", inbox=str(tmp_path / inbox), warehouse=str(tmp_path / "w.duckdb"),
                               out=str(tmp_path / "out"), return_state=True)
    assert state.is_failed() and reason in state.message
    assert not (tmp_path / "out").exists() and not (tmp_path / "w.duckdb").exists()


def test_run_command_prints_one_json_object(inbox_with_one_bad, tmp_path):
    result = CliRunner().invoke(app, ["run", "--period", "2020", "--inbox", str(inbox_with_one_bad),
                                      "--warehouse", str(tmp_path / "w.duckdb"), "--out", str(tmp_path / "out"), "--json",
                                      "--due-date", "2020-10-01"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert len(summary["loaded"]) == 14 and len(summary["quarantined"]) == 1
    assert summary["completeness"]["counts"]["late"] == 14  # received today, long after the due date
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("select poor_households from marts.poverty_by_district").fetchone()[0] == 2342


def test_run_command_without_json_prints_a_readable_summary(inbox_with_one_bad, tmp_path):
    result = CliRunner().invoke(app, ["run", "--period", "2020", "--inbox", str(inbox_with_one_bad),
                                      "--warehouse", str(tmp_path / "w.duckdb"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2.342" in result.stdout and "11,78" in result.stdout
    assert "chu-gu-sai.xlsx" in result.stdout and "Hộ theo thôn!F6" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--period", "2020", "--inbox", "/no/such/folder"], "/no/such/folder"),
    (["--period", "20", "--inbox", "."], "'20'"),
    (["--period", "2020", "--inbox", ".", "--due-date", "15/10/2020"], "2020-10-15"),
])
def test_run_command_refuses_bad_arguments_with_a_message(args, message):
    result = CliRunner().invoke(app, ["run", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_a_commune_named_unclearly_waits_for_review_then_loads_once_confirmed(tmp_path):
    inbox = tmp_path / "inbox"
    unclear = submission("24082")
    unclear.commune.commune_code, unclear.commune.commune_name = "", "Xã Ia Rsiom"
    write(inbox / "ia-rsiom.xlsx", unclear)
    args = dict(period="2020", inbox=str(inbox), warehouse=str(tmp_path / "w.duckdb"), out=str(tmp_path / "out"),
                aliases=str(tmp_path / "aliases.csv"))
    first = consolidate_period(**args)
    assert (len(first["loaded"]), len(first["needs_review"]), len(first["quarantined"])) == (0, 1, 0)
    [problem] = first["needs_review"][0]["errors"]
    assert problem["rule"] == "commune_review" and "24082" in problem["message_vi"]
    # the district officer runs the command the message gives, as given
    words = shlex.split(re.search(r"giamngheo aliases add .*$", problem["message_vi"]).group())
    assert words[4:6] == ["24082", "--district"] and words[-2:] == ["--file", args["aliases"]]
    result = CliRunner().invoke(app, words[1:])
    assert result.exit_code == 0, result.output
    second = consolidate_period(**args)
    assert [(item["commune_code"], item["resolved_by"]) for item in second["loaded"]] == [("24082", "alias")]


def test_a_second_year_with_an_unlikely_figure_loads_with_warnings(demo_copy, tmp_path):
    from tests.test_warnings import _ia_mlah, _next_year, _poor_jump

    warehouse, out = str(demo_copy), str(tmp_path / "out")  # the demo's 2020, then 2021 as a flow
    _next_year(tmp_path / "2021", _ia_mlah(_poor_jump))
    summary = consolidate_period(period="2021", inbox=str(tmp_path / "2021"), warehouse=warehouse, out=out)
    assert summary["counts"] == {"loaded": 13, "loaded_with_warnings": 1, "quarantined": 0, "needs_review": 0,
                                 "duplicate": 0, "set_aside": 0}
    [warned] = summary["loaded_with_warnings"]
    assert warned["commune_code"] == "24091"
    assert sorted(w["rule"] for w in warned["warnings"]) == ["poor_up_near_poor_down", "rate_moved"]


def test_missing_communes_are_listed_and_the_workbook_is_provisional(demo_inbox, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(demo_inbox, inbox)
    for removed in ("24079", "24106"):
        next(inbox.glob(f"{removed}-*.xlsx")).unlink()
    late = next(inbox.glob("24115-*.xlsx"))
    shutil.move(late, tmp_path / late.name)
    args = dict(period="2020", inbox=str(inbox), warehouse=str(tmp_path / "w.duckdb"), out=str(tmp_path / "out"))
    consolidate_period(**args, received_on=date(2020, 10, 14))
    shutil.move(tmp_path / late.name, late)  # Ia Rsai's file arrives after the 15 October due date
    summary = consolidate_period(**args, received_on=date(2020, 10, 20))
    completeness = summary["completeness"]
    assert completeness["counts"] == {"on_time": 11, "late": 1, "rejected": 0, "withdrawn": 0,
                                     "awaiting_review": 0, "missing": 2}
    assert [(c["commune_code"], c["status"]) for c in completeness["absent"]] == [("24079", "missing"),
                                                                                  ("24106", "missing")]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        missing = con.sql("""select commune_code from marts.completeness
                             where period = '2020' and submission_status = 'missing' order by 1""").fetchall()
        assert missing == [("24079",), ("24106",)]
    book = load_workbook(summary["outputs"]["workbooks"][0])
    assert "TẠM TÍNH" in book["Phụ lục 1"]["A4"].value and "2/14" in book["Phụ lục 1"]["A4"].value  # its own row
    statuses = {row[2]: row[3] for row in book["Tình hình nộp"].iter_rows(min_row=7, values_only=True)}
    assert statuses["24079"] == "Chưa nộp" and statuses["24115"] == "Trễ hạn"  # printed: the profile's Vietnamese


@pytest.fixture(scope="module")
def demo_flow_run(demo_inbox, tmp_path_factory) -> tuple[Path, dict]:
    """The demo as a flow, every file on time; its folder and summary."""
    root = tmp_path_factory.mktemp("demo-flow")
    return root, consolidate_period(period="2020", inbox=str(demo_inbox), warehouse=str(root / "w.duckdb"),
                                    out=str(root / "out"), received_on=date(2020, 10, 15))


def test_a_complete_demo_run_is_not_provisional(demo_flow_run):
    _, summary = demo_flow_run
    assert summary["completeness"]["counts"] == {"on_time": 14, "late": 0, "rejected": 0, "withdrawn": 0,
                                                  "awaiting_review": 0, "missing": 0}
    assert summary["completeness"]["absent"] == []
    first = load_workbook(summary["outputs"]["workbooks"][0])["Phụ lục 1"]
    assert "TẠM TÍNH" not in first["A3"].value and first["A4"].value is None


def test_the_demo_run_passes_its_expectations_and_writes_data_docs(demo_flow_run):
    root, summary = demo_flow_run
    checked = summary["expectations"]
    assert checked["success"] and checked["evaluated"] > 50 and checked["failed"] == []
    assert checked["docs"] == str(root / "out" / "2020" / "data-docs" / "index.html")
    assert (root / "out" / "2020" / "data-docs" / "index.html").exists()


def test_a_broken_mart_fails_the_expectations_and_blocks_publishing(demo_copy, tmp_path):
    from flows.tasks import check, write_publication
    from pipeline.release import new_aside
    from pipeline.stages import withhold

    database = demo_copy
    with duckdb.connect(str(database)) as con:
        con.execute("update marts.poverty_by_district set poor_households = poor_households + 1")
    checked = check.fn(database, "2020", tmp_path / "docs")
    assert not checked["success"]
    assert any(f["table"] == "marts.poverty_by_district" for f in checked["failed"])
    # aside, while the checks would run
    written = write_publication.fn(database, "2020", new_aside(tmp_path / "out", "2020"))
    assert written["workbooks"] and all(Path(p).is_file() for p in written["workbooks"])
    withhold(written, checked, tmp_path / "out", "2020")
    assert list((tmp_path / "out").iterdir()) == []  # nothing released, nothing left aside
    with duckdb.connect(str(database), read_only=True) as con:  # what was loaded stays
        assert con.sql("select count(*) from marts.poverty_by_commune").fetchall() == [(14,)]


def test_a_run_leaves_its_tables_and_links_as_artifacts(inbox_with_one_bad, tmp_path):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    consolidate_period(period="2020", inbox=str(inbox_with_one_bad), warehouse=str(tmp_path / "w.duckdb"),
                       out=str(tmp_path / "out"))

    async def latest(key):
        async with get_client() as client:
            [artifact] = await client.read_latest_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
            return artifact

    workbooks = json.loads(asyncio.run(latest("tep-2020")).data)
    assert len(workbooks) == 15
    [rejected] = [row for row in workbooks if row["Tình trạng / status"] == "Cách ly / quarantined"]
    assert "F6" in rejected["Lý do / reasons"] and rejected["Gửi lại xã / returned"].endswith("chu-gu-sai.xlsx.loi.xlsx")
    [district] = json.loads(asyncio.run(latest("tong-hop-2020")).data)
    assert (district["Hộ nghèo / poor"], district["Tỷ lệ (%) / rate"]) == ("2.342", "11,78")
    note = asyncio.run(latest("ket-qua-2020")).data
    assert "tong-hop-huyen-krong-pa-2020.xlsx" in note and "Data Docs" in note and "chu-gu-sai.xlsx.loi.xlsx" in note


def test_a_vanished_or_damaged_file_is_that_files_outcome_not_the_batchs(tmp_path):
    import asyncio

    from prefect import flow
    from prefect.client.orchestration import get_client

    from flows.tasks import read_batch
    from transforms.inbox import SetAside

    garbage = tmp_path / "rac.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really")

    @flow
    def read_both():
        return read_batch([tmp_path / "gone.xlsx", garbage], return_state=True)

    state = read_both()

    async def attempts(state):
        async with get_client() as client:
            return (await client.read_task_run(state.state_details.task_run_id)).run_count

    assert state.is_completed() and asyncio.run(attempts(state)) == 1
    vanished, damaged = state.result()
    assert vanished == SetAside(tmp_path / "gone.xlsx", "vanished")
    assert damaged.problems[0].rule == "unreadable"


def test_new_files_in_the_inbox_start_the_consolidation_of_their_period(demo_inbox, tmp_path):
    from flows.scheduled import new_periods, watch_inbox

    inbox, warehouse, out = tmp_path / "inbox", tmp_path / "w.duckdb", tmp_path / "out"
    shutil.copytree(demo_inbox, inbox)
    assert new_periods(inbox, warehouse) == ["2020"]
    assert watch_inbox(inbox=str(inbox), warehouse=str(warehouse), out=str(out)) == ["2020"]
    assert (out / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx").exists()
    assert watch_inbox(inbox=str(inbox), warehouse=str(warehouse), out=str(out)) == []  # nothing new: no run
    corrected = submission("24091")
    corrected.preparer = "Đã sửa"
    write(inbox / "ia-mlah-sua.xlsx", corrected)
    assert new_periods(inbox, warehouse) == ["2020"]


def test_a_scheduled_run_derives_its_period_and_is_named_for_the_officer(demo_inbox, tmp_path):
    from flows.scheduled import district_consolidation

    state = district_consolidation(kind="annual", period="2020", inbox=str(demo_inbox), warehouse=str(tmp_path / "w.duckdb"),
                                   out=str(tmp_path / "out"), return_state=True)
    assert state.is_completed() and state.result()["counts"]["loaded"] == 14

    import asyncio

    from prefect.client.orchestration import get_client

    async def name():
        async with get_client() as client:
            return (await client.read_flow_run(state.state_details.flow_run_id)).name

    assert asyncio.run(name()) == "krong-pa-2020-annual"


def test_the_summary_names_the_communes_without_figures(inbox_with_one_bad, tmp_path):
    shutil.move(next(inbox_with_one_bad.glob("24085-*.xlsx")), tmp_path / "aside.xlsx")  # only the bad Chư Gu file left
    next(inbox_with_one_bad.glob("24079-*.xlsx")).unlink()
    result = CliRunner().invoke(app, ["run", "--period", "2020", "--inbox", str(inbox_with_one_bad),
                                      "--warehouse", str(tmp_path / "w.duckdb"), "--out", str(tmp_path / "out")],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "TẠM TÍNH" in result.stdout, result.stdout
    assert "Xã Chư Gu (rejected: not_a_number)" in result.stdout and "Xã Ia RSai (missing)" in result.stdout


def test_a_post_reform_period_is_published_per_province(tmp_path):
    import random

    from giamngheo.demo import synthetic_submission
    from publish.template import write_submission
    from tests.test_reform import NEW_KRONG_PA
    from vocabulary import units

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rng = random.Random(7)
    for code in NEW_KRONG_PA:
        write_submission(inbox / f"{code}.xlsx", synthetic_submission(units.commune_by_code(code, "2025"), "2025", rng))
    summary = consolidate_period(period="2025", inbox=str(inbox), warehouse=str(tmp_path / "w.duckdb"),
                                 out=str(tmp_path / "out"))
    [province] = summary["area_totals"]
    assert (province["area_level"], province["area_name"], province["communes"]) == ("province", "Tỉnh Gia Lai", 4)
    [workbook] = summary["outputs"]["workbooks"]
    assert workbook.endswith("2025/tong-hop-tinh-gia-lai-2025.xlsx")
    assert summary["expectations"]["success"]


def test_a_flow_run_takes_the_pseudonym_key_from_a_prefect_secret(tmp_path, monkeypatch):
    import random

    from prefect.blocks.system import Secret

    from giamngheo.demo import demo_register, demo_submissions
    from publish.register_template import write_register
    from transforms.pseudonym import KEY_VARIABLE

    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    Secret(value="a-secret-from-the-prefect-server").save("giamngheo-pii-key", overwrite=True)
    submission = next(s for s in demo_submissions() if s.commune.commune_code == "24091")
    write_register(tmp_path / "inbox" / "register.xlsx", demo_register(submission, random.Random(1)))
    summary = consolidate_period(period="2020", inbox=str(tmp_path / "inbox"), warehouse=str(tmp_path / "w.duckdb"),
                                 out=str(tmp_path / "out"))
    assert summary["counts"]["loaded"] == 1, summary["quarantined"]
    monkeypatch.delenv(KEY_VARIABLE)  # the flow set it for the rest of this process


def test_the_inbox_watcher_fails_on_a_missing_inbox_and_waits_for_the_key_quietly(tmp_path, monkeypatch):
    """A watcher pointed at the wrong folder is red in the UI, not a green 'no new files' every 5 minutes; a register
    that cannot be read without the district's key starts no run until the key is set."""
    import random

    from flows.scheduled import new_periods, watch_inbox
    from giamngheo.demo import demo_register, demo_submissions
    from publish.register_template import write_register
    from transforms.pseudonym import KEY_VARIABLE

    state = watch_inbox(inbox=str(tmp_path / "missing"), warehouse=str(tmp_path / "w.duckdb"),
                        out=str(tmp_path / "out"), return_state=True)
    assert state.is_failed() and "is not a directory" in state.message
    submission = next(s for s in demo_submissions() if s.commune.commune_code == "24091")
    write_register(tmp_path / "inbox" / "danh-sach-ho.xlsx", demo_register(submission, random.Random(1)))
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    assert new_periods(tmp_path / "inbox", tmp_path / "w.duckdb") == []
    monkeypatch.setenv(KEY_VARIABLE, "a-test-key-that-is-long-enough")
    assert new_periods(tmp_path / "inbox", tmp_path / "w.duckdb") == ["2020"]
