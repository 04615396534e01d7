"""Every command that takes a commune resolves it as a run resolves a workbook's (transforms.resolve): the same five
ways of naming Xã Chư Ngọc of Krông Pa give the same commune, or the same answer, whichever command is asked."""

import pytest
from typer.testing import CliRunner

from giamngheo.cli import app
from tests.conftest import run_library
from tests.helpers import submission, write
from transforms.aliases import add_alias

CODE, EXACT, MISSPELT, ALIAS = "24106", "Chư Ngọc", "Chu Ngocc", "Chư Ngọk"
RETIRED = "Ia Mlăh"  # a legacy commune, merged into Xã Phú Túc (24076) on 1 July 2025
BECAME = "Xã Phú Túc (24076)"


@pytest.fixture
def aliases(tmp_path):
    path = tmp_path / "aliases.csv"
    add_alias(ALIAS, CODE, "Krông Pa", "Gia Lai", path)
    return path


def _invoke(*words) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(w) for w in words])
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize("name", [CODE, EXACT, MISSPELT, ALIAS])
def test_resolve_and_template_find_the_same_commune(name, aliases, tmp_path):
    status, said = _invoke("resolve", name, "--district", "Krông Pa", "--aliases", aliases)
    assert status == 0 and f"→ {CODE} Xã Chư Ngọc" in said, said
    status, said = _invoke("template", "--commune", name, "--district", "Krông Pa", "--period", "2020",
                           "--aliases", aliases, "-o", tmp_path / "t.xlsx")
    assert status == 0 and "Xã Chư Ngọc, Huyện Krông Pa" in said, said


@pytest.mark.parametrize("name", [CODE, EXACT, ALIAS])
def test_trend_finds_the_same_commune(name, aliases, demo_warehouse, tmp_path):
    status, said = _invoke("trend", name, "--warehouse", demo_warehouse, "--aliases", aliases, "--csv",
                           tmp_path / "t.csv")
    assert status == 0 and f"Xã Chư Ngọc ({CODE}" in said, said


def test_trend_answers_a_misspelling_with_the_nearest_names(aliases, demo_warehouse, tmp_path):
    status, said = _invoke("trend", MISSPELT, "--warehouse", demo_warehouse, "--aliases", aliases)
    assert status == 2 and f"nearest: commune {CODE} Xã Chư Ngọc" in said, said


def test_a_name_retired_in_2025_is_told_what_it_became_by_every_command(aliases, tmp_path):
    for bounds in (["--district", "Krông Pa"], ["--province", "Gia Lai"]):
        status, said = _invoke("resolve", RETIRED, *bounds, "--period", "2025", "--aliases", aliases)
        assert status == 2 and BECAME in said and "became part of" in said, said
        status, said = _invoke("template", "--commune", RETIRED, *bounds, "--period", "2025", "--aliases", aliases,
                               "-o", tmp_path / "t.xlsx")
        assert status == 2 and BECAME in said, said
    # and a run, from a 2025 workbook that names it without a code
    retired = submission("24091")
    retired.period, retired.commune.commune_code = "2025", ""
    write(tmp_path / "inbox" / "ia-mlah-2025.xlsx", retired)
    summary = run_library(tmp_path / "inbox", tmp_path / "w.duckdb", period="2025")
    [refused] = summary["quarantined"]
    assert [BECAME in e["message_vi"] for e in refused["errors"] if e["rule"] == "commune_other_structure"] == [True]


@pytest.mark.parametrize("name", [CODE, EXACT, MISSPELT, ALIAS])
def test_withdraw_finds_the_same_communes_file(name, aliases, demo_copy):
    database = demo_copy
    status, said = _invoke("withdraw", name, "--period", "2020", "--warehouse", database, "--aliases", aliases)
    assert status == 0 and "(Xã Chư Ngọc)" in said, said
