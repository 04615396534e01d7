import csv
import json

import pytest
from typer.testing import CliRunner

from giamngheo.cli import app
from publish.template import CommuneInfo
from tests.helpers import submission, write
from transforms.aliases import AliasTaken, add_alias, alias_index, read_aliases
from transforms.extract import read_submission
from transforms.frames import submissions_frame
from transforms.resolve import resolve_commune, resolve_name
from vocabulary import units

KRONG_PA = {"district": "Krông Pa", "province": "Gia Lai"}


@pytest.mark.parametrize("name, code", [
    ("Ia RSuom", "24082"), ("Đất Băng", "24088"), ("Đắt Bảng", "24088"), ("Chu RCăm", "24112"), ("Chư Rćam", "24112"),
    ("TT. Phú Túc", "24076"), ("Thị trấn Phú Túc", "24076"), ("Chu Gu", "24085"), ("Ia Rsaí", "24079"),
    ("Ia Hdřeh", "24100"), ("Ia HDréh", "24100"), ("Krông Nâng", "24115"), ("Phú Cản", "24097"), ("xã  ia mláh", "24091"),
])
def test_seed_spellings_resolve_exactly_after_folding(name, code):
    found = resolve_name(name, **KRONG_PA)
    assert (found.method, found.commune["commune_code"]) == ("exact_name", code)


def test_a_misspelling_goes_to_review_with_the_right_commune_first():
    found = resolve_name("Ia Rsiom", **KRONG_PA)
    assert found.commune is None and found.rule == "commune_review"
    assert found.candidates[0]["commune_code"] == "24082"
    assert found.candidates[0]["score"] > found.candidates[1]["score"]


def test_a_clear_fuzzy_match_resolves_and_says_so():
    found = resolve_name("Krông Năngg", **KRONG_PA)
    assert (found.method, found.commune["commune_code"]) == ("fuzzy", "24115")
    assert 90 <= found.score < 100


def test_a_name_that_matches_nothing_is_unknown():
    found = resolve_name("Hoàn Kiếm", **KRONG_PA)
    assert (found.commune, found.rule, found.candidates) == (None, "commune_unknown", [])


def test_an_unknown_district_is_named_as_such():
    assert resolve_name("Ia Rsiom", district="Krông Pơ Lang", province="Gia Lai").rule == "district_unknown"


def test_a_code_resolves_when_its_name_agrees_and_is_checked_against_the_district():
    info = {"commune_code": ("24082", "", ""), "commune_name": ("Ia Rsiom", "", ""), "district_name": ("Krông Pa", "", "")}
    assert resolve_commune(info).method == "code"  # the seed's own spelling of Ia RSươm is closest to 24082
    info["district_name"] = ("Ba Đình", "", "")
    assert resolve_commune(info).rule == "commune_mismatch"


@pytest.mark.parametrize("name", ["Xã Chư Gu", "whatever"])
def test_a_code_whose_name_names_another_commune_or_none_is_a_conflict(name):
    info = {"commune_code": ("24082", "", ""), "commune_name": (name, "", ""), "district_name": ("Krông Pa", "", "")}
    found = resolve_commune(info)
    assert (found.rule, found.commune) == ("commune_conflict", None)
    assert "24082" in found.detail and name in found.detail_en


def test_a_confirmed_alias_resolves_in_later_runs(tmp_path):
    path = tmp_path / "aliases.csv"
    add_alias("Ia Rsiom", "24082", "Krông Pa", "Gia Lai", path)
    found = resolve_name("IA RSIOM", **KRONG_PA, aliases=alias_index(read_aliases(path)))
    assert (found.method, found.commune["commune_code"]) == ("alias", "24082")


def test_a_name_confirmed_for_another_commune_is_replaced_only_when_asked_and_on_record(tmp_path):
    path = tmp_path / "aliases.csv"
    add_alias("Ia Rsiom", "24082", "Krông Pa", "Gia Lai", path)
    add_alias("ia rsiom", "24082", "Krông Pa", "Gia Lai", path)  # the same again: nothing changes

    with pytest.raises(AliasTaken) as taken:
        add_alias("Ia Rsiom", "24079", "Krông Pa", "Gia Lai", path)
    assert taken.value.current["commune_code"] == "24082"
    assert [r["commune_code"] for r in read_aliases(path)] == ["24082"]

    add_alias("Ia Rsiom", "24079", "Krông Pa", "Gia Lai", path, replace=True)
    assert [r["commune_code"] for r in read_aliases(path)] == ["24079"]
    with open(path, encoding="utf-8") as f:
        kept = list(csv.DictReader(f))
    assert [(r["commune_code"], bool(r["replaced_on"])) for r in kept] == [("24082", True), ("24079", False)]


def test_aliases_add_refuses_a_name_confirmed_for_another_code_and_says_which(tmp_path):
    path = tmp_path / "aliases.csv"
    add = ["aliases", "add", "Ia Rsiom", "24082", "--district", "Krông Pa", "--file", str(path)]
    assert CliRunner().invoke(app, add).exit_code == 0
    refused = CliRunner().invoke(app, [*add[:3], "24079", *add[4:]])
    assert refused.exit_code == 2
    assert "24082" in refused.output and "--replace" in refused.output
    replaced = CliRunner().invoke(app, [*add[:3], "24079", *add[4:], "--replace"])
    assert replaced.exit_code == 0 and "24082" in replaced.output
    assert [r["commune_code"] for r in read_aliases(path)] == ["24079"]


def test_workbook_needing_review_loads_after_the_alias_is_added(tmp_path):
    sub = submission("24082")
    sub.commune.commune_code, sub.commune.commune_name = "", "Xã Ia Rsiom"
    extracted = [read_submission(write(tmp_path / "a.xlsx", sub))]
    assert submissions_frame(extracted, "2020").row(0, named=True)["resolution_rule"] == "commune_review"
    path = tmp_path / "aliases.csv"
    result = CliRunner().invoke(app, ["aliases", "add", "Xã Ia Rsiom", "24082", "--district", "Krông Pa", "--file", str(path)])
    assert result.exit_code == 0, result.output
    row = submissions_frame(extracted, "2020", alias_index(read_aliases(path))).row(0, named=True)
    assert (row["resolved_commune_code"], row["resolution_method"]) == ("24082", "alias")


@pytest.mark.parametrize("name, code, exit_code", [("Chư Rćam", "24112", 0), ("Ia Rsiom", None, 1), ("Hoàn Kiếm", None, 2)])
def test_resolve_command_reports_code_review_or_no_match(name, code, exit_code, tmp_path):
    result = CliRunner().invoke(app, ["resolve", name, "--district", "Krông Pa", "--province", "Gia Lai",
                                      "--aliases", str(tmp_path / "none.csv"), "--json"])
    assert result.exit_code == exit_code, result.output
    answer = json.loads(result.stdout)
    assert answer["commune_code"] == code
    if exit_code == 1:
        assert answer["candidates"][0]["commune_code"] == "24082"


def test_aliases_add_refuses_a_code_outside_the_district(tmp_path):
    result = CliRunner().invoke(app, ["aliases", "add", "X", "00004", "--district", "Krông Pa", "--file", str(tmp_path / "a.csv")])
    assert result.exit_code == 2 and not (tmp_path / "a.csv").exists()


@pytest.mark.parametrize("structure, communes", [("legacy", units.legacy_communes), ("2025", units.communes_2025)])
def test_what_the_template_writes_for_every_unit_resolves_to_that_unit(structure, communes):
    """The information sheet of every official unit's template, as written (the gazetteer's short names, such as
    'Kỳ Anh (Huyện)' beside 'Kỳ Anh (Thị xã)'), resolves to that unit by its code and name."""
    wrong = []
    for unit in communes().rows(named=True):
        written = CommuneInfo.of(unit)
        found = resolve_commune({key: (value, "", "") for key, value in vars(written).items()}, structure=structure)
        if not found.commune or found.commune["commune_code"] != unit["commune_code"]:
            wrong.append((unit["commune_code"], written, found.rule))
    assert not wrong, f"{len(wrong)} units, e.g. {wrong[:3]}"
