"""The period report for people without Excel: one static HTML file per published area and period, with the
workbook's tables and charts (as SVG), its warnings, and which communes reported and where their figures come from.
Everything is in the file (styles, charts, no script, no font, no image to fetch), so it opens on a machine without
internet, and it prints on A4."""

import os
from pathlib import Path

from publish.area import absent, is_synthetic, notes, place, planned, units, worded_warnings
from publish.svg import BLUE, GREEN, ORANGE, RED, bar_chart, line_chart
from vocabulary.escape import for_html
from vocabulary.labels import FIGURES_SOURCE, SUBMISSION_STATUS, SYNTHETIC_MARK, WITHDRAWAL_KINDS
from vocabulary.periods import period_label_vi
from vocabulary.profile import Profile
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


def _poverty_table(shown: list, prefix: str, period: str, target: str) -> str:
    headings = ["STT", "Xã / Commune", "Số hộ" if not prefix else "Số hộ DTTS", "Hộ nghèo", "Tỷ lệ (%)",
                f"Kế hoạch {period_label_vi(target)}: hộ nghèo", "Kế hoạch: tỷ lệ (%)", "Mức giảm KH (điểm %)"]
    total = "total_households" if not prefix else "em_households"
    rows = [[_cell(number or ""), _cell(name), _cell(f[total], 0), _cell(f[f"{prefix}poor_households"], 0),
             _cell(f[f"{prefix}poverty_rate_pct"], 2), _figure(f, f"target_{prefix}poor_households", 0),
             _figure(f, f"target_{prefix}poverty_rate_pct", 2), _figure(f, f"target_{prefix}rate_reduction_pp", 2)]
            for number, name, f in shown]
    return _table(headings, rows, ["total" if number is None else "" for number, _, _ in shown])


def _deprivation_table(area_indicators: list[dict], target: str) -> str:
    headings = ["Chỉ số / Indicator", "Hộ nghèo thiếu hụt", "Tỷ lệ (%)", f"Kế hoạch {period_label_vi(target)}",
                "Kế hoạch: tỷ lệ (%)"]
    rows = [[_cell(f"{i['dimension_label_vi']}: {i['indicator_label_vi']}"), _cell(i["deprived_households"], 0),
             _cell(i["deprivation_rate_pct"], 2), _figure(i, "target_deprived_households", 0),
             _figure(i, "target_deprivation_rate_pct", 2)] for i in area_indicators]
    return _table(headings, rows)


def _charts(area_name: str, period: str, target: str, shown: list, history: list[dict]) -> list[str]:
    communes = [f for number, _, f in shown if number is not None]
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
        periods = [period_label_vi(p["period"]) + (f" ({SYNTHETIC_MARK})" if p["is_synthetic"] else "")
                   for p in history]
        charts.append(line_chart(f"Tỷ lệ hộ nghèo {area_name} qua các kỳ (%)", periods,
                                 [p["poverty_rate_pct"] for p in history], f"Tỷ lệ hộ nghèo {area_name}"))
    return [f"<figure>{chart}</figure>" for chart in charts]


def _warnings(tables: dict) -> str:
    rows = [[_cell(w["commune_name"]), _cell(w["file_name"]), _cell(f"{w['sheet']}!{w['cell']}"),
             _cell(f"{w['message_vi']} / {w['message_en']}")] for w in worded_warnings(tables["warnings"])]
    if not rows:
        return "<p>Không có cảnh báo / no warnings.</p>"
    return _table(["Xã / Commune", "Tệp / File", "Ô / Cell", "Cần xác nhận / to confirm"], rows)


def _completeness(tables: dict) -> str:
    communes = tables["completeness"]
    rows = [[_cell(n), _cell(c["commune_name"]), _cell(c["commune_code"]), _cell(SUBMISSION_STATUS[c["submission_status"]]),
             _cell(f"{c['first_received_at']:%d/%m/%Y}" if c["first_received_at"] else ""),
             _cell(FIGURES_SOURCE.get(c["figures_source"], ""))] for n, c in enumerate(communes, start=1)]
    missing = {c["commune_code"] for c in absent(tables)}
    html = _table(["STT", "Xã / Commune", "Mã / Code", "Tình hình / Status", "Ngày nhận / Received",
                   "Số liệu từ / Figures from"], rows,
                  ["absent" if c["commune_code"] in missing else "" for c in communes])
    if tables["withdrawals"]:
        gone = [[_cell(w["commune_name"]), _cell(w["file_name"]),
                 _cell(WITHDRAWAL_KINDS[w["kind"]] + (f": {w['reason']}" if w["reason"] else ""))]
                for w in tables["withdrawals"]]
        html += "<h2>Tệp không còn được tính / files no longer counted</h2>" + _table(
            ["Xã / Commune", "Tệp / File", "Vì sao / Why"], gone)
    return html


def write_area_report(period: str, area: dict, level: str, tables: dict[str, list[dict]], path: Path,
                      profile: Profile | None = None) -> Path:
    """One area's HTML report from its rows of the workbook's tables (publish.workbooks.AREA_TABLES), as the
    district ``profile`` issues it."""
    target = area["target_period"]
    area_name = area.get("district_name") or area["province_name"]
    shown = units(area, tables, level)
    said = "".join(f'<p class="note">{for_html(note)}</p>' for note in notes(period, tables))
    title = f"Báo cáo giảm nghèo {period_label_vi(period)} – {area_name}"
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{for_html(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body>
<h1>{for_html(title.upper())}</h1>
<p class="where">{for_html(place(area, period))}</p>
{said}
<h2>Biểu đồ / charts</h2>
{"".join(_charts(area_name, period, target, shown, tables["history"]))}
<h2>Phụ lục 1. Hộ nghèo / poor households</h2>
{_poverty_table(shown, "", period, target)}
<h2>Phụ lục 2. Hộ nghèo đồng bào DTTS / ethnic-minority poor households</h2>
{_poverty_table(shown, "em_", period, target)}
<h2>Phụ lục 3. Thiếu hụt dịch vụ xã hội cơ bản của hộ nghèo / deprivations of poor households ({for_html(area_name)})</h2>
{_deprivation_table(tables["totals"], target)}
<h2>Cảnh báo / warnings</h2>
{_warnings(tables)}
<h2>Tình hình nộp báo cáo / which communes reported</h2>
{_completeness(tables)}
<footer>giamngheo · {for_html(title)}{" · " + for_html(SYNTHETIC_MARK) if is_synthetic(period, tables) else ""}</footer>
</body></html>
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, path)
    return path
