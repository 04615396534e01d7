"""The period report for people without Excel: one static HTML file per published area and period, with the
workbook's tables and charts (as SVG), its warnings, and which communes reported and where their figures come from.
Everything is in the file (styles, charts, no script, no font, no image to fetch), so it opens on a machine without
internet, and it prints on A4."""

import os
from pathlib import Path

from publish.area import (
    absent,
    appendix_number,
    appendix_title,
    attached_line,
    counted,
    is_synthetic,
    notes,
    place,
    planned,
    status_of,
    structure_note,
    units,
    worded_warnings,
)
from publish.svg import BLUE, GREEN, ORANGE, RED, bar_chart, line_chart
from vocabulary.escape import for_html
from vocabulary.labels import (
    FIGURES_SOURCE,
    SUBMISSION_STATUS,
    SYNTHETIC_BANNER,
    SYNTHETIC_MARK,
    WITHDRAWAL_KINDS,
    both,
    in_print,
)
from vocabulary.periods import period_label_vi
from vocabulary.profile import Profile, load_profile
from vocabulary.text import vn_number

STYLE = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Times New Roman", serif; font-size: 11pt; color: #000; max-width: 186mm; margin: auto; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 2pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; break-after: avoid; }
p.where { text-align: center; font-style: italic; margin: 0 0 6pt; }
p.note { color: #C00000; font-weight: bold; text-align: center; border: 1.5pt solid #C00000; padding: 4pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin-bottom: 6pt; }
th, td { border: 0.5pt solid #555; padding: 2pt 4pt; vertical-align: top; }
th { background: #DDEBF7; font-weight: bold; text-align: center; }
td.n { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
figure { margin: 0 0 8pt; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
.absent td { font-weight: bold; }
footer { font-size: 9pt; color: #444; margin-top: 12pt; }
h2.appendix { text-align: center; font-size: 14pt; margin-bottom: 2pt; }
p.appendix-title { text-align: center; font-weight: bold; font-size: 13pt; margin: 0; white-space: pre-line; }
p.attached { text-align: center; font-style: italic; font-size: 13pt; margin: 2pt 0 2pt; }
hr.rule { width: 30%; border: 0; border-top: 0.75pt solid #000; margin: 2pt auto 8pt; }
td.status { font-style: italic; text-align: center; }
/* A made-up period's mark on every printed page: the head of a table that holds the whole page, which Chromium
   repeats at the top of each page it breaks it across (it draws no @page margin boxes, and an element fixed in
   print lands over the content). */
table.running { border-collapse: collapse; width: 100%; font-size: 11pt; margin: 0; }
table.running > thead > tr > th, table.running > tbody > tr > td { border: 0; padding: 0; background: none; }
th.mark { color: #C00000; font-weight: bold; text-align: center; font-size: 10pt; padding-bottom: 4pt; }
"""


def _cell(value, places: int | None = None) -> str:
    if places is None:
        return f"<td>{for_html(value)}</td>"
    return f'<td class="n">{vn_number(value, places)}</td>'


def _figure(figures: dict, key: str, places: int) -> str:
    """A figure's cell, a plan's that is empty marked as the workbook marks it."""
    shown = planned(key, figures[key])
    return f'<td class="n">{for_html(shown)}</td>' if isinstance(shown, str) else _cell(shown, places)


def _table(headings: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{for_html(h)}</th>" for h in headings)
    body = "".join(f'<tr class="{c}">{"".join(r)}</tr>' if c else f"<tr>{''.join(r)}</tr>"
                   for r, c in zip(rows, classes or [""] * len(rows)))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _poverty_table(shown: list, prefix: str, period: str, target: str, bilingual: bool) -> str:
    headings = ["STT", both("Xã", "Commune", bilingual), "Số hộ" if not prefix else "Số hộ DTTS", "Hộ nghèo",
                "Tỷ lệ (%)", f"Kế hoạch {period_label_vi(target)}: hộ nghèo", "Kế hoạch: tỷ lệ (%)",
                "Mức giảm KH (điểm %)"]
    total = "total_households" if not prefix else "em_households"
    rows = []
    for number, name, f in shown:
        status = status_of(f, bilingual)
        if status:  # a commune not counted: its status across the figures
            rows.append([_cell(number), _cell(name),
                         f'<td class="status" colspan="{len(headings) - 2}">{for_html(status)} – chưa có số liệu</td>'])
            continue
        rows.append([_cell(number or ""), _cell(name), _cell(f[total], 0), _cell(f[f"{prefix}poor_households"], 0),
                     _cell(f[f"{prefix}poverty_rate_pct"], 2), _figure(f, f"target_{prefix}poor_households", 0),
                     _figure(f, f"target_{prefix}poverty_rate_pct", 2),
                     _figure(f, f"target_{prefix}rate_reduction_pp", 2)])
    return _table(headings, rows, ["total" if number is None else "absent" if status_of(f, bilingual) else ""
                                   for number, _, f in shown])


def _deprivation_table(area_indicators: list[dict], target: str, bilingual: bool) -> str:
    headings = [both("Chỉ số", "Indicator", bilingual), "Hộ nghèo thiếu hụt", "Tỷ lệ (%)", f"Kế hoạch {period_label_vi(target)}",
                "Kế hoạch: tỷ lệ (%)"]
    rows = [[_cell(f"{i['dimension_label_vi']}: {i['indicator_label_vi']}"), _cell(i["deprived_households"], 0),
             _cell(i["deprivation_rate_pct"], 2), _figure(i, "target_deprived_households", 0),
             _figure(i, "target_deprivation_rate_pct", 2)] for i in area_indicators]
    return _table(headings, rows)


def _charts(area_name: str, period: str, target: str, shown: list, history: list[dict],
            bilingual: bool) -> list[str]:
    communes = counted(shown)
    names = [f["commune_name"] for f in communes]
    total = shown[-1][2]
    label = period_label_vi(period)
    charts = [
        bar_chart(f"Tỷ lệ hộ nghèo theo xã, {label} – {area_name} (%)", names,
                  [("Tỷ lệ hộ nghèo của xã", [f["poverty_rate_pct"] for f in communes], BLUE)],
                  (f"Tỷ lệ toàn {area_name}", total["poverty_rate_pct"], RED), decimals=2),
        bar_chart(f"Hộ nghèo: thực hiện {label} và kế hoạch {period_label_vi(target)}", names,
                  [(f"Thực hiện {label}", [f["poor_households"] for f in communes], BLUE),
                   (f"Kế hoạch {period_label_vi(target)}", [f["target_poor_households"] for f in communes], ORANGE)]),
        bar_chart(f"Tỷ lệ hộ nghèo chung và trong đồng bào DTTS, {label} (%)", names,
                  [("Tất cả các hộ", [f["poverty_rate_pct"] for f in communes], BLUE),
                   ("Hộ DTTS", [f["em_poverty_rate_pct"] for f in communes], GREEN)], decimals=2),
    ]
    if len(history) > 1:
        periods = [period_label_vi(p["period"]) + (f" ({in_print(SYNTHETIC_MARK, bilingual)})"
                                                    if p["is_synthetic"] else "")
                   for p in history]
        charts.append(line_chart(f"Tỷ lệ hộ nghèo {area_name} qua các kỳ (%)", periods,
                                 [p["poverty_rate_pct"] for p in history], f"Tỷ lệ hộ nghèo {area_name}"))
    return [f"<figure>{chart}</figure>" for chart in charts]


def _warnings(tables: dict, bilingual: bool) -> str:
    rows = [[_cell(w["commune_name"]), _cell(w["file_name"]), _cell(f"{w['sheet']}!{w['cell']}"),
             _cell(both(w["message_vi"], w["message_en"], bilingual))] for w in worded_warnings(tables["warnings"])]
    if not rows:
        return f"<p>{both('Không có cảnh báo', 'no warnings', bilingual)}.</p>"
    return _table([both("Xã", "Commune", bilingual), both("Tệp", "File", bilingual), both("Ô", "Cell", bilingual),
                   both("Cần xác nhận", "to confirm", bilingual)], rows)


def _completeness(tables: dict, bilingual: bool) -> str:
    communes = tables["completeness"]
    rows = [[_cell(n), _cell(c["commune_name"]), _cell(c["commune_code"]),
             _cell(in_print(SUBMISSION_STATUS[c["submission_status"]], bilingual)),
             _cell(f"{c['first_received_at']:%d/%m/%Y}" if c["first_received_at"] else ""),
             _cell(in_print(FIGURES_SOURCE.get(c["figures_source"], ""), bilingual))]
            for n, c in enumerate(communes, start=1)]
    missing = {c["commune_code"] for c in absent(tables)}
    html = _table(["STT", both("Xã", "Commune", bilingual), both("Mã", "Code", bilingual),
                   both("Tình hình", "Status", bilingual), both("Ngày nhận", "Received", bilingual),
                   both("Số liệu từ", "Figures from", bilingual)], rows,
                  ["absent" if c["commune_code"] in missing else "" for c in communes])
    if tables["withdrawals"]:
        gone = [[_cell(w["commune_name"]), _cell(w["file_name"]),
                 _cell(in_print(WITHDRAWAL_KINDS[w["kind"]], bilingual) + (f": {w['reason']}" if w["reason"] else ""))]
                for w in tables["withdrawals"]]
        html += f"<h2>{both('Tệp không còn được tính', 'files no longer counted', bilingual)}</h2>" + _table(
            [both("Xã", "Commune", bilingual), both("Tệp", "File", bilingual), both("Vì sao", "Why", bilingual)],
            gone)
    return html


def _appendix(number: int, title: str, area: dict, period: str, profile: Profile, table: str) -> str:
    """An appendix as Nghị định 30/2020 heads it: 'Phụ lục I', its title, the '(Kèm theo …)' line, a short rule."""
    return (f'<h2 class="appendix">{appendix_number(number)}</h2>'
            f'<p class="appendix-title">{for_html(appendix_title(title, area, period))}</p>'
            f'<p class="attached">{for_html(attached_line(profile))}</p><hr class="rule">{table}')


def write_area_report(period: str, area: dict, level: str, tables: dict[str, list[dict]], path: Path,
                      profile: Profile | None = None) -> Path:
    """One area's HTML report from its rows of the workbook's tables (publish.workbooks.AREA_TABLES), as the
    district ``profile`` issues it: its appendices headed as Nghị định 30/2020 sets them, in the profile's
    language, a made-up period marked at the top of every printed page."""
    profile = profile or load_profile()
    bilingual = profile.bilingual
    target = area["target_period"]
    area_name = area.get("district_name") or area["province_name"]
    shown = units(area, tables, level)
    said = "".join(f'<p class="note">{for_html(note)}</p>' for note in notes(period, tables, bilingual))
    synthetic = is_synthetic(period, tables)
    mark = (f'<table class="running"><thead><tr><th class="mark">{for_html(in_print(SYNTHETIC_BANNER, bilingual))}'
            '</th></tr></thead><tbody><tr><td>') if synthetic else ""
    title = f"Báo cáo giảm nghèo {period_label_vi(period)} – {area_name}"
    plan_year = period_label_vi(target).upper()
    note = structure_note(period)
    where = place(area) + (f" — {note}" if note else "")
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{for_html(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body>
{mark}
<h1>{for_html(title.upper())}</h1>
<p class="where">{for_html(where)}</p>
{said}
<h2>{both("Biểu đồ", "charts", bilingual)}</h2>
{"".join(_charts(area_name, period, target, shown, tables["history"], bilingual))}
{_appendix(1, f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO {plan_year}", area, period, profile,
           _poverty_table(shown, "", period, target, bilingual))}
{_appendix(2, f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO ĐỒNG BÀO DTTS {plan_year}", area, period, profile,
           _poverty_table(shown, "em_", period, target, bilingual))}
{_appendix(3, f"KẾ HOẠCH GIẢM CÁC CHỈ SỐ CỦA HỘ NGHÈO TRONG TIẾP CẬN CÁC DỊCH VỤ XÃ HỘI {plan_year}", area, period,
           profile, _deprivation_table(tables["totals"], target, bilingual))}
<h2>{both("Cảnh báo", "warnings", bilingual)}</h2>
{_warnings(tables, bilingual)}
<h2>{both("Tình hình nộp báo cáo", "which communes reported", bilingual)}</h2>
{_completeness(tables, bilingual)}
<footer>giamngheo · {for_html(title)}{" · " + for_html(in_print(SYNTHETIC_MARK, bilingual)) if synthetic else ""}</footer>
{"</td></tr></tbody></table>" if synthetic else ""}
</body></html>
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, path)
    return path
