"""Both sides of the 1 July 2025 reform: a post-reform period has no district level; legacy figures restate in 2025 units."""

import random

import duckdb
import polars as pl
import pytest

from giamngheo.demo import synthetic_submission
from publish.template import write_submission
from tests.conftest import run_library
from vocabulary import units

NEW_KRONG_PA = ["24076", "24100", "24109", "24112"]  # Phú Túc, Ia Dreh, Uar, Ia Rsai in the 2025 Gia Lai


@pytest.fixture(scope="module")
def reformed_warehouse(tmp_path_factory, demo_inbox):
    """The 2020 demo (legacy units) and a 2025 annual report of the four 2025 communes, in one warehouse."""
    root = tmp_path_factory.mktemp("reform")
    inbox = root / "inbox-2025"
    inbox.mkdir()
    rng = random.Random(7)
    for code in NEW_KRONG_PA:
        write_submission(inbox / f"{code}.xlsx", synthetic_submission(units.commune_by_code(code, "2025"), "2025", rng))
    database = root / "w.duckdb"
    run_library(demo_inbox, database, period="2020")
    summary = run_library(inbox, database, period="2025")
    assert (summary["counts"]["loaded"], summary["counts"]["quarantined"]) == (4, 0)
    with duckdb.connect(str(database), read_only=True) as con:
        yield con


def test_post_reform_period_is_consolidated_without_a_district_level(reformed_warehouse):
    con = reformed_warehouse
    assert con.sql("select count(*) from marts.poverty_by_district where period = '2025'").fetchall() == [(0,)]
    communes = con.sql("select * from marts.poverty_by_commune where period = '2025'").pl()
    assert sorted(communes["commune_code"]) == NEW_KRONG_PA
    assert communes["district_code"].null_count() == 4 and set(communes["province_code"]) == {"52"}
    province = con.sql("select * from marts.poverty_by_province where period = '2025'").pl().row(0, named=True)
    assert (province["province_code"], province["communes"], province["districts"]) == ("52", 4, 0)
    assert province["poor_households"] == communes["poor_households"].sum()
    assert province["poverty_rate_pct"] == pytest.approx(100 * province["poor_households"] / province["total_households"])


def test_legacy_period_aggregates_through_districts_to_the_legacy_province(reformed_warehouse):
    province = reformed_warehouse.sql("select * from marts.poverty_by_province where period = '2020'").pl().row(0, named=True)
    assert (province["province_code"], province["districts"], province["communes"], province["poor_households"]) == ("64", 1, 14, 2342)


def test_legacy_figures_restate_in_2025_communes_per_the_package_mapping(reformed_warehouse):
    restated = reformed_warehouse.sql("select * from marts.poverty_restated_2025 where period = '2020'").pl()
    figures = reformed_warehouse.sql(
        "select commune_code, total_households, poor_households from marts.poverty_by_commune where period = '2020'").pl()
    expected = (
        figures.join(units.mapping_2025(), left_on="commune_code", right_on="old_commune_code")
        .group_by("new_commune_code").agg(pl.col("total_households").sum(), pl.col("poor_households").sum())
    )
    got = {r["commune_code"]: (r["total_households"], r["poor_households"]) for r in restated.iter_rows(named=True)}
    want = {r["new_commune_code"]: (r["total_households"], r["poor_households"]) for r in expected.iter_rows(named=True)}
    assert got == want and sorted(got) == NEW_KRONG_PA
    assert restated["total_households"].sum() == 19886 and restated["poor_households"].sum() == 2342
    phu_tuc = restated.filter(pl.col("commune_code") == "24076").row(0, named=True)
    assert phu_tuc["old_communes"] == 5 and phu_tuc["complete_history"] and not phu_tuc["includes_split_commune"]
    assert phu_tuc["poverty_rate_pct"] == pytest.approx(100 * phu_tuc["poor_households"] / phu_tuc["total_households"])


def test_split_communes_are_flagged_in_the_mapping():
    mapping = units.mapping_2025()
    split = mapping.filter(~pl.col("whole"))
    assert split["old_commune_code"].n_unique() > 0
    # every split commune has exactly one default successor, where its figures are counted
    defaults = split.group_by("old_commune_code").agg(pl.col("is_default").sum())
    assert set(defaults["is_default"]) == {1}


def test_post_reform_template_has_no_district_and_codes_are_of_2025(tmp_path):
    from typer.testing import CliRunner

    from giamngheo.cli import app
    from transforms.extract import read_submission

    result = CliRunner().invoke(app, ["template", "--commune", "24100", "--period", "2025", "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Ia Dreh" in result.output  # 24100 was Xã Ia HDreh of Krông Pa before the reform
    item = read_submission(tmp_path / "t.xlsx")
    assert "district_name" not in item.info and item.problems == []


def test_post_reform_workbook_is_published_per_province_without_districts(reformed_warehouse, tmp_path):
    import openpyxl

    from publish.workbooks import publish_period

    [path] = publish_period(reformed_warehouse, "2025", tmp_path)["workbooks"]
    assert path.name == "tong-hop-tinh-gia-lai-2025.xlsx"
    sheet = openpyxl.load_workbook(path)["Phụ lục 1"]
    assert "từ ngày 01/7/2025" in sheet["A2"].value and "HUYỆN" not in sheet["A2"].value
    names = [row[1] for row in sheet.iter_rows(min_row=7, values_only=True)]
    # provisional: 4 of the province's 135 communes reported, the others listed with their status and no figures
    assert names[-1] == "Toàn tỉnh (4/135 xã)" and len(names) == 136 and not any("huyện" in n.lower() for n in names)
    assert sum(1 for row in sheet.iter_rows(min_row=7, max_row=141, values_only=True)
               if isinstance(row[2], (int, float))) == 4


def test_init_loads_both_unit_lists(tmp_path):
    from typer.testing import CliRunner

    from giamngheo.cli import app

    result = CliRunner().invoke(app, ["init", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0, result.output
    assert "vietnamadminunits 1.0.4" in result.output
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        counts = dict(con.sql("""select 'legacy', count(*) from ref.legacy_communes
                                 union all select 'new', count(*) from ref.communes_2025""").fetchall())
    assert counts["new"] == 3321 and counts["legacy"] > 10000


def _load(root, database, period, codes, structure, seed):
    inbox = root / f"inbox-{period}"
    inbox.mkdir()
    rng = random.Random(seed)
    for code in codes:
        write_submission(inbox / f"{code}.xlsx", synthetic_submission(units.commune_by_code(code, structure), period, rng))
    summary = run_library(inbox, database, period=period)
    assert summary["counts"]["loaded"] + summary["counts"]["loaded_with_warnings"] == len(codes)


def test_year_on_year_fall_compares_only_the_same_units(tmp_path):
    """24076 was TT. Phú Túc until 2025 and is the merged xã Phú Túc after: 2024 → 2025 is no fall of one commune."""
    database = tmp_path / "w.duckdb"
    _load(tmp_path, database, "2023", ["24076", "24079"], "legacy", 1)
    _load(tmp_path, database, "2024", ["24076", "24079"], "legacy", 2)
    _load(tmp_path, database, "2025", ["24076"], "2025", 3)
    with duckdb.connect(str(database), read_only=True) as con:
        def marts(name, period):
            return con.sql(f"select * from marts.{name} where period = ?", params=[period]).pl()

        for name, rate, fall in [("poverty_by_province", "poverty_rate_pct", "rate_reduction_pp"),
                                 ("ethnic_minority_by_province", "em_poverty_rate_pct", "em_rate_reduction_pp"),
                                 ("poverty_by_commune", "poverty_rate_pct", "rate_reduction_pp")]:
            before, after = marts(name, "2023"), marts(name, "2024")
            joined = before.join(after, on=[c for c in ("province_code", "commune_code") if c in before.columns])
            assert joined.height >= 1
            for row in joined.iter_rows(named=True):
                assert row[f"{fall}_right"] == pytest.approx(row[rate] - row[f"{rate}_right"]), name
        assert marts("poverty_by_commune", "2025")["rate_reduction_pp"].to_list() == [None]
        assert marts("poverty_by_province", "2025")["rate_reduction_pp"].to_list() == [None]
        published = marts("plan_vs_result_by_commune", "2024").sort("commune_code")
        expected = marts("poverty_by_commune", "2024").sort("commune_code")
        assert published["rate_reduction_pp"].to_list() == expected["rate_reduction_pp"].to_list()
