"""The published workbook's charts: native Excel charts (xlsxwriter's), so that Excel and LibreOffice open and print
them without an add-in. One sheet, one chart to an A4 page: the poverty rate by commune against the area's, the
plan against the result, ethnic-minority households against all, and the area's rate over the periods the
warehouse holds. The figures they are drawn from follow them on the sheet, so that a reader can check a bar
against its number."""

import xlsxwriter

from publish.area import counted
from publish.cells import ROW_PT, PageMarks, half_up, print_on_a4_xlsxwriter, wrapped_height, write_text
from vocabulary.labels import SYNTHETIC_BANNER, SYNTHETIC_MARK, both, in_print
from vocabulary.periods import period_label_vi

SHEET = "Biểu đồ"
ROWS_PER_PAGE = 32  # of the default 15-point rows, on A4 across within the margins
CHART_SIZE = {"width": 620, "height": 460}  # px: within the table's columns A–F, which fit a page across
FONT = {"name": "Times New Roman", "size": 10}
# the table under the charts: (heading, its English, key of the unit's figures, rate or count)
COLUMNS = (
    ("Xã", "Commune", None, None),
    ("Tỷ lệ hộ nghèo (%)", "poverty rate", "poverty_rate_pct", 2),
    ("Tỷ lệ toàn địa bàn (%)", "the area's rate", "area_rate", 2),
    ("Hộ nghèo", "poor households", "poor_households", 0),
    ("Kế hoạch hộ nghèo", "planned poor", "target_poor_households", 0),
    ("Tỷ lệ hộ nghèo DTTS (%)", "ethnic-minority rate", "em_poverty_rate_pct", 2),
)
WIDTHS = (22, 14)  # the names' column, the others


def _chart(book: xlsxwriter.Workbook, kind: str, title: str, axis: str, synthetic: bool,
           bilingual: bool = False) -> xlsxwriter.chart.Chart:
    """A chart titled (a made-up period's marked), its value axis from 0: a count or a rate drawn from elsewhere
    would make a small difference look large."""
    chart = book.add_chart({"type": kind})
    title = f"{title}\n{in_print(SYNTHETIC_BANNER, bilingual)}" if synthetic else title
    chart.set_title({"name": title, "name_font": {**FONT, "size": 13, "bold": True}})
    chart.set_x_axis({"num_font": {**FONT, "rotation": -45}})
    chart.set_y_axis({"name": axis, "name_font": FONT, "num_font": FONT, "major_gridlines": {"visible": True},
                      "min": 0})
    chart.set_legend({"position": "bottom", "font": FONT})
    chart.set_size(CHART_SIZE)
    return chart


def write_chart_sheet(book: xlsxwriter.Workbook, area_name: str, period: str, target: str, units: list,
                      history: list[dict], synthetic: bool = False, marks: PageMarks | None = None,
                      bilingual: bool = False) -> None:
    """``units`` as the Phụ lục sheets have them (the communes, then the area's total; a commune without figures
    is not drawn); ``history``: the area's poverty rate in each period the warehouse holds, oldest first;
    ``synthetic``: the period's figures are made up, and every chart's title says so (as a made-up period of the
    history does on its label); ``marks`` in every page's margins; the table's headings in English too when
    ``bilingual``."""
    sheet = book.add_worksheet(SHEET)
    communes = counted(units)
    total = units[-1][2]
    bold = book.add_format({"bold": True, "font_name": FONT["name"], "text_wrap": True, "border": 1,
                            "valign": "vcenter"})
    cell = {places: book.add_format({"font_name": FONT["name"], "border": 1,
                                     "num_format": "#,##0" if not places else "0.00"}) for places in (0, 2)}
    text = book.add_format({"font_name": FONT["name"], "border": 1})
    charts = 4 if len(history) > 1 else 3
    table = charts * ROWS_PER_PAGE  # the data starts on the page after the charts
    headings = [both(vi, en, bilingual) for vi, en, _, _ in COLUMNS]
    for col, heading in enumerate(headings):
        write_text(sheet, table, col, heading, bold)
    # as tall as its longest heading wrapped: a fixed height would print the rest over the row below
    sheet.set_row(table, max(wrapped_height(h, 11, WIDTHS[min(col, 1)]) for col, h in enumerate(headings)))
    for row, figures in enumerate(communes, start=table + 1):
        write_text(sheet, row, 0, figures["commune_name"], text)
        for col, (_, _, key, places) in enumerate(COLUMNS[1:], start=1):
            value = total["poverty_rate_pct"] if key == "area_rate" else figures[key]
            sheet.write(row, col, half_up(value, places) if places and value is not None else value, cell[places])
    last = table + len(communes)
    history_row = last + 2
    history_headings = [both("Kỳ", "period", bilingual), f"Tỷ lệ hộ nghèo {area_name} (%)"]
    for col, heading in enumerate(history_headings):
        write_text(sheet, history_row, col, heading, bold)
    sheet.set_row(history_row, max(ROW_PT, *(wrapped_height(h, 11, WIDTHS[col])
                                             for col, h in enumerate(history_headings))))
    for row, past in enumerate(history, start=history_row + 1):
        mark = f" ({in_print(SYNTHETIC_MARK, bilingual)})" if past["is_synthetic"] else ""
        write_text(sheet, row, 0, period_label_vi(past["period"]) + mark, text)
        sheet.write(row, 1, half_up(past["poverty_rate_pct"], 2), cell[2])
    sheet.set_column(0, 0, WIDTHS[0])
    sheet.set_column(1, len(COLUMNS) - 1, WIDTHS[1])

    def series(col: int, name: str, **style) -> dict:
        return {"name": name, "categories": [SHEET, table + 1, 0, last, 0],
                "values": [SHEET, table + 1, col, last, col], **style}

    rates = _chart(book, "column", f"Tỷ lệ hộ nghèo theo xã, {period_label_vi(period)} – {area_name}", "%",
                   synthetic, bilingual)
    rates.add_series(series(1, "Tỷ lệ hộ nghèo của xã", fill={"color": "#4472C4"}))
    area_line = book.add_chart({"type": "line"})
    area_line.add_series(series(2, f"Tỷ lệ toàn {area_name}", line={"color": "#C00000", "width": 2.25}))
    rates.combine(area_line)
    plan = _chart(book, "column", f"Hộ nghèo: thực hiện {period_label_vi(period)} và kế hoạch "
                                  f"{period_label_vi(target)}", both("hộ", "households", bilingual), synthetic,
                  bilingual)
    plan.add_series(series(3, f"Thực hiện {period_label_vi(period)}", fill={"color": "#4472C4"}))
    plan.add_series(series(4, f"Kế hoạch {period_label_vi(target)}", fill={"color": "#ED7D31"}))
    ethnic = _chart(book, "column", f"Tỷ lệ hộ nghèo chung và trong đồng bào DTTS, {period_label_vi(period)}", "%",
                    synthetic, bilingual)
    ethnic.add_series(series(1, "Tất cả các hộ", fill={"color": "#4472C4"}))
    ethnic.add_series(series(5, "Hộ DTTS", fill={"color": "#70AD47"}))
    drawn = [rates, plan, ethnic]
    if len(history) > 1:
        years = _chart(book, "line", f"Tỷ lệ hộ nghèo {area_name} qua các kỳ", "%",
                       any(past["is_synthetic"] for past in history), bilingual)
        years.add_series({"name": f"Tỷ lệ hộ nghèo {area_name}", "marker": {"type": "circle"},
                          "categories": [SHEET, history_row + 1, 0, history_row + len(history), 0],
                          "values": [SHEET, history_row + 1, 1, history_row + len(history), 1],
                          "data_labels": {"value": True, "font": FONT, "position": "above"}})
        # its points are labelled with their values: no gridline runs through a label
        years.set_y_axis({"name": "%", "name_font": FONT, "num_font": FONT, "major_gridlines": {"visible": False},
                          "min": 0})
        drawn.append(years)
    for page, chart in enumerate(drawn):
        sheet.insert_chart(page * ROWS_PER_PAGE, 0, chart, {"x_offset": 4, "y_offset": 4})
    sheet.set_h_pagebreaks([page * ROWS_PER_PAGE for page in range(1, charts + 1)])
    print_on_a4_xlsxwriter(sheet, 100, marks=marks)  # a fixed scale: fitting to a page would ignore the breaks between charts
