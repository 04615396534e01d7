"""The official report (``publish.official.OfficialReport``) printed to PDF: the same page, type and elements as its
.docx (``publish.official_layout``), laid out from HTML and CSS paged media by WeasyPrint, in this process.

WeasyPrint was chosen on measurement (README, *The report an office signs*). In a pool of two processes on a
2-core machine, a report of the demo's size (14 communes, 12 pages) takes 0,83 s with WeasyPrint and as long with
LibreOffice converting the .docx (a LibreOffice started for each report); LibreOffice converting many at once is
faster (0,29 s a report) but needs a step after every area is written and LibreOffice Writer on every machine that
runs giamngheo; headless Chromium prints the HTML in 0,7 s but cannot number each appendix's pages on their own nor
leave their first page unnumbered (it has no ``:nth( of …)`` page selector). WeasyPrint runs in the process that
writes the area's workbook and needs Pango, which Debian machines have. The numbers are text made by
``vocabulary.text.vn_number`` before any renderer sees them, so the PDF prints ``2.342`` and ``11,78`` whatever
the machine's locale.

The font is Times New Roman where the machine has it and Liberation Serif (the same metrics) where it does not:
fontconfig gives Liberation Serif for "Times New Roman" on a Debian machine with ``fonts-liberation2``.
"""

import os
from html import escape
from pathlib import Path

from publish.official import KIND, MOTTO, Appendix, OfficialReport, Table
from publish.official_layout import (
    FONT,
    HEADER_DISTANCE,
    HEADER_SPLIT,
    LINE_SPACING,
    MARGINS,
    RULE_GAP,
    RULE_SHARE,
    SIGNATURE_SPACE,
    SIGNATURE_SPLIT,
    SIZES,
    text_width,
    text_width_mm,
)

FONTS = f'"{FONT}", "Liberation Serif", "Tinos", serif'
MARK_RED = "#C00000"
# The body's lines: the .docx sets them 1,15 lines apart, and Word's line of Times New Roman is 1,15 em (ascent,
# descent and line gap of the font), so CSS needs 1,15 × 1,15 em for the same page.
BODY_LINE = round(LINE_SPACING * 1.15, 3)


def _css(report: OfficialReport) -> str:
    margin = f"{MARGINS['top']}mm {MARGINS['right']}mm {MARGINS['bottom']}mm {MARGINS['left']}mm"
    # The page number in the top margin, HEADER_DISTANCE from the paper's edge as Word puts a header; none on the
    # first page of the report nor on the first of each appendix, whose pages are numbered on their own. The marks
    # (made-up or provisional figures) in the bottom margin of every page.
    number = (f"font: {SIZES['page']}pt {FONTS}; text-align: center; vertical-align: top; "
              f"padding-top: {HEADER_DISTANCE}mm;")
    marks = (f"@bottom-center {{ content: {_css_string(' · '.join(report.page_marks))}; color: {MARK_RED}; "
             f"font: bold {SIZES['mark']}pt {FONTS}; text-align: center; vertical-align: top; padding-top: 4mm; }}"
             if report.page_marks else "")
    return f"""
@page {{ size: A4; margin: {margin}; @top-center {{ content: counter(page); {number} }} {marks} }}
@page :first {{ @top-center {{ content: none; }} }}
@page portrait {{ size: A4; }}
@page landscape {{ size: A4 landscape; }}
@page :nth(1 of portrait), :nth(1 of landscape) {{ counter-reset: page 1; @top-center {{ content: none; }} }}
html {{ font-family: {FONTS}; font-size: {SIZES['body']}pt; color: #000; }}
body {{ margin: 0; }}
p {{ margin: 0; }}
.center {{ text-align: center; }}
.header, .signature {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
.header td, .signature td {{ vertical-align: top; text-align: center; padding: 0; }}
.header td.issuer {{ width: {HEADER_SPLIT * 100}%; }}
.parent {{ font-size: {SIZES['parent']}pt; }}
.issuing {{ font-size: {SIZES['issuer']}pt; font-weight: bold; }}
.motto {{ font-size: {SIZES['motto']}pt; font-weight: bold; }}
.slogan {{ font-size: {SIZES['slogan']}pt; font-weight: bold; }}
.rule {{ border-bottom: 0.75pt solid #000; margin: {RULE_GAP}pt auto 0; height: 0; }}
.appendix .rule {{ margin-bottom: 6pt; }}
.number {{ font-size: {SIZES['number']}pt; padding-top: 6pt !important; }}
.date {{ font-size: {SIZES['date']}pt; font-style: italic; padding-top: 6pt !important; }}
.kind {{ font-size: {SIZES['kind']}pt; font-weight: bold; text-align: center; margin-top: 18pt; }}
.subject {{ font-size: {SIZES['subject']}pt; font-weight: bold; text-align: center; }}
.subject-en {{ font-size: {SIZES['subject']}pt; font-style: italic; text-align: center; }}
.body {{ text-align: justify; text-indent: 12.7mm; margin-top: 6pt; line-height: {BODY_LINE}; }}
.heading {{ font-weight: bold; break-after: avoid; }}
.note {{ font-weight: bold; }}
.english {{ font-style: italic; }}
.signature {{ break-inside: avoid; margin-top: 12pt; }}
.signature td.to {{ width: {SIGNATURE_SPLIT * 100}%; text-align: left; }}
.to-label {{ font-size: {SIZES['to']}pt; font-weight: bold; font-style: italic; }}
.recipient {{ font-size: {SIZES['recipients']}pt; }}
.authority {{ font-size: {SIZES['authority']}pt; font-weight: bold; }}
.signer {{ font-size: {SIZES['signer']}pt; font-weight: bold; margin-top: {SIGNATURE_SPACE * 1.15 * SIZES['signer']}pt; }}
.appendix {{ break-before: page; }}
.appendix.portrait {{ page: portrait; }}
.appendix.landscape {{ page: landscape; }}
.appendix-number {{ font-size: {SIZES['appendix']}pt; font-weight: bold; text-align: center; }}
.appendix-title {{ font-size: {SIZES['appendix_title']}pt; font-weight: bold; text-align: center; }}
.reference {{ font-size: {SIZES['reference']}pt; font-style: italic; text-align: center; }}
.appendix-note {{ font-size: {SIZES['note']}pt; font-weight: bold; color: {MARK_RED}; text-align: center;
                  margin-bottom: 4pt; }}
.part {{ break-before: page; }}
table.figures {{ border-collapse: collapse; table-layout: fixed; margin: 0 auto;
                 font-size: {SIZES['table']}pt; }}
table.figures th, table.figures td {{ border: 0.5pt solid #000; padding: 1pt 0.8mm; vertical-align: middle;
                                      overflow-wrap: break-word; }}
table.figures th {{ font-weight: bold; text-align: center; }}
table.figures tbody {{ break-inside: avoid; }}
td.right {{ text-align: right; }} td.center {{ text-align: center; }} td.left {{ text-align: left; }}
td.bold {{ font-weight: bold; }}
"""


def _css_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _rule(length_mm: float) -> str:
    return f'<div class="rule" style="width: {length_mm:.2f}mm"></div>'


def _header(report: OfficialReport) -> str:
    width = text_width(False)
    left = width * HEADER_SPLIT
    parent = f'<p class="parent">{_e(report.parent_body)}</p>' if report.parent_body else ""
    issuer_rule = min(text_width_mm(report.issuing_body, SIZES["issuer"], bold=True), left) * RULE_SHARE
    motto_rule = text_width_mm(MOTTO[1], SIZES["slogan"], bold=True)
    return f"""<table class="header"><tr>
<td class="issuer">{parent}<p class="issuing">{_e(report.issuing_body)}</p>{_rule(issuer_rule)}</td>
<td><p class="motto">{_e(MOTTO[0])}</p><p class="slogan">{_e(MOTTO[1])}</p>{_rule(motto_rule)}</td></tr>
<tr><td class="number">{_e(report.number)}</td><td class="date">{_e(report.place_date)}</td></tr></table>"""


def _title(report: OfficialReport) -> str:
    english = f'<p class="subject-en">{_e(report.subject_en)}</p>' if report.subject_en else ""
    line = min(text_width_mm(report.subject, SIZES["subject"], bold=True), text_width(False)) * RULE_SHARE
    return (f'<p class="kind">{_e(KIND)}</p><p class="subject">{_e(report.subject)}</p>{english}'
            f'{_rule(line)}')


def _body(report: OfficialReport) -> str:
    return "".join(f'<p class="body {paragraph.kind}">{_e(paragraph.text)}</p>' for paragraph in report.body)


def _signature(report: OfficialReport) -> str:
    recipients = "".join(f'<p class="recipient">{_e(line)}</p>' for line in report.recipients)
    authority = "".join(f'<p class="authority">{_e(line)}</p>' for line in report.authority)
    return f"""<table class="signature"><tr>
<td class="to"><p class="to-label">Nơi nhận:</p>{recipients}</td>
<td>{authority}<p class="signer">{_e(report.signer_name)}</p></td></tr></table>"""


def _table(table: Table) -> str:
    columns = "".join(f'<col style="width: {width:.2f}mm">' for width in table.widths_mm)

    def cell(tag: str, cell) -> str:
        spans = (f' colspan="{cell.columns}"' if cell.columns > 1 else "") + (
            f' rowspan="{cell.rows}"' if cell.rows > 1 else "")
        classes = f' class="{cell.align}{" bold" if cell.bold else ""}"' if tag == "td" else ""
        return f"<{tag}{spans}{classes}>{_e(cell.text)}</{tag}>"

    head = "".join(f"<tr>{''.join(cell('th', c) for c in row)}</tr>" for row in table.header)
    # one tbody per group: a page breaks between them, never inside one (a commune's three rows)
    groups = "".join("<tbody>" + "".join(f"<tr>{''.join(cell('td', c) for c in row)}</tr>" for row in group)
                     + "</tbody>" for group in table.groups)
    # a width, or the fixed layout is ignored and every cell's text measured twice (a third of the time)
    return (f'<table class="figures" style="width: {sum(table.widths_mm):.2f}mm"><colgroup>{columns}</colgroup>'
            f'<thead>{head}</thead>{groups}</table>')


def _appendix(appendix: Appendix) -> str:
    orientation = "landscape" if appendix.landscape else "portrait"
    notes = "".join(f'<p class="appendix-note">{_e(note)}</p>' for note in appendix.notes)
    parts = []
    for n, table in enumerate(appendix.tables):
        caption = (f'<p class="appendix-number part">{_e(f"{appendix.number} {table.caption}".strip())}</p>'
                   if n else "")
        parts.append(caption + _table(table))
    return f"""<section class="appendix {orientation}">
<p class="appendix-number">{_e(appendix.number)}</p>
{"".join(f'<p class="appendix-title">{_e(line)}</p>' for line in appendix.title)}
<p class="reference">{_e(appendix.reference)}</p>
{_rule(text_width(appendix.landscape) / 6)}{notes}
{"".join(parts)}</section>"""


def report_html(report: OfficialReport) -> str:
    """The report as one HTML page for a paged-media renderer."""
    return f"""<!DOCTYPE html>
<html lang="{'vi' if report.language == 'vi' else 'vi'}"><head><meta charset="utf-8"><title>{_e(report.title)}</title>
<style>{_css(report)}</style></head><body>
{_header(report)}{_title(report)}{_body(report)}{_signature(report)}
{"".join(_appendix(appendix) for appendix in report.appendices)}
</body></html>"""


def write_pdf(report: OfficialReport, path: Path) -> Path:
    """Print the report to ``path`` (.pdf), atomically."""
    try:
        from weasyprint import HTML  # a second to import: only when a PDF is written
    except OSError as error:  # WeasyPrint loads Pango when imported
        raise RuntimeError(f"cần thư viện Pango để in PDF / printing the PDF needs Pango: apt-get install "
                           f"libpango-1.0-0 libpangoft2-1.0-0 (make official) [{error}]") from error

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    HTML(string=report_html(report)).write_pdf(str(partial), pdf_variant=None)
    os.replace(partial, path)
    return path
