"""The official report (``publish.official.OfficialReport``) as an editable Word document (.docx, python-docx), laid
out as Nghị định 30/2020/NĐ-CP, Phụ lục I, says: A4, Times New Roman, margins within the decree's ranges, the
header table, the title with its rule, the body justified with its first-line indent, page numbers from page 2
centred in the top margin, the signature on the right and *Nơi nhận* on the left; then each appendix in a section
of its own (landscape where its table needs it), numbered from 1, its header rows repeated on every page.

Word lays a document out when it opens it, so nothing here depends on a renderer: the rules drawn under the text
(under the motto, the issuing body and the subject) are paragraph borders whose length is set from the width of
the text, measured with the font's own advance widths (``publish.official_layout.text_width_mm``).
"""

import os
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from publish.official import KIND, MOTTO, Appendix, Cell, OfficialReport, Table
from publish.official_layout import (
    A4,
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
    text_width_mm,
)

MARK_RED = RGBColor(0xC0, 0x00, 0x00)
ALIGNED = {"left": "left", "center": "center", "right": "right"}  # w:jc values


def _run(paragraph, text: str, size: float, bold: bool = False, italic: bool = False, color: RGBColor | None = None):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, Pt(size), bold, italic
    # East Asian and complex-script fonts too, or Word shows Vietnamese letters it treats so in another font
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    if color is not None:
        run.font.color.rgb = color
    return run


def _paragraph(container, text: str = "", size: float = 14, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0, color=None):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    form = paragraph.paragraph_format
    form.space_before, form.space_after = Pt(before), Pt(after)
    form.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if text:
        _run(paragraph, text, size, bold, italic, color)
    return paragraph


def _rule(container, length_mm: float, width_mm: float, after: float = 0) -> None:
    """A solid rule of ``length_mm``, centred in ``width_mm``: the bottom border of an empty paragraph a few points
    high, so that it clears the descenders of the line above (a top border is drawn over them)."""
    paragraph = _paragraph(container, after=after)
    form = paragraph.paragraph_format
    side = max((width_mm - length_mm) / 2, 0)
    form.left_indent = form.right_indent = Mm(side)
    form.line_spacing_rule, form.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(RULE_GAP)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _no_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _fixed(table, widths_mm: list[float]) -> None:
    """Column widths as given, not as Word would fit them to the text."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _cell_margins(table, side_mm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(side_mm * 56.7)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _text_width(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / 36000  # EMU per mm


def _page_setup(section, landscape: bool) -> None:
    width, height = (A4[1], A4[0]) if landscape else A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE)


def _page_field(paragraph, size: float) -> None:
    """The number of the page, a field Word and LibreOffice fill in."""
    run = _run(paragraph, "", size)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _headers(section, marks: list[str], restart: bool) -> None:
    """The page number in the top margin, centred, on every page but the first of the section, which the decree
    leaves unnumbered; the marks (made-up or provisional figures) in the bottom margin of every page, where they
    take no room from the number. ``restart``: numbered from 1 (each appendix is numbered on its own)."""
    section.different_first_page_header_footer = True
    for header, numbered in ((section.first_page_header, False), (section.header, True)):
        header.is_linked_to_previous = False
        header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if numbered:
            _page_field(header.paragraphs[0], SIZES["page"])
    for footer in (section.first_page_footer, section.footer):
        footer.is_linked_to_previous = False
        footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if marks:
            _run(footer.paragraphs[0], " · ".join(marks), SIZES["mark"], bold=True, color=MARK_RED)
    if restart:
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        section._sectPr.append(numbering)


def _header_table(document, report: OfficialReport, width_mm: float) -> None:
    """Ô 1–4 of the decree: parent and issuing body, rule, number on the left; Quốc hiệu, Tiêu ngữ, its rule, place
    and date on the right."""
    left, right = width_mm * HEADER_SPLIT, width_mm * (1 - HEADER_SPLIT)
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    _fixed(table, [left, right])
    _cell_margins(table, 0)
    issuer, motto = table.cell(0, 0), table.cell(0, 1)
    issuer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.parent_body:
        _run(issuer.paragraphs[0], report.parent_body, SIZES["parent"])
        issuing = _paragraph(issuer, report.issuing_body, SIZES["issuer"], bold=True)
    else:
        issuing = issuer.paragraphs[0]
        _run(issuing, report.issuing_body, SIZES["issuer"], bold=True)
    line = min(text_width_mm(report.issuing_body, SIZES["issuer"], bold=True), left)
    _rule(issuer, line * RULE_SHARE, left)
    motto.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(motto.paragraphs[0], MOTTO[0], SIZES["motto"], bold=True)
    _paragraph(motto, MOTTO[1], SIZES["slogan"], bold=True)
    _rule(motto, text_width_mm(MOTTO[1], SIZES["slogan"], bold=True), right)
    number, when = table.cell(1, 0), table.cell(1, 1)
    for cell, text, size, italic in ((number, report.number, SIZES["number"], False),
                                     (when, report.place_date, SIZES["date"], True)):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
        _run(cell.paragraphs[0], text, size, italic=italic)


def _title(document, report: OfficialReport, width_mm: float) -> None:
    _paragraph(document, KIND, SIZES["kind"], bold=True, before=18)
    _paragraph(document, report.subject, SIZES["subject"], bold=True)
    if report.subject_en:
        _paragraph(document, report.subject_en, SIZES["subject"], italic=True)
    line = min(text_width_mm(report.subject, SIZES["subject"], bold=True), width_mm)
    _rule(document, line * RULE_SHARE, width_mm, after=6)


def _body(document, report: OfficialReport) -> None:
    """Ô 6: justified, first line 1,27 cm in, at least 6 pt between paragraphs, lines 1,15 apart."""
    for paragraph in report.body:
        shown = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6)
        form = shown.paragraph_format
        form.first_line_indent = Mm(12.7)
        form.line_spacing_rule, form.line_spacing = WD_LINE_SPACING.MULTIPLE, LINE_SPACING
        if paragraph.kind == "heading":
            form.keep_with_next = True
        _run(shown, paragraph.text, SIZES["body"], bold=paragraph.kind in ("heading", "note"),
             italic=paragraph.kind == "english")


def _signature(document, report: OfficialReport, width_mm: float) -> None:
    """Ô 7 and 9b: Nơi nhận and its list on the left, level with the signer's authority on the right."""
    left, right = width_mm * SIGNATURE_SPLIT, width_mm * (1 - SIGNATURE_SPLIT)
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed(table, [left, right])
    _cell_margins(table, 0)
    row = table.rows[0]
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))  # the signature never leaves its recipients
    to, sign = row.cells
    to.paragraphs[0].paragraph_format.space_before = Pt(12)
    _run(to.paragraphs[0], "Nơi nhận:", SIZES["to"], bold=True, italic=True)
    for line in report.recipients:
        _paragraph(to, line, SIZES["recipients"], align=WD_ALIGN_PARAGRAPH.LEFT)
    first = sign.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.paragraph_format.space_before = Pt(12)
    for n, line in enumerate(report.authority):
        _run(first, line, SIZES["authority"], bold=True) if n == 0 else \
            _paragraph(sign, line, SIZES["authority"], bold=True)
    for _ in range(SIGNATURE_SPACE):
        _paragraph(sign, "", SIZES["signer"])
    _paragraph(sign, report.signer_name, SIZES["signer"], bold=True)


def _grid(rows: list[list[Cell]], width: int) -> list[list[tuple[int, Cell, bool]]]:
    """Each row of ``rows`` on the table's grid, spans included: (column, cell, starts) for each place a cell takes
    in it, ``starts`` false where a cell spanning rows from above continues (Word writes those places too)."""
    above: dict[tuple[int, int], Cell] = {}
    placed = []
    for r, cells in enumerate(rows):
        queue, column, row_cells = list(cells), 0, []
        while column < width:
            if (r, column) in above:
                cell = above[(r, column)]
                row_cells.append((column, cell, False))
            elif queue:
                cell = queue.pop(0)
                row_cells.append((column, cell, True))
                for dr in range(1, cell.rows):
                    above[(r + dr, column)] = cell
            else:
                break
            column += cell.columns
        placed.append(row_cells)
    return placed


TWIPS_PER_MM = 56.7


def _appendix_table(document, table: Table, size: float) -> None:
    """The appendix table: header rows repeated on every page; each group's rows kept on one page. Its rows are
    written as XML text and parsed once: python-docx's objects take half a second for a table of Phụ lục III (a
    national publication writes 691 of them), the text a tenth of that."""
    rows = table.header + [row for group in table.groups for row in group]
    last_of_group, index = set(), len(table.header)
    for group in table.groups:
        index += len(group)
        last_of_group.add(index - 1)
    shown = document.add_table(rows=0, cols=len(table.widths_mm))
    shown.style = "Table Grid"
    shown.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed(shown, table.widths_mm)
    _cell_margins(shown, 0.8)
    half_points = round(size * 2)
    xml = []
    for r, placed in enumerate(_grid(rows, len(table.widths_mm))):
        header = r < len(table.header)
        xml.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        # a group's rows stay on one page: each but the last keeps with the next (and the header with the rows)
        keep = "<w:keepNext/>" if header or r not in last_of_group else ""
        for column, cell, starts in placed:
            width = round(sum(table.widths_mm[column:column + cell.columns]) * TWIPS_PER_MM)
            span = f'<w:gridSpan w:val="{cell.columns}"/>' if cell.columns > 1 else ""
            merge = ('<w:vMerge w:val="restart"/>' if starts else "<w:vMerge/>") if cell.rows > 1 or not starts else ""
            run = ""
            if starts and cell.text:
                bold = "<w:b/><w:bCs/>" if cell.bold else ""
                run = (f'<w:r><w:rPr>{bold}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
                       f'<w:t xml:space="preserve">{escape(cell.text)}</w:t></w:r>')
            xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/>'
                       f'</w:tcPr><w:p><w:pPr>{keep}<w:spacing w:before="0" w:after="0"/>'
                       f'<w:jc w:val="{ALIGNED[cell.align]}"/></w:pPr>{run}</w:p></w:tc>')
        xml.append("</w:tr>")
    shown._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>").getchildren())


def _appendix(document, appendix: Appendix, marks: list[str]) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, appendix.landscape)
    _headers(section, marks, restart=True)
    width = _text_width(section)
    # Mẫu 2.1 of Phụ lục III: "Phụ lục …" 14 bold, the title in capitals 14 bold, the reference italic, a short rule
    _paragraph(document, appendix.number, SIZES["appendix"], bold=True)
    for line in appendix.title:
        _paragraph(document, line, SIZES["appendix_title"], bold=True)
    _paragraph(document, appendix.reference, SIZES["reference"], italic=True)
    _rule(document, width / 6, width, after=6)
    for note in appendix.notes:
        _paragraph(document, note, SIZES["note"], bold=True, color=MARK_RED, after=4)
    for n, table in enumerate(appendix.tables):
        if n:
            document.add_page_break()
            _paragraph(document, f"{appendix.number} {table.caption}".strip(), SIZES["appendix"], bold=True, after=4)
        _appendix_table(document, table, SIZES["table"])


def write_docx(report: OfficialReport, path: Path) -> Path:
    """Write the report as ``path`` (.docx), atomically: a reader never opens half a file."""
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.language = "vi-VN"
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(SIZES["body"])
    # python-docx's template spaces paragraphs 10 pt apart at 1,15 lines (Word 2010's defaults): none unless said
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    style.element.get_or_add_rPr().append(language)
    section = document.sections[0]
    _page_setup(section, landscape=False)
    _headers(section, report.page_marks, restart=False)
    width = _text_width(section)
    document.paragraphs[0]._p.getparent().remove(document.paragraphs[0]._p) if document.paragraphs else None
    _header_table(document, report, width)
    _title(document, report, width)
    _body(document, report)
    _signature(document, report, width)
    for appendix in report.appendices:
        _appendix(document, appendix, report.page_marks)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    document.save(str(partial))
    os.replace(partial, path)
    return path
