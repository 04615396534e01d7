"""The page and type of the official report, shared by its .docx (``publish.official_docx``) and its PDF
(``publish.official_pdf``): Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I gives each a range, and these are the values
chosen inside them.
"""

import os
from functools import cache

FONT = "Times New Roman"  # the decree's; LibreOffice shows it in Liberation Serif, of the same metrics
# Page and margins (mm), inside the decree's ranges: top and bottom 20–25, left 30–35, right 15–20. The smallest
# margins leave the appendix tables the most room; the page number sits in the top margin, 10 mm from the edge.
A4 = (210, 297)
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_DISTANCE = 10
# Sizes (pt), each inside the decree's range for its element (Phụ lục I, Phần I, Mục II and V).
SIZES = {"parent": 12, "issuer": 12, "number": 13, "motto": 12, "slogan": 13, "date": 13, "kind": 14,
         "subject": 14, "body": 14, "page": 13, "authority": 14, "signer": 14, "to": 12, "recipients": 11,
         "appendix": 14, "appendix_title": 14, "reference": 14, "note": 12, "table": 11, "mark": 11}
# The header table: the issuing body's column about 2/5 of the width, the motto's 3/5 (the decree's samples,
# Mẫu 1.4: 67,5 and 100 mm); the signature row: Nơi nhận's column a little narrower.
HEADER_SPLIT = 0.4
SIGNATURE_SPLIT = 0.4
RULE_GAP = 3  # pt between a line of text and the rule under it
RULE_SHARE = 0.4  # a rule under the issuing body or the subject: 1/3–1/2 of its line, the decree says
LINE_SPACING = 1.15  # of the body, in lines: the decree allows single to 1,5
SIGNATURE_SPACE = 4  # empty lines for the signature and the seal
# Where the metric-compatible fonts are on a Debian machine, for measuring text: Liberation Serif has the advance
# widths of Times New Roman, so the lengths measured here are those Word shows with Times New Roman.
FONT_FILES = {
    (False, False): ("LiberationSerif-Regular.ttf", "times.ttf", "Times_New_Roman.ttf"),
    (True, False): ("LiberationSerif-Bold.ttf", "timesbd.ttf", "Times_New_Roman_Bold.ttf"),
    (False, True): ("LiberationSerif-Italic.ttf", "timesi.ttf", "Times_New_Roman_Italic.ttf"),
    (True, True): ("LiberationSerif-BoldItalic.ttf", "timesbi.ttf", "Times_New_Roman_Bold_Italic.ttf"),
}
FONT_DIRECTORIES = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts"))
AVERAGE_EM = 0.52  # width of an average character of Times, in em, when no font file can be read


@cache
def _advances(bold: bool, italic: bool):
    """(advance width per character, units per em) of the serif font on this machine, or None."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    names = set(FONT_FILES[(bold, italic)])
    for directory in FONT_DIRECTORIES:
        for root, _, files in os.walk(directory):
            for name in files:
                if name in names:
                    with TTFont(os.path.join(root, name), lazy=True) as font:
                        metrics, cmap = font["hmtx"], font.getBestCmap()
                        return {code: metrics[glyph][0] for code, glyph in cmap.items()}, font["head"].unitsPerEm
    return None


def text_width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """How long ``text`` is on paper in Times New Roman (or its metric twin) of ``size_pt``."""
    found = _advances(bold, italic)
    if found is None:
        return len(text) * AVERAGE_EM * size_pt * 25.4 / 72
    widths, per_em = found
    fallback = per_em * AVERAGE_EM
    return sum(widths.get(ord(ch), fallback) for ch in text) / per_em * size_pt * 25.4 / 72


def text_width(landscape: bool) -> float:
    """The width (mm) text and tables have between the margins of a page."""
    return (A4[1] if landscape else A4[0]) - MARGINS["left"] - MARGINS["right"]
