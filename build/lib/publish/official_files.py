"""An area's official report written as its two files beside the workbook: the editable .docx and the PDF."""

from datetime import date
from pathlib import Path

from publish.official import official_report
from publish.official_docx import write_docx
from vocabulary.profile import Profile

# A period of more areas than this is a national one (691 districts before the 2025 reform): each report costs about
# 0,05 s of a core for its .docx and 0,8 s for its PDF, which would add some 10 minutes to a run of 30 s, for
# reports no national office signs (each district signs its own, from its own run). Up to this many (a district, a
# province and its districts, the 34 provinces after the reform) every area gets its report.
OFFICIAL_AREAS_AT_MOST = 64


def official_wanted(areas: int) -> bool:
    """Whether a period of ``areas`` areas gets each area's official report (.docx and PDF)."""
    return areas <= OFFICIAL_AREAS_AT_MOST


def write_official_report(period: str, area: dict, level: str, tables: dict[str, list[dict]], profile: Profile,
                          docx: Path, pdf: Path | None, issued_on: date | None = None) -> list[Path]:
    """Write the area's report as ``docx`` and, unless ``pdf`` is None, as ``pdf``, dated ``issued_on`` (the day of
    the run, by default); return the paths written."""
    report = official_report(period, area, level, tables, profile, issued_on or date.today())
    written = [write_docx(report, docx)]
    if pdf is not None:
        from publish.official_pdf import write_pdf  # WeasyPrint takes a second to import: only when printing

        written.append(write_pdf(report, pdf))
    return written
