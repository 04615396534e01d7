"""What a printed document looks like on paper, read back from its PDF with pdfplumber: a workbook as LibreOffice
prints it, an HTML page as Chromium prints it. Each page's text, the size every character is drawn at, and the
words whose boxes overlap another's (text printed over text, or text cut at a cell's edge and running on under the
next cell: both are unreadable on paper)."""

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from tests.browser import render as chromium_render

# Words of the English beside the Vietnamese on screens and in a "vi+en" profile's documents; none is a Vietnamese
# word, so one on a page printed for the Vietnamese-only profile betrays English left on it.
ENGLISH = ("commune", "communes", "status", "confirm", "received", "due", "figures", "file", "cell", "value",
           "households", "household", "poverty", "rate", "planned", "synthetic", "provisional", "missing",
           "warnings", "report", "register", "withdrawn", "rejected", "on time", "late", "indicator", "charts",
           "period", "ethnic", "minority", "not real", "district", "province", "plan left blank", "no warnings",
           "the area", "poor", "to confirm", "which", "deprivations", "why", "code", "files")
_ENGLISH = re.compile(r"(?<![\w/])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w])", re.I)


@dataclass
class Page:
    text: str  # whitespace made single spaces
    sizes: list[float]  # of every character drawn
    overlaps: list[tuple[str, str]]  # pairs of characters drawn over each other
    over_rules: list[str]  # characters a cell's border runs through

    @property
    def smallest(self) -> float:
        return min(self.sizes, default=0)


def english_words(text: str) -> list[str]:
    """The betraying English words in a text."""
    return [match.group(1) for match in _ENGLISH.finditer(text)]


def _level(char: dict) -> bool:
    """Drawn along the line, neither turned nor slanted."""
    _, b, c, _ = char["matrix"][:4]
    return abs(b) < 1e-6 and abs(c) < 1e-6


def true_size(char: dict) -> float:
    """The size (pt) a character is printed at. pdfminer's ``size`` is the height of its box, right for upright
    text but not for text turned (a chart's slanted axis labels): there the font size is recovered from the box,
    the advance and the matrix the glyph is drawn with."""
    if _level(char):
        return char["size"]
    a, b, c, d = (abs(x) for x in char["matrix"][:4])
    width, height, advance = char["x1"] - char["x0"], char["bottom"] - char["top"], char["adv"]
    font = (height - b * advance) / d if d >= c else (width - a * advance) / c
    return font * (c * c + d * d) ** 0.5


def _crossing(chars: list[dict]) -> list[tuple[str, str]]:
    """Pairs of characters drawn over each other: boxes that cross by more than a third of the smaller's height
    and of its width. Characters of one line never do (a kerned pair only by a sliver); a line printed over the
    next row's, or a text running on under the next cell's, does."""
    found = []
    boxes = sorted((c for c in chars if _level(c) and c["text"].strip()
                    and not unicodedata.combining(c["text"][0])), key=lambda c: c["x0"])
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b["x0"] >= a["x1"]:
                break
            across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if across > min(a["x1"] - a["x0"], b["x1"] - b["x0"]) / 3 and \
                    down > min(a["bottom"] - a["top"], b["bottom"] - b["top"]) / 3:
                found.append((a["text"], b["text"]))
    return found


def _over_rules(chars: list[dict], edges: list[dict]) -> list[str]:
    """Characters a horizontal rule (a cell's border) runs through the middle of: text that overflowed its cell."""
    rules = [e for e in edges if e["orientation"] == "h"]
    found = []
    for char in chars:
        if not (_level(char) and char["text"].strip()):
            continue
        middle = (char["x0"] + char["x1"]) / 2
        low, high = char["top"] + 0.3 * (char["bottom"] - char["top"]), char["bottom"] - 0.3 * (char["bottom"] - char["top"])
        if any(rule["x0"] <= middle <= rule["x1"] and low < rule["top"] < high for rule in rules):
            found.append(char["text"])
    return found


def read_pdf(pdf: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            pages.append(Page(" ".join((page.extract_text() or "").split()),
                              [round(true_size(char), 2) for char in page.chars if char["text"].strip()],
                              _crossing(page.chars), _over_rules(page.chars, page.edges)))
    return pages


def page_size(pdf: Path) -> list[tuple[float, float]]:
    with pdfplumber.open(pdf) as document:
        return [(float(p.width), float(p.height)) for p in document.pages]


def libreoffice_pdf(binary: str, workbook: Path, directory: Path) -> Path:
    """The workbook printed to PDF by LibreOffice, every sheet with its own page setup."""
    directory.mkdir(parents=True, exist_ok=True)
    # A profile of its own: conversions running at the same time would otherwise share one and clash.
    profile = (directory / "profile").as_uri()
    done = subprocess.run(
        [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(directory), str(workbook)], capture_output=True, text=True, timeout=180)
    pdf = directory / f"{Path(workbook).stem}.pdf"
    assert done.returncode == 0 and pdf.is_file(), f"LibreOffice failed: {done.stdout}\n{done.stderr}"
    return pdf


def chromium_pdf(page: Path, directory: Path) -> Path:
    """The HTML page printed to PDF by headless Chromium (A4, as its own @page asks), the network blocked."""
    directory.mkdir(parents=True, exist_ok=True)
    pdf = directory / f"{Path(page).stem}.pdf"
    _, requests = chromium_render(Path(page), pdf=pdf)
    assert requests == [], requests
    return pdf

