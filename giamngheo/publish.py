"""The consolidated workbook officials publish (Phụ lục 1–3), and Parquet copies of the marts.

One workbook per district for periods before the 2025 reform, one per province after it
(there are no districts then). Rates are rounded half-up here, for presentation only;
the marts keep them unrounded.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from giamngheo.reference import period_label_vi, unit_structure
from transforms.text import fold

FONT = "Times New Roman"
COUNT, RATE, RATE_1 = "#,##0", "0.00", "0.0"
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
STRUCTURE_NOTE = {
    "legacy": "đơn vị hành chính trước 1/7/2025 (tỉnh → huyện → xã)",
    "2025": "đơn vị hành chính từ 1/7/2025 (tỉnh → xã, không còn cấp huyện)",
}
FIRST_DATA_ROW = 7  # rows 1–4 title, 5–6 headers


def half_up(value, places: int = 2) -> float | None:
    """Round half away from zero as people do by hand (not Python's banker's rounding).

    >>> half_up(1.005), half_up(11.7771), half_up(44.26, 1), half_up(None)
    (1.01, 11.78, 44.3, None)
    """
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def put(sheet: Worksheet, row: int, col: int, value, number_format: str | None = None, bold: bool = False,
        header: bool = False):
    """Write one cell in the tables' style. Text is always stored as text: a name beginning with = + - @ never
    becomes a formula."""
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font = Font(name=FONT, size=11, bold=bold or header)
    cell.border = BORDER
    if header:
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    elif isinstance(value, str):
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    if number_format:
        cell.number_format = number_format
    return cell


def header(sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, text: str) -> None:
    for r in range(first_row, last_row + 1):
        for c in range(first_col, last_col + 1):
            put(sheet, r, c, None, header=True)
    put(sheet, first_row, first_col, text, header=True)
    if (first_row, first_col) != (last_row, last_col):
        sheet.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)


def title_block(sheet: Worksheet, lines: list[str], width: int) -> None:
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.data_type = "s"
        cell.font = Font(name=FONT, size=13 if row <= 2 else 11, bold=row <= 2, italic=row > 2)
        cell.alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def page_setup(sheet: Worksheet, header_rows: str, freeze: str) -> None:
    sheet.freeze_panes = freeze
    sheet.print_title_rows = header_rows
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _rows(con, sql: str, params: list) -> list[dict]:
    return con.sql(sql, params=params).pl().to_dicts()


# (key in the row, header, number format, decimals) for the value columns of Phụ lục 1 and 2
def _poverty_columns(prefix: str, label: str, rate_label: str, reduction_label: str, reduced_label: str):
    result = [(f"{prefix}poor_households", label, COUNT, 0), (f"{prefix}poverty_rate_pct", rate_label, RATE, 2),
              (f"previous_{prefix}rate_reduction_pp", reduction_label, RATE, 2)]
    plan = [(f"target_{prefix}poor_households", label, COUNT, 0), (f"target_{prefix}poverty_rate_pct", rate_label, RATE, 2),
            (f"target_{prefix}rate_reduction_pp", reduction_label, RATE, 2), (f"target_{prefix}poor_reduction", reduced_label, COUNT, 0)]
    return result, plan


def write_poverty_sheet(book: Workbook, name: str, titles: list[str], period: str, target: str, units: list[dict],
                        total: dict, total_label: str, columns) -> Worksheet:
    """Phụ lục 1 or 2: one row per commune, the period's result and the next period's plan, and the area's total."""
    result, plan = columns
    sheet = book.create_sheet(name)
    width = 2 + len(result) + len(plan)
    title_block(sheet, titles, width)
    header(sheet, 5, 1, 6, 1, "TT")
    header(sheet, 5, 2, 6, 2, "Tên xã, phường, thị trấn")
    header(sheet, 5, 3, 5, 2 + len(result), f"Thực hiện {period_label_vi(period)}")
    header(sheet, 5, 3 + len(result), 5, width, f"Kế hoạch {period_label_vi(target)}")
    for col, (_, label, _, _) in enumerate(result + plan, start=3):
        header(sheet, 6, col, 6, col, label)
    for index, row in enumerate([*units, total]):
        r = FIRST_DATA_ROW + index
        is_total = row is total
        put(sheet, r, 1, None if is_total else index + 1, bold=is_total)
        put(sheet, r, 2, total_label if is_total else row["commune_name"], bold=is_total)
        for col, (key, _, number_format, places) in enumerate(result + plan, start=3):
            value = row.get(key)
            put(sheet, r, col, half_up(value, places) if places else value, number_format, bold=is_total)
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 26
    for col in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 13
    page_setup(sheet, "5:6", f"C{FIRST_DATA_ROW}")
    return sheet


def write_deprivation_sheet(book: Workbook, titles: list[str], period: str, target: str, units: list[dict],
                            indicators: dict[str, list[dict]], total: dict, total_label: str) -> Worksheet:
    """Phụ lục 3: three rows per commune (result, plan, fall), deprived households and rate per indicator."""
    sheet = book.create_sheet("Phụ lục 3")
    codes = [(i["indicator_code"], i["indicator_label_vi"]) for i in indicators[total["key"]]]
    width = 5 + 2 * len(codes)
    title_block(sheet, titles, width)
    for col, text in enumerate(("STT", "Xã, phường, thị trấn", "Năm", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)"), start=1):
        header(sheet, 4, col, 6, col, text)
    header(sheet, 4, 6, 4, width, "Phân loại số hộ thiếu hụt các dịch vụ xã hội cơ bản")
    for n, (_, label) in enumerate(codes):
        col = 6 + 2 * n
        header(sheet, 5, col, 5, col + 1, label)
        header(sheet, 6, col, 6, col, "Số hộ thiếu hụt")
        header(sheet, 6, col + 1, 6, col + 1, "Tỷ lệ thiếu hụt (%)")
    kinds = (
        (f"Thực hiện {period_label_vi(period)}", "poor_households", "poverty_rate_pct", "deprived_households", "deprivation_rate_pct"),
        (f"Kế hoạch {period_label_vi(target)}", "target_poor_households", "target_poverty_rate_pct",
         "target_deprived_households", "target_deprivation_rate_pct"),
        ("Số hộ và tỷ lệ giảm", "target_poor_reduction", "target_rate_reduction_pp",
         "target_deprived_reduction", "target_deprivation_rate_reduction_pp"),
    )
    for index, unit in enumerate([*units, total]):
        first = FIRST_DATA_ROW + 3 * index
        is_total = unit is total
        by_code = {i["indicator_code"]: i for i in indicators[unit["key"]]}
        for offset, (label, poor, rate, deprived, deprived_rate) in enumerate(kinds):
            r = first + offset
            put(sheet, r, 1, None if is_total or offset else index + 1, bold=is_total)
            put(sheet, r, 2, (total_label if is_total else unit["commune_name"]) if not offset else None, bold=is_total)
            put(sheet, r, 3, label, bold=is_total)
            put(sheet, r, 4, unit.get(poor), COUNT, bold=is_total)
            put(sheet, r, 5, half_up(unit.get(rate)), RATE, bold=is_total)
            for n, (code, _) in enumerate(codes):
                indicator = by_code.get(code, {})
                put(sheet, r, 6 + 2 * n, indicator.get(deprived), COUNT, bold=is_total)
                put(sheet, r, 7 + 2 * n, half_up(indicator.get(deprived_rate), 1), RATE_1, bold=is_total)
        for col in (1, 2):
            sheet.merge_cells(start_row=first, start_column=col, end_row=first + 2, end_column=col)
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 20
    for col in range(4, width + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 10
    page_setup(sheet, "4:6", f"D{FIRST_DATA_ROW}")
    return sheet


def _areas(con, period: str, level: str) -> list[dict]:
    return _rows(con, """select a.*, p.rate_reduction_pp as previous_rate_reduction_pp,
                                e.em_rate_reduction_pp as previous_em_rate_reduction_pp
                         from marts.plan_vs_result_by_area a
                         left join (select period, province_code, district_code, rate_reduction_pp from marts.poverty_by_district
                                    union all
                                    select period, province_code, null, rate_reduction_pp from marts.poverty_by_province) p
                           on p.period = a.period and p.province_code = a.province_code
                              and p.district_code is not distinct from a.district_code
                         left join (select period, province_code, district_code, em_rate_reduction_pp
                                    from marts.ethnic_minority_by_district) e
                           on e.period = a.period and e.district_code = a.district_code
                         where a.period = ? and a.area_level = ?
                         order by a.province_code, a.district_code""", [period, level])


def _communes(con, period: str, area: dict) -> list[dict]:
    return _rows(con, """select v.*, p.rate_reduction_pp as previous_rate_reduction_pp,
                                e.em_rate_reduction_pp as previous_em_rate_reduction_pp
                         from marts.plan_vs_result_by_commune v
                         join marts.poverty_by_commune p using (period, commune_code)
                         join marts.ethnic_minority_by_commune e using (period, commune_code)
                         where v.period = ? and v.province_code = ?
                           and v.district_code is not distinct from ?
                         order by v.commune_code""", [period, area["province_code"], area.get("district_code")])


def _indicators(con, period: str, area: dict, communes: list[dict]) -> dict[str, list[dict]]:
    rows = _rows(con, """select * from marts.deprivation_plan_vs_result_by_commune
                         where period = ? and province_code = ? and district_code is not distinct from ?
                         order by indicator_position""", [period, area["province_code"], area.get("district_code")])
    level = "district" if area.get("district_code") else "province"
    totals = _rows(con, """select * from marts.deprivation_plan_vs_result_by_area
                           where period = ? and area_level = ? and province_code = ?
                             and district_code is not distinct from ?
                           order by indicator_position""", [period, level, area["province_code"], area.get("district_code")])
    by_key = {c["commune_code"]: [r for r in rows if r["commune_code"] == c["commune_code"]] for c in communes}
    by_key["total"] = totals
    return by_key


def write_area_workbook(con, period: str, area: dict, path: Path) -> Path:
    structure = unit_structure(period)
    target = area["target_period"]
    place = ", ".join(p for p in (area.get("district_name"), area["province_name"]) if p)
    where = f"{place} · {STRUCTURE_NOTE[structure]}"
    total_label = "Toàn huyện" if area.get("district_code") else "Toàn tỉnh"
    communes = _communes(con, period, area)
    for commune in communes:
        commune["key"] = commune["commune_code"]
    total = {**area, "key": "total"}
    book = Workbook()
    book.remove(book.active)
    write_poverty_sheet(
        book, "Phụ lục 1", ["PHỤ LỤC 1", f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO {period_label_vi(target).upper()}", where, ""],
        period, target, communes, total, total_label,
        _poverty_columns("", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Mức giảm tỷ lệ hộ nghèo (%)", "Số hộ nghèo giảm"))
    write_poverty_sheet(
        book, "Phụ lục 2",
        ["PHỤ LỤC 2", f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO ĐỒNG BÀO DTTS {period_label_vi(target).upper()}", where, ""],
        period, target, communes, total, total_label,
        _poverty_columns("em_", "Số hộ nghèo DTTS", "Tỷ lệ hộ nghèo DTTS so với dân cư DTTS (%)",
                         "Mức giảm tỷ lệ hộ nghèo trong đồng bào DTTS (%)", "Số hộ nghèo DTTS giảm"))
    write_deprivation_sheet(
        book, [f"PHỤ LỤC 3. KẾ HOẠCH GIẢM CÁC CHỈ SỐ CỦA HỘ NGHÈO TRONG TIẾP CẬN CÁC DỊCH VỤ XÃ HỘI "
               f"{period_label_vi(target).upper()}", "", where],
        period, target, communes, _indicators(con, period, area, communes), total, total_label)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def export_parquet(con, period: str, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    tables = [r[0] for r in con.sql("select table_name from information_schema.tables "
                                    "where table_schema = 'marts' order by table_name").fetchall()]
    paths = []
    for table in tables:
        path = directory / f"{table}.parquet"
        # COPY takes no parameters; the period was validated against PERIOD_PATTERN, so it is safe to inline.
        con.execute(f"copy (select * from marts.{table} where period = '{period}') to '{path}' (format parquet)")
        paths.append(path)
    return paths


def publish_period(con: duckdb.DuckDBPyConnection, period: str, out_dir: Path) -> dict[str, list[Path]]:
    """Write ``out_dir/<period>/tong-hop-<area>-<period>.xlsx`` for each district (or, after the reform, province)
    with figures for the period, and ``out_dir/<period>/parquet/<mart>.parquet``."""
    if not re.fullmatch(r"\d{4}(-H1)?", period):
        raise ValueError(f"kỳ không hợp lệ / invalid period {period!r}")
    level = "district" if unit_structure(period) == "legacy" else "province"
    areas = _areas(con, period, level)
    if not areas:
        raise ValueError(f"không có số liệu kỳ {period} trong kho / no figures for period {period} in the warehouse")
    directory = Path(out_dir) / period
    workbooks = []
    for area in areas:
        name = fold(area.get("district_name") or area["province_name"]).replace(" ", "-")
        workbooks.append(write_area_workbook(con, period, area, directory / f"tong-hop-{name}-{period}.xlsx"))
    return {"workbooks": workbooks, "parquet": export_parquet(con, period, directory / "parquet")}
