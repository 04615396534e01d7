"""Everything published says what the published warehouse says: after a real run, each published workbook's rows
(Phụ lục 1–3, every commune and the area's total), its HTML report's tables and the Parquet copies of the marts
equal the rows of the warehouse analysts open (``<warehouse>.duckdb``, not the run's working copy), rates rounded as
printed; and the publication has every area and every commune the poverty marts count, whether a commune's figures
come from its aggregate workbook or from its household register.

Cases: the demo; the demo with every commune's register; the same with one commune's workbook taken out (it sends
only its register, so it has figures but no plan); and a period whose inbox holds only registers.
"""

import shutil
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from giamngheo.demo import write_demo_inbox
from tests.conftest import run_library
from transforms.pseudonym import KEY_VARIABLE
from transforms.read import sha256_of
from vocabulary.periods import area_level, period_label_vi
from warehouse.versions import PUBLICATION_RECORD

KEY = "a-test-key-that-is-long-enough"
PERIOD = "2020"
DASH = "–"  # an empty plan cell, as printed
REGISTER_ONLY = "24091"  # Xã Ia Mlăh, whose workbook the register-only-commune case takes out
NO_PLAN_NOTE = "chưa có kế hoạch (chỉ gửi danh sách hộ)"

# The columns of Phụ lục 1 and 2 by (their group's first word, their header), and what each shows.
POVERTY_COLUMNS = {
    "Phụ lục 1": {
        ("Thực hiện", "Số hộ nghèo"): "poor_households",
        ("Thực hiện", "Tỷ lệ hộ nghèo (%)"): "poverty_rate_pct",
        ("Thực hiện", "Mức giảm tỷ lệ hộ nghèo (%)"): "rate_reduction_pp",
        ("Kế hoạch", "Số hộ nghèo"): "target_poor_households",
        ("Kế hoạch", "Tỷ lệ hộ nghèo (%)"): "target_poverty_rate_pct",
        ("Kế hoạch", "Mức giảm tỷ lệ hộ nghèo (%)"): "target_rate_reduction_pp",
        ("Kế hoạch", "Số hộ nghèo giảm"): "target_poor_reduction",
    },
    "Phụ lục 2": {
        ("Thực hiện", "Số hộ nghèo DTTS"): "em_poor_households",
        ("Thực hiện", "Tỷ lệ hộ nghèo DTTS so với dân cư DTTS (%)"): "em_poverty_rate_pct",
        ("Thực hiện", "Mức giảm tỷ lệ hộ nghèo trong đồng bào DTTS (%)"): "em_rate_reduction_pp",
        ("Kế hoạch", "Số hộ nghèo DTTS"): "target_em_poor_households",
        ("Kế hoạch", "Tỷ lệ hộ nghèo DTTS so với dân cư DTTS (%)"): "target_em_poverty_rate_pct",
        ("Kế hoạch", "Mức giảm tỷ lệ hộ nghèo trong đồng bào DTTS (%)"): "target_em_rate_reduction_pp",
        ("Kế hoạch", "Số hộ nghèo DTTS giảm"): "target_em_poor_reduction",
    },
}
# Phụ lục 3's three rows a unit, by the first word of their label: (poor households, poverty rate, deprived
# households, deprivation rate)
DEPRIVATION_ROWS = {
    "Thực hiện": ("poor_households", "poverty_rate_pct", "deprived_households", "deprivation_rate_pct"),
    "Kế hoạch": ("target_poor_households", "target_poverty_rate_pct", "target_deprived_households",
                 "target_deprivation_rate_pct"),
    "Số hộ": ("target_poor_reduction", "target_rate_reduction_pp", "target_deprived_reduction",
              "target_deprivation_rate_reduction_pp"),
}
# The HTML report's tables: its headings (with the plan's period in place of {target}) and what each column shows.
HTML_POVERTY = {
    "": ["STT", "Xã", "Số hộ", "Hộ nghèo", "Tỷ lệ (%)", "Kế hoạch {target}: hộ nghèo",
         "Kế hoạch: tỷ lệ (%)", "Mức giảm KH (điểm %)"],
    "em_": ["STT", "Xã", "Số hộ DTTS", "Hộ nghèo", "Tỷ lệ (%)", "Kế hoạch {target}: hộ nghèo",
            "Kế hoạch: tỷ lệ (%)", "Mức giảm KH (điểm %)"],
}
HTML_POVERTY_KEYS = {
    "": [None, None, ("total_households", 0), ("poor_households", 0), ("poverty_rate_pct", 2),
         ("target_poor_households", 0), ("target_poverty_rate_pct", 2), ("target_rate_reduction_pp", 2)],
    "em_": [None, None, ("em_households", 0), ("em_poor_households", 0), ("em_poverty_rate_pct", 2),
            ("target_em_poor_households", 0), ("target_em_poverty_rate_pct", 2),
            ("target_em_rate_reduction_pp", 2)],
}
HTML_DEPRIVATION_KEYS = [("deprived_households", 0), ("deprivation_rate_pct", 2), ("target_deprived_households", 0),
                         ("target_deprivation_rate_pct", 2)]


@dataclass
class Run:
    warehouse: Path  # the published one
    out: Path
    summary: dict | None = None  # the run's, when the case ran it
    period: str = PERIOD


@pytest.fixture(scope="module")
def register_inbox(tmp_path_factory) -> Path:
    inbox = tmp_path_factory.mktemp("registers") / "inbox"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_VARIABLE, KEY)
        write_demo_inbox(inbox, registers=True)
    return inbox


def _is_register(name: str) -> bool:
    return name.endswith("-danh-sach-ho.xlsx")


def _run_of(register_inbox: Path, root: Path, keep) -> Run:
    """A run of the files of the register demo's inbox that ``keep`` keeps by name."""
    inbox = root / "inbox"
    inbox.mkdir()
    for path in register_inbox.iterdir():
        if keep(path.name):
            shutil.copy2(path, inbox / path.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_VARIABLE, KEY)
        summary = run_library(inbox, root / "warehouse.duckdb", out=root / "out")
    return Run(root / "warehouse.duckdb", root / "out", summary)


@pytest.fixture(scope="module")
def demo_run(demo_warehouse) -> Run:
    return Run(demo_warehouse, demo_warehouse.parent / "out")


@pytest.fixture(scope="module")
def registers_run(register_inbox, tmp_path_factory) -> Run:
    return _run_of(register_inbox, tmp_path_factory.mktemp("with-registers"), lambda name: True)


@pytest.fixture(scope="module")
def register_only_commune_run(register_inbox, tmp_path_factory) -> Run:
    return _run_of(register_inbox, tmp_path_factory.mktemp("register-only-commune"),
                   lambda name: _is_register(name) or not name.startswith(REGISTER_ONLY))


@pytest.fixture(scope="module")
def registers_only_period_run(register_inbox, tmp_path_factory) -> Run:
    return _run_of(register_inbox, tmp_path_factory.mktemp("registers-only"), _is_register)


@pytest.fixture(scope="module", params=["demo", "registers", "register_only_commune", "registers_only_period"])
def run(request) -> Run:
    return request.getfixturevalue(f"{request.param}_run")


# ---- the published warehouse


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    return con.sql(sql, params=params).pl().to_dicts()


def _agreeing(*rows: dict) -> dict:
    """One row from rows of several marts on the same unit; a measure two of them have must be the same in both."""
    merged: dict = {}
    for row in rows:
        for key, value in row.items():
            if key in merged:
                assert merged[key] == value, (key, merged[key], value, merged.get("commune_code"))
            merged[key] = value
    return merged


@dataclass
class Area:
    """An area of the period as the published warehouse has it: its total row, its communes' rows (by name), and
    the deprivation rows of each (by indicator label)."""

    code: str
    place: str  # "Huyện Krông Pa, Tỉnh Gia Lai", in capitals on the second line of its workbook's appendix titles
    total: dict
    total_indicators: dict[str, dict]
    communes: dict[str, dict]
    indicators: dict[str, dict[str, dict]]


def warehouse_areas(run: Run) -> list[Area]:
    """Every area of the period with figures in the poverty marts, and every commune of it that they count."""
    level = area_level(run.period)
    code = f"{level}_code"
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        def by(mart: str, unit: str) -> dict[str, dict]:
            return {r[f"{unit}_code"]: r for r in _rows(
                con, f"select * from marts.{mart}_by_{unit} where period = ? order by {unit}_code", [run.period])}

        def indicators(mart: str, unit: str) -> dict[str, dict[str, dict]]:
            found: dict[str, dict[str, dict]] = {}
            for r in _rows(con, f"select * from marts.{mart}_by_{unit} where period = ?", [run.period]):
                found.setdefault(r[f"{unit}_code"], {})[r["indicator_label_vi"]] = r
            return found

        poverty, em, plans = by("poverty", level), by("ethnic_minority", level), by("plan_vs_result", level)
        commune_poverty, commune_em = by("poverty", "commune"), by("ethnic_minority", "commune")
        commune_plans = by("plan_vs_result", "commune")
        deprived, planned = indicators("deprivation", level), indicators("deprivation_plan_vs_result", level)
        commune_deprived = indicators("deprivation", "commune")
        commune_planned = indicators("deprivation_plan_vs_result", "commune")

    areas = []
    for area_code, area in poverty.items():
        assert area_code in plans, f"area {area_code} has figures but no plan-vs-result row"
        communes = [c for c in commune_poverty.values() if c[code] == area_code]
        for c in communes:
            assert c["commune_code"] in commune_plans, f"{c['commune_name']} has figures but no plan-vs-result row"
        areas.append(Area(
            code=area_code,
            place=", ".join(n for n in (area.get("district_name"), area["province_name"]) if n),
            total=_agreeing(area, em[area_code], plans[area_code]),
            total_indicators={label: _agreeing(deprived[area_code][label], row)
                              for label, row in planned[area_code].items()},
            communes={c["commune_name"]: _agreeing(c, commune_em[c["commune_code"]], commune_plans[c["commune_code"]])
                      for c in communes},
            indicators={c["commune_name"]: {label: _agreeing(commune_deprived[c["commune_code"]][label], row)
                                            for label, row in commune_planned[c["commune_code"]].items()}
                        for c in communes},
        ))
    return areas


def no_plan(area: Area) -> list[str]:
    """The area's communes the warehouse has figures for but no plan."""
    return [name for name, row in area.communes.items() if row["target_poor_households"] is None]


# ---- as printed


def rounded(value, places: int) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def dashed(key: str) -> bool:
    """Whether an empty figure prints as a dash: a plan's, or a fall in a rate with nothing saying where it started."""
    return key.startswith("target_") or key.endswith("rate_reduction_pp")


def in_cell(key: str, value, places: int | None):
    """What a workbook cell holds for a warehouse value, as python-calamine reads it: a rate rounded half-up to the
    places it shows, an empty plan figure or fall as a dash, any other empty one blank."""
    if value is None:
        return DASH if dashed(key) else ""
    return rounded(value, places) if places else float(value)


def in_html(key: str, value, places: int) -> str:
    """What the HTML report prints for a warehouse value: 2.342, 11,78; an empty plan figure or fall as a dash."""
    if value is None:
        return DASH if dashed(key) else ""
    text = f"{Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


# ---- the published workbooks


def grid(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def workbooks_by_place(run: Run) -> dict[str, Path]:
    found = {}
    for path in sorted((run.out / run.period).glob("tong-hop-*.xlsx")):
        found[grid(path, "Phụ lục 1")[1][0].split("\n")[1]] = path  # the title's second line: where
    return found


def total_name(period: str) -> str:
    return "Toàn huyện" if area_level(period) == "district" else "Toàn tỉnh"


def poverty_sheet(path: Path, sheet: str) -> tuple[dict[str, str], dict[str, dict]]:
    """Phụ lục 1 or 2 as {column key: its group's heading} and {unit name: {column key: cell}}."""
    rows = grid(path, sheet)
    top = next(i for i, row in enumerate(rows) if row[0] == "TT")
    groups, group, columns = {}, "", {}
    for col in range(2, len(rows[top])):
        group = rows[top][col] or group
        key = POVERTY_COLUMNS[sheet][(" ".join(group.split(" ")[:2]), rows[top + 1][col])]
        groups[key], columns[key] = group, col
    assert set(columns) == set(POVERTY_COLUMNS[sheet].values())
    units = {row[1]: {key: row[col] for key, col in columns.items()} for row in rows[top + 2:] if row[1]}
    return groups, units


def deprivation_sheet(path: Path) -> dict[str, dict[str, dict]]:
    """Phụ lục 3 as {unit name: {row kind: {"poor": …, "rate": …, indicator label: (deprived, rate)}}}, from each of
    its tables (a share of the indicators each) and each page of them (its title and headers repeated on it)."""
    rows = grid(path, "Phụ lục 3")
    units: dict[str, dict[str, dict]] = {}
    labels, name = {}, None
    for index, row in enumerate(rows):
        if row[0] == "STT":  # a table's (or a page's) headers: its indicators
            labels, label = {}, ""
            for col in range(5, len(rows[index + 1])):
                label = rows[index + 1][col] or label
                if label:
                    labels[col] = label
            assert all(rows[index + 2][col] == ("Số hộ thiếu hụt" if (col - 5) % 2 == 0 else "Tỷ lệ thiếu hụt (%)")
                       for col in labels)
            continue
        if not labels or not isinstance(row[2], str) or not any(row[2].startswith(k) for k in DEPRIVATION_ROWS):
            continue  # a title, a header row or a banner
        name = row[1] or name
        kind = next(k for k in DEPRIVATION_ROWS if row[2].startswith(k))
        shown = units.setdefault(name, {}).setdefault(kind, {})
        for key, value in (("poor", row[3]), ("rate", row[4])):
            assert shown.setdefault(key, value) == value, (name, kind, key)
        for col in range(5, max(labels) + 1, 2):
            shown[labels[col]] = (row[col], row[col + 1])
    return units


def test_every_area_with_figures_has_its_workbook_and_report(run):
    if run.summary is not None:
        assert run.summary["expectations"] and run.summary["expectations"]["success"], run.summary["expectations"]
    areas = warehouse_areas(run)
    assert areas, "the warehouse has no figures for the period"
    published = workbooks_by_place(run)
    assert set(published) == {area.place.upper() for area in areas}
    for path in published.values():
        assert path.with_name(path.name.replace("tong-hop-", "bao-cao-", 1)).with_suffix(".html").is_file()


@pytest.mark.parametrize("sheet", ["Phụ lục 1", "Phụ lục 2"])
def test_poverty_sheets_equal_the_warehouse(run, sheet):
    for area in warehouse_areas(run):
        groups, units = poverty_sheet(workbooks_by_place(run)[area.place.upper()], sheet)
        total = total_name(run.period)
        assert list(units) == [*area.communes, total]  # every commune with figures, then the area's total
        assert groups["poor_households" if sheet == "Phụ lục 1" else "em_poor_households"] == \
            f"Thực hiện {period_label_vi(run.period)}"
        assert groups["target_poor_households" if sheet == "Phụ lục 1" else "target_em_poor_households"] == \
            f"Kế hoạch {period_label_vi(area.total['target_period'])}"
        for name, row in [*area.communes.items(), (total, area.total)]:
            expected = {key: in_cell(key, row[key], 2 if key.endswith(("_pct", "_pp")) else None)
                        for key in units[name]}
            assert units[name] == expected, (sheet, name)


def test_deprivation_sheet_equals_the_warehouse(run):
    for area in warehouse_areas(run):
        units = deprivation_sheet(workbooks_by_place(run)[area.place.upper()])
        total = total_name(run.period)
        assert list(units) == [*area.communes, total]
        for name, row, indicators in [*((n, area.communes[n], area.indicators[n]) for n in area.communes),
                                      (total, area.total, area.total_indicators)]:
            for kind, (poor, rate, deprived, deprived_rate) in DEPRIVATION_ROWS.items():
                shown = units[name][kind]
                assert (shown["poor"], shown["rate"]) == (in_cell(poor, row[poor], None),
                                                          in_cell(rate, row[rate], 2)), (name, kind)
                for label, indicator in indicators.items():
                    assert shown[label] == (in_cell(deprived, indicator[deprived], None),
                                            in_cell(deprived_rate, indicator[deprived_rate], 1)), (name, kind, label)
                assert set(shown) - {"poor", "rate"} == set(indicators)


def test_communes_without_a_plan_are_named_above_every_sheet(run):
    for area in warehouse_areas(run):
        path = workbooks_by_place(run)[area.place.upper()]
        missing = no_plan(area)
        for sheet in ("Phụ lục 1", "Phụ lục 2", "Phụ lục 3"):
            banner = " ".join(str(cell) for cell in grid(path, sheet)[3] if cell)
            assert (NO_PLAN_NOTE in banner) == bool(missing), (sheet, banner)
            assert all(name in banner for name in missing), (sheet, banner)


# ---- the HTML reports


class _Tables(HTMLParser):
    """The report's tables after each <h2>, as rows of (the row's class, its cells' text); and its notes."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[tuple[str, list[str]]]] = {}
        self.notes: list[str] = []
        self._heading = self._text = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "th", "td") or (tag == "p" and ("class", "note") in attrs):
            self._text = ""
        if tag == "tr":
            self._row, self._class = [], dict(attrs).get("class", "")

    def handle_data(self, data):
        if self._text is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "h2":
            self._heading, self._text = self._text, None
            self.tables.setdefault(self._heading, [])
        elif tag == "p" and self._text is not None:
            self.notes.append(self._text)
            self._text = None
        elif tag in ("th", "td"):
            self._row.append(self._text)
            self._text = None
        elif tag == "tr":
            self.tables[self._heading].append((self._class, self._row))


def report_of(run: Run, area: Area) -> _Tables:
    workbook = workbooks_by_place(run)[area.place.upper()]
    parsed = _Tables()
    parsed.feed(workbook.with_name(workbook.name.replace("tong-hop-", "bao-cao-", 1)).with_suffix(".html")
                .read_text(encoding="utf-8"))
    return parsed


def table(report: _Tables, heading: str) -> list[tuple[str, list[str]]]:
    [rows] = [rows for title, rows in report.tables.items() if title == heading]
    return rows


@pytest.mark.parametrize("prefix", ["", "em_"])
def test_the_reports_poverty_tables_equal_the_warehouse(run, prefix):
    for area in warehouse_areas(run):
        rows = table(report_of(run, area), "Phụ lục I" if not prefix else "Phụ lục II")
        target = period_label_vi(area.total["target_period"])
        assert rows[0][1] == [h.format(target=target) for h in HTML_POVERTY[prefix]]
        total = total_name(run.period)
        assert [(c, r[1]) for c, r in rows[1:]] == [*(("", n) for n in area.communes), ("total", total)]
        for (_, shown), row in zip(rows[1:], [*area.communes.values(), area.total]):
            assert shown[2:] == [in_html(key, row[key], places) for key, places in HTML_POVERTY_KEYS[prefix][2:]], \
                (row.get("commune_name"), shown)


def test_the_reports_deprivation_table_equals_the_warehouse(run):
    for area in warehouse_areas(run):
        rows = table(report_of(run, area), "Phụ lục III")
        shown = {r[0].split(": ", 1)[1]: r[1:] for _, r in rows[1:]}
        assert shown == {label: [in_html(key, row[key], places) for key, places in HTML_DEPRIVATION_KEYS]
                         for label, row in area.total_indicators.items()}


def test_the_report_names_the_communes_without_a_plan(run):
    for area in warehouse_areas(run):
        said = " ".join(report_of(run, area).notes)
        missing = no_plan(area)
        assert (NO_PLAN_NOTE in said) == bool(missing), said
        assert all(name in said for name in missing), said


# ---- Parquet


def test_parquet_equals_the_published_marts(run):
    """Every mart, but the record of the publications, which lists the Parquet's own hashes (publish/parquet.py)."""
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        marts = [t for (t,) in con.execute("select table_name from information_schema.tables "
                                           "where table_schema = 'marts' order by 1").fetchall()
                 if t not in PUBLICATION_RECORD]
        assert len(marts) > 30
        assert sorted(p.name for p in (run.out / "parquet").iterdir()) == marts
        for mart in marts:
            path = run.out / "parquet" / mart / f"period={run.period}" / f"{mart}.parquet"
            assert path.is_file(), path
            parquet = f"read_parquet('{path}', hive_partitioning = false)"
            ours = f"(select * from marts.{mart} where period = $period)"
            [(only_in_file, only_in_warehouse)] = con.execute(
                f"""select (select count(*) from (from {parquet} except all from {ours})),
                           (select count(*) from (from {ours} except all from {parquet}))""",
                {"period": run.period}).fetchall()
            assert (only_in_file, only_in_warehouse) == (0, 0), mart


def test_the_record_of_the_publication_holds_every_published_file_with_its_sha256(run):
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        recorded = dict(con.execute("""select o.path, o.sha256 from (select unnest(outputs) as o
                                       from raw.publication_versions where period = ?)""", [run.period]).fetchall())
    published = [*(run.out / run.period).glob("*.*"), *(run.out / "parquet").glob(f"*/period={run.period}/*")]
    assert {str(p.relative_to(run.out)): sha256_of(p) for p in published} == recorded


# ---- what each case must show


def _total_row(run: Run, sheet: str = "Phụ lục 1") -> dict:
    [area] = warehouse_areas(run)
    return poverty_sheet(workbooks_by_place(run)[area.place.upper()], sheet)[1][total_name(run.period)]


# Phụ lục 1's Toàn huyện of the source document: 2.342 poor, 11,78 %, 3,75 points fewer; plan 1.717, 8,48 %, 3,30 points
DEMO_TOTAL = {
    "poor_households": 2342.0, "poverty_rate_pct": 11.78, "rate_reduction_pp": 3.75, "target_poor_households": 1717.0,
    "target_poverty_rate_pct": 8.48, "target_rate_reduction_pp": 3.30, "target_poor_reduction": 625.0,
}


def test_the_demo_publishes_the_source_documents_figures(demo_run):
    assert _total_row(demo_run) == DEMO_TOTAL


def test_registers_that_match_the_workbooks_publish_the_same_figures(registers_run):
    assert _total_row(registers_run) == DEMO_TOTAL


def test_a_commune_that_sends_only_its_register_is_counted_with_a_blank_plan(register_only_commune_run):
    run = register_only_commune_run
    [area] = warehouse_areas(run)
    _, units = poverty_sheet(workbooks_by_place(run)[area.place.upper()], "Phụ lục 1")
    assert len(area.communes) == 14 and no_plan(area) == ["Xã Ia Mlăh"]
    assert area.total["communes_with_plan"] == 13
    # the results count the register; the plan, which 13 communes alone cannot total, is left blank, and so is the
    # fall in the rate: a register says nothing of where the commune started
    assert units["Xã Ia Mlăh"]["poor_households"] > 0
    assert units[total_name(run.period)] == {**DEMO_TOTAL, **{key: DASH for key in DEMO_TOTAL if dashed(key)}}
    assert {key: value for key, value in units["Xã Ia Mlăh"].items() if key.startswith("target_")} == \
        {key: DASH for key in units["Xã Ia Mlăh"] if key.startswith("target_")}


def test_a_period_of_registers_only_publishes_its_results_without_a_plan(registers_only_period_run):
    run = registers_only_period_run
    assert run.summary["outputs"]["workbooks"] and run.summary["outputs"]["reports"] and \
        run.summary["outputs"]["parquet"]
    [area] = warehouse_areas(run)
    assert sorted(no_plan(area)) == sorted(area.communes) and area.total["communes_with_plan"] == 0
    _, units = poverty_sheet(workbooks_by_place(run)[area.place.upper()], "Phụ lục 1")
    assert units[total_name(run.period)] == {**DEMO_TOTAL, **{key: DASH for key in DEMO_TOTAL if dashed(key)}}
