"""Household registers: read as people fill them, every household classified by the period's standard, counted
into the commune's figures and reconciled with its aggregate workbook, followed across periods by a key that is not
a person's number; and no name or identity number anywhere but in the commune's own file."""

import copy
import json
import random
import re
import zipfile
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from giamngheo.cli import app
from giamngheo.demo import demo_register, demo_submissions, write_demo_inbox
from publish.register_template import Register, write_register
from publish.template import CommuneInfo
from tests.conftest import run_library
from transforms.extract import read_submission
from transforms.pseudonym import KEY_VARIABLE

KEY = "a-test-key-that-is-long-enough"


@pytest.fixture(autouse=True)
def pii_key(monkeypatch):
    monkeypatch.setenv(KEY_VARIABLE, KEY)


def _demo(code: str) -> tuple:
    submission = next(s for s in demo_submissions() if s.commune.commune_code == code)
    return submission, demo_register(submission, random.Random(1))


def _rows(database: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def with_registers(tmp_path_factory):
    """The demo inbox with each commune's register beside its workbook, run once."""
    root = tmp_path_factory.mktemp("registers")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_VARIABLE, KEY)
        write_demo_inbox(root / "inbox", registers=True)
        result = CliRunner().invoke(app, ["run", "--period", "2020", "--inbox", str(root / "inbox"), "--warehouse",
                                          str(root / "w.duckdb"), "--out", str(root / "out"), "--json"])
    assert result.exit_code == 0, result.output
    return root, json.loads(result.stdout.strip().splitlines()[-1]), result.output


def test_registers_filled_to_match_the_demo_reproduce_every_commune_figure(with_registers):
    root, summary, _ = with_registers
    assert summary["counts"]["loaded"] == 28 and not summary["loaded_with_warnings"]
    compared = _rows(root / "w.duckdb", "select measure, register_value, reported_value from marts.register_reconciliation")
    assert len(compared) == 14 * 5 and all(register == reported for _, register, reported in compared)
    [(households, poor, rate)] = _rows(root / "w.duckdb", """select sum(total_households), sum(poor_households),
        round(100.0 * sum(poor_households) / sum(total_households), 2) from marts.register_by_district""")
    assert (households, poor, rate) == (19_886, 2_342, 11.78)


def test_the_standard_classes_each_demo_household_as_its_commune_did(with_registers):
    root, _, _ = with_registers
    assert _rows(root / "w.duckdb", "select count(*) from marts.household_classes where not classes_agree") == [(0,)]
    [(deprived,)] = _rows(root / "w.duckdb", """select sum(deprived_poor_households)
        from marts.register_deprivations_by_commune where indicator_code = 'health_insurance'""")
    [(reported,)] = _rows(root / "w.duckdb", """select sum(deprived_households) from marts.deprivation_by_commune
        where indicator_code = 'health_insurance'""")
    assert deprived == reported > 0


def _run_one(tmp_path: Path, register: Register, submission=None, period: str = "2020") -> Path:
    inbox = tmp_path / f"inbox-{period}"
    write_register(inbox / "register.xlsx", register)
    if submission is not None:
        from publish.template import write_submission

        write_submission(inbox / "report.xlsx", submission)
    database = tmp_path / "w.duckdb"
    run_library(inbox, database, period=period)
    return database


def test_an_income_moved_below_the_line_changes_the_class_the_totals_and_the_warnings(tmp_path):
    submission, register = _demo("24091")  # Ia Mláh, a rural xã: line 700.000, upper 1.000.000 (2016–2020)
    index = next(i for i, h in enumerate(register.households)
                 if h["decided_class"] == "Không" and not h["ethnic_minority"])
    register.households[index]["income_vnd"] = 650_000
    database = _run_one(tmp_path, register, submission)
    [(computed, decided, cell)] = _rows(database, """select computed_class, decided_class, decided_class_cell
        from marts.household_classes where household_number = ?""", [register.households[index]["household_number"]])
    assert (computed, decided) == ("poor", "none")
    [(poor, computed_poor)] = _rows(database, "select poor_households, computed_poor_households from marts.register_by_commune")
    assert computed_poor == poor + 1
    [warning] = [w for w in run_library(tmp_path / "inbox-2020", database)["loaded_with_warnings"][0]["warnings"]]
    assert warning["cell"] == cell and warning["rule"] == "class_mismatch"
    assert "650.000 ≤ chuẩn 700.000" in warning["message_vi"] and "poor" in warning["message_en"]

    register.households[index]["decided_class"] = "Nghèo"  # the commune agrees: now its report is one short
    write_register(tmp_path / "inbox-2020" / "register.xlsx", register)
    summary = run_library(tmp_path / "inbox-2020", database)
    [warned] = summary["loaded_with_warnings"]
    assert [w["rule"] for w in warned["warnings"]] == ["register_mismatch"]
    assert f"{poor + 1}" in warned["warnings"][0]["message_en"] and f"{poor}" in warned["warnings"][0]["message_en"]


def test_the_2022_standard_needs_three_deprivations_and_has_an_average_band(tmp_path):
    commune = CommuneInfo("Gia Lai", "Krông Pa", "Xã Ia Mláh", "24091")  # rural: line 1.500.000, band to 2.250.000
    indicators = ["employment", "dependants", "nutrition"]
    rows = [(1_400_000, 3, "Nghèo"), (1_400_000, 2, "Cận nghèo"), (1_500_000, 0, "Cận nghèo"),
            (2_000_000, 4, "Mức sống trung bình"), (2_300_000, 0, "Không")]
    households = [{"village": "Buôn 1", "household_number": n, "head_name": f"Người {n}", "id_number": f"0640000000{n:02d}",
                   "members": 4, "ethnic_minority": 1, "income_vnd": income, "decided_class": decided,
                   **{code: int(i < deprived) for i, code in enumerate(indicators)}}
                  for n, (income, deprived, decided) in enumerate(rows, start=1)]
    database = _run_one(tmp_path, Register(commune, "2022", households=households), period="2022")
    classes = _rows(database, "select computed_class, classes_agree from marts.household_classes order by household_number")
    assert classes == [("poor", True), ("near_poor", True), ("near_poor", True), ("average", True), ("none", True)]


def test_households_are_followed_across_years_by_their_key(tmp_path):
    _, register = _demo("24091")
    poor = [i for i, h in enumerate(register.households) if h["decided_class"] == "Nghèo"]
    others = [i for i, h in enumerate(register.households) if h["decided_class"] == "Không"]
    years = {}
    for period in ("2019", "2020", "2021"):
        years[period] = copy.deepcopy(register)
        years[period].period = period
    for i in poor[:5]:  # escape in 2020
        years["2020"].households[i].update(decided_class="Không", income_vnd=1_200_000)
    for i in poor[:2]:  # and two fall back in 2021: back into poverty
        years["2021"].households[i].update(decided_class="Nghèo", income_vnd=600_000)
    for i in poor[2:5]:
        years["2021"].households[i].update(decided_class="Không", income_vnd=1_200_000)
    for i in others[:4]:  # newly poor in 2021
        years["2021"].households[i].update(decided_class="Nghèo", income_vnd=600_000)
    for period, year in years.items():
        database = _run_one(tmp_path, year, period=period)
    moved = _rows(database, """select period, escaped_poverty_households, newly_poor_households,
                                      back_into_poverty_households from marts.household_movements order by period""")
    assert moved == [("2020", 5, 0, 0), ("2021", 0, 6, 2)]


def _people(inbox: Path) -> set[str]:
    """Every name and identity number written into the registers of ``inbox``, as the commune typed them."""
    from python_calamine import CalamineWorkbook

    found = set()
    for path in inbox.glob("*danh-sach-ho.xlsx"):
        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Danh sách hộ").to_python()
        header = grid[3]
        for row in grid[4:]:
            found.add(str(row[header.index("Họ và tên chủ hộ")]))
            found.add(str(row[header.index("Số CCCD chủ hộ")]))
    return found - {""}


def _texts(path: Path) -> list[str]:
    """What a reader of ``path`` could find in it: a workbook's parts, a Parquet file's values, a file's bytes."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return [book.read(name).decode("utf-8", "replace") for name in book.namelist()]
    if path.suffix == ".parquet":
        with duckdb.connect() as con:
            return [" ".join(map(str, row)) for row in con.execute(f"select * from '{path}'").fetchall()]
    return [path.read_bytes().decode("utf-8", "replace")]


def test_no_name_or_identity_number_is_in_any_output_of_the_run(with_registers):
    root, summary, output = with_registers
    people = _people(root / "inbox")
    assert len(people) > 19_886  # every identity number, and the names
    texts = [output, json.dumps(summary, ensure_ascii=False)]
    outputs = [path for path in (root / "out").rglob("*") if path.is_file()]
    assert any(path.suffix == ".parquet" for path in outputs) and any(path.suffix == ".xlsx" for path in outputs)
    texts += [text for path in outputs for text in _texts(path)]
    with duckdb.connect(str(root / "w.duckdb"), read_only=True) as con:
        for schema, table, column in con.execute("""select schema_name, table_name, column_name from duckdb_columns()
                                                    where data_type like 'VARCHAR%'""").fetchall():
            texts += [str(v) for (v,) in con.execute(f'select distinct "{column}" from {schema}.{table}').fetchall()]
    texts.append((root / "w.duckdb").read_bytes().decode("latin-1"))
    joined = "\n".join(texts)
    numbers = {person for person in people if person.isdigit()}
    leaked = (numbers & set(re.findall(r"\d{12}", joined))) | {name for name in people - numbers if name in joined}
    assert not leaked, sorted(leaked)[:5]


def test_a_register_read_keeps_no_name_nor_number(tmp_path):
    _, register = _demo("24076")
    path = write_register(tmp_path / "r.xlsx", register)
    extracted = read_submission(path)
    assert extracted.kind == "register" and not extracted.problems
    kept = repr(extracted)
    for household in register.households[:50]:
        assert household["head_name"] not in kept and household["id_number"] not in kept
    assert len({h["household_key"] for h in extracted.households}) == len(register.households)


def test_a_bad_identity_number_is_reported_by_its_cell_and_not_repeated(tmp_path):
    _, register = _demo("24076")
    register.households[3]["id_number"] = "06412345678"  # 11 digits
    register.households[5]["id_number"] = register.households[4]["id_number"]
    database = _run_one(tmp_path, register)
    summary = run_library(tmp_path / "inbox-2020", database)
    [refused] = summary["quarantined"]
    by_rule = {e["rule"]: e for e in refused["errors"]}
    assert by_rule["id_number_invalid"]["cell"] == "E8" and "12" in by_rule["id_number_invalid"]["message_vi"]
    assert by_rule["id_number_repeated"]["cell"] == "E10" and "dòng 9" in by_rule["id_number_repeated"]["message_vi"]
    report = Path(refused["report"]).read_text(encoding="utf-8-sig")
    assert "06412345678" not in report and register.households[4]["id_number"] not in report


@pytest.mark.parametrize("key, said", [(None, "no pseudonym key"), ("short", "only 5 characters")])
def test_without_the_key_a_register_waits_for_the_district_and_is_read_once_it_is_set(tmp_path, monkeypatch, key,
                                                                                         said):
    """The key is the district's setting: nothing goes back to the commune, the run says what to set and exits 6,
    the rest loads; the first run with the key reads the register (it is not 'nothing new')."""
    monkeypatch.delenv(KEY_VARIABLE) if key is None else monkeypatch.setenv(KEY_VARIABLE, key)
    submission, register = _demo("24091")
    inbox = tmp_path / "inbox"
    write_register(inbox / "register.xlsx", register)
    from publish.template import write_submission

    write_submission(inbox / "report.xlsx", submission)
    run = ["run", "--period", "2020", "--inbox", str(inbox), "--warehouse", str(tmp_path / "w.duckdb"), "--out",
           str(tmp_path / "out"), "--json"]
    waiting = CliRunner().invoke(app, run)
    assert waiting.exit_code == 6, waiting.output
    summary = json.loads(waiting.stdout)
    assert summary["counts"]["loaded"] == 1 and not summary["quarantined"]
    [held] = summary["set_aside"]
    assert held["rule"] == "register_without_key" and said in held["message_en"] and KEY_VARIABLE in held["message_en"]
    assert "Nothing for the commune to do" in held["message_en"]
    assert not (tmp_path / "out" / "2020" / "quarantine").exists() and not (tmp_path / "registers-returned").exists()
    still = CliRunner().invoke(app, run)  # still no key: the register is all that is new, and it cannot be used
    assert still.exit_code == 6 and json.loads(still.stdout)["nothing_new"]
    monkeypatch.setenv(KEY_VARIABLE, KEY)
    read = CliRunner().invoke(app, run)
    assert read.exit_code == 0, read.output
    summary = json.loads(read.stdout)
    assert not summary["nothing_new"] and summary["counts"]["loaded"] == 2 and not summary["set_aside"]


def test_a_period_whose_standard_has_no_indicators_refuses_the_register_template(tmp_path):
    result = CliRunner().invoke(app, ["template", "--households", "--commune", "24076", "--period", "2027", "-o",
                                      str(tmp_path / "r.xlsx")])
    assert result.exit_code == 2
    assert "sql/seeds/indicators.csv" in result.output and not (tmp_path / "r.xlsx").exists()


def test_a_commune_whose_register_lists_every_village_is_published_from_it(with_registers):
    root, summary, _ = with_registers
    assert {c["figures_source"] for c in summary["completeness"]["communes"]} == {"register"}
    [(households, poor)] = _rows(root / "w.duckdb", """select sum(total_households), sum(poor_households)
        from marts.plan_vs_result_by_district""")
    assert (households, poor) == (19_886, 2_342)
    from openpyxl import load_workbook

    sheet = load_workbook(next((root / "out" / "2020").glob("tong-hop-*.xlsx")))["Tình hình nộp"]
    assert "Danh sách hộ" in [cell.value for cell in sheet["H"]]


def test_a_register_missing_a_village_leaves_the_figures_to_the_workbook(tmp_path):
    submission, register = _demo("24091")
    dropped = submission.villages[0]["village"]
    register.households = [h for h in register.households if h["village"] != dropped]
    database = _run_one(tmp_path, register, submission)
    assert _rows(database, "select figures_source, total_households from marts.poverty_by_commune") == [
        ("aggregate", sum(v["total_households"] for v in submission.villages))]


def test_a_commune_that_sent_only_its_register_has_figures_from_it(tmp_path):
    _, register = _demo("24091")
    database = _run_one(tmp_path, register)
    assert _rows(database, "select figures_source, total_households from marts.poverty_by_commune") == [
        ("register", len(register.households))]


def test_the_posting_list_names_the_poor_and_near_poor_households_and_prints_on_a4(tmp_path):
    from tests.test_print import numbered, render

    _, register = _demo("24091")
    source = write_register(tmp_path / "danh-sach-ho.xlsx", register)
    result = CliRunner().invoke(app, ["posting-list", str(source), "-o", str(tmp_path / "niem-yet.xlsx")])
    assert result.exit_code == 0, result.output
    pages = render(tmp_path / "niem-yet.xlsx", tmp_path / "pdf")
    text = " ".join(pages)
    listed = [h for h in register.households if h["decided_class"] in ("Nghèo", "Cận nghèo")]
    assert f"{sum(h['decided_class'] == 'Nghèo' for h in listed)} hộ nghèo / poor" in result.output
    assert all(h["head_name"] in text for h in listed) and numbered(pages)
    assert not any(h["id_number"] in text for h in register.households)  # names only: no identity number
    from openpyxl import load_workbook

    rows = [r for r in load_workbook(tmp_path / "niem-yet.xlsx")["Niêm yết"].iter_rows(min_row=5, values_only=True)
            if isinstance(r[0], int)]
    assert sorted(r[2] for r in rows) == sorted(h["household_number"] for h in listed)


def test_a_register_refused_in_another_period_keeps_the_households_it_loaded_for_its_own(tmp_path):
    import shutil

    submission, register = _demo("24091")
    database = _run_one(tmp_path, register, submission)
    counted = "select count(*) from raw.households"
    [(households,)] = _rows(database, counted)
    assert households == len(register.households)
    (tmp_path / "inbox-2021").mkdir()
    shutil.copy(tmp_path / "inbox-2020" / "register.xlsx", tmp_path / "inbox-2021" / "register.xlsx")

    refused = run_library(tmp_path / "inbox-2021", database, period="2021")  # a 2020 register in the 2021 inbox

    assert refused["counts"]["loaded"] == 0
    assert _rows(database, counted) == [(households,)]
    run_library(tmp_path / "inbox-2020", database, full=True)
    assert _rows(database, "select count(*) from marts.household_classes where period = '2020'") == [(households,)]
