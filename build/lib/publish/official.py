"""The report an office signs: *Báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo* of one area and period, as
Nghị định 30/2020/NĐ-CP (công tác văn thư), Phụ lục I, lays out an administrative document, with the workbook's
Phụ lục 1–3 attached as Phụ lục I–III (Roman numerals: the decree's rule for two or more appendices).

This module says what the report holds, as plain values: the header, the sentences of its body, the signature, the
recipients and the appendix tables. ``publish.official_docx`` writes it as an editable .docx and
``publish.official_pdf`` prints it to PDF; both lay out the same ``OfficialReport``, so the two say the same.

Every figure comes from the rows the area's workbook is written from (``publish.workbooks.Job.tables`` and the area's
row of the plan-vs-result mart), printed as Vietnamese documents print numbers (``vocabulary.text.vn_number``:
``2.342``, ``11,78``, rates to 2 decimals half-up), whatever the computer's locale.

The official report forms of Thông tư 07/2021/TT-BLĐTBXH (Phụ lục VII) could not be obtained, so the appendices are
the project's own Phụ lục 1–3, column for column as the workbook prints them, not those forms.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import overload

from publish.area import (
    ABSENT_KEY,
    absent,
    appendix_number,
    appendix_title,
    is_synthetic,
    notes,
    planned,
    status_of,
    units,
    without_plan,
)
from publish.columns import COUNT, PLACES, RATE, RATE_1, poverty_columns

# the workbook's own columns and number formats, so that an appendix prints what its sheet does
from publish.official_layout import text_width
from vocabulary.labels import NO_PLAN, SYNTHETIC_BANNER, in_print
from vocabulary.periods import parse_period, period_label_vi, unit_structure
from vocabulary.profile import Profile
from vocabulary.text import vn_number

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")  # Quốc hiệu, Tiêu ngữ
KIND = "BÁO CÁO"  # tên loại văn bản
RATE_PLACES = 2
# Indicators of Phụ lục III printed side by side on one landscape page at most: with more, the table is split into
# parts of equal size that repeat the first columns (10 indicators: two parts of 5; 12: two of 6), as the workbook
# spans pages across; 6 pairs of columns keep every figure of 11 pt on one line.
INDICATORS_PER_PART = 6
SYNTHETIC_VI, SYNTHETIC_EN = in_print(SYNTHETIC_BANNER, False), SYNTHETIC_BANNER.split(" · ")[-1]


@dataclass(frozen=True)
class Cell:
    text: str
    columns: int = 1  # how many columns it spans
    rows: int = 1  # how many rows it spans
    align: str = "left"  # left, center or right
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table of an appendix: its header rows (repeated on every page it continues on), then groups of rows that a
    page must not split (a commune's three rows in Phụ lục III, one row elsewhere); column widths in mm."""

    header: list[list[Cell]]
    groups: list[list[list[Cell]]]
    widths_mm: list[float]
    caption: str = ""  # a part after the first of a split table: "(tiếp)"


@dataclass(frozen=True)
class Appendix:
    number: str  # "Phụ lục I"
    title: list[str]  # its lines, in capitals: what it is, the area, which units (from 2025 on)
    reference: str  # "(Kèm theo Báo cáo số … ngày … của …)"
    notes: list[str]  # provisional figures, plans left blank: said above the table
    tables: list[Table]
    landscape: bool


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "body"  # body, heading (I. …), english (vi+en only), note (said in bold)


@dataclass(frozen=True)
class OfficialReport:
    parent_body: str
    issuing_body: str
    number: str  # "Số: …/BC-LĐTBXH"
    place_date: str  # "Krông Pa, ngày 05 tháng 01 năm 2021"
    subject: str  # trích yếu
    subject_en: str  # "" unless the profile prints English too
    body: list[Paragraph]
    authority: list[str]  # "KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"
    signer_name: str
    recipients: list[str]  # each line as printed: "- UBND huyện (b/c);" … "- Lưu: VT, LĐTBXH."
    appendices: list[Appendix]
    page_marks: list[str] = field(default_factory=list)  # printed at the top of every page: made-up figures
    language: str = "vi"
    title: str = ""  # the document's title for its properties: "Báo cáo kết quả rà soát …"


def date_line(place_name: str, day: date) -> str:
    """Địa danh and date as the decree writes them: a day below 10 and the months 1 and 2 with a leading zero.

    >>> date_line("Krông Pa", date(2021, 1, 5)), date_line("Krông Pa", date(2020, 3, 20))
    ('Krông Pa, ngày 05 tháng 01 năm 2021', 'Krông Pa, ngày 20 tháng 3 năm 2020')
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place_name}, ngày {day.day:02d} tháng {month} năm {day.year}"


def date_words(day: date) -> str:
    """'ngày 05 tháng 01 năm 2021', the date of ``date_line`` inside a sentence."""
    return date_line("", day).removeprefix(", ")


def rate(value) -> str:
    """A rate as printed: 2 decimals half-up, Vietnamese decimal comma."""
    return vn_number(value, RATE_PLACES)


def count(value) -> str:
    return vn_number(value)


def share(numerator, denominator) -> float | None:
    """100 × numerator / denominator, None when the denominator is 0: the warehouse's own rate (the ``rate`` macro of
    sql/macros/measures.sql), for the one rate the area's row does not carry (near-poor households)."""
    return None if not denominator else 100.0 * numerator / denominator


@overload
def printed_rate(value: None) -> None: ...
@overload
def printed_rate(value: float | Decimal) -> float: ...
def printed_rate(value) -> float | None:
    """A rate as the page shows it, to compare two rates as a reader would: 11,78 is not above 11,78."""
    return None if value is None else float(rate(value).replace(".", "").replace(",", "."))


def subject_of(period: str) -> tuple[str, str]:
    """Trích yếu (and its English): the yearly review, or the six-month report of the same households."""
    _, half = parse_period(period)
    if half:
        return (f"Tình hình hộ nghèo, hộ cận nghèo {period_label_vi(period)}",
                f"Poor and near-poor households, first half of {period[:4]}")
    return (f"Kết quả rà soát hộ nghèo, hộ cận nghèo {period_label_vi(period)}",
            f"Results of the {period} review of poor and near-poor households")


def _units_word(period: str) -> str:
    """The communes of an area, as a sentence names them: there are no thị trấn after the 2025 reform, and there
    are đặc khu."""
    return "xã, phường, thị trấn" if unit_structure(period) == "legacy" else "xã, phường, đặc khu"


def _names(rows: list[dict]) -> str:
    return ", ".join(row["commune_name"] for row in rows)


def _recipients(lines: tuple[str, ...]) -> list[str]:
    """Nơi nhận as the decree lists it: a dash each, a semicolon after each but the last, a full stop after that."""
    shown = [line.strip().rstrip(";.").strip() for line in lines]
    return [f"- {line};" for line in shown[:-1]] + [f"- {shown[-1]}."] if shown else []


def _say(body: list[Paragraph], vi: str, en: str, english: bool, kind: str = "body") -> None:
    body.append(Paragraph(vi, kind))
    if english and en:
        body.append(Paragraph(en, "english"))


def _reporting(body, tables, words, english) -> None:
    """Who reported, on time or late, and who did not or was refused, by name; the figures then provisional."""
    communes = tables["completeness"]
    late = [c for c in communes if c["submission_status"] == "late"]
    missing = [c for c in communes if c["submission_status"] == "missing"]
    refused = [c for c in communes if c["submission_status"] == "rejected"]
    withdrawn = [c for c in communes if c["submission_status"] == "withdrawn"]
    counted = len(communes) - len(absent(tables))
    due = communes[0]["due_date"] if communes else None
    on_time = sum(1 for c in communes if c["submission_status"] == "on_time")
    vi = (f"Có {count(counted)}/{count(len(communes))} {words} có số liệu tổng hợp"
          + (f"; hạn gửi báo cáo là {date_words(due)}" if due else "") + ".")
    en = (f"{counted} of {len(communes)} communes have figures in this report"
          + (f"; reports were due on {due:%d/%m/%Y}" if due else "") + ".")
    _say(body, vi, en, english)
    if on_time:
        _say(body, f"Gửi báo cáo đúng hạn: {count(on_time)} {words}.", f"Reported on time: {on_time}.", english)
    if late:
        _say(body, f"Gửi báo cáo trễ hạn: {count(len(late))} {words} ({_names(late)}).",
             f"Reported late: {len(late)} ({_names(late)}).", english)
    if missing:
        _say(body, f"Chưa gửi báo cáo: {count(len(missing))} {words} ({_names(missing)}).",
             f"Not reported: {len(missing)} ({_names(missing)}).", english)
    if refused:
        _say(body, f"Báo cáo bị trả lại để sửa, chưa được tổng hợp: {count(len(refused))} {words} ({_names(refused)}).",
             f"Refused and returned to be corrected: {len(refused)} ({_names(refused)}).", english)
    if withdrawn:
        _say(body, f"Báo cáo đã rút, không tính vào số liệu: {count(len(withdrawn))} {words} ({_names(withdrawn)}).",
             f"Withdrawn, not counted: {len(withdrawn)} ({_names(withdrawn)}).", english)
    if absent(tables):
        _say(body, f"Số liệu trong báo cáo này là SỐ LIỆU TẠM TÍNH: chưa có số liệu của "
                   f"{count(len(absent(tables)))}/{count(len(communes))} {words} nêu trên.",
             f"These figures are PROVISIONAL: {len(absent(tables))} of {len(communes)} communes are missing.",
             english, "note")


def _results(body, period, area, tables, level, words, english) -> None:
    """The area's households, poor and rate, near-poor; the change since the year before and against the plan set
    for this period, when the warehouse holds them; ethnic-minority households; the communes above the area's rate."""
    whole = "Toàn huyện" if level == "district" else "Toàn tỉnh"
    near_poor_rate = share(area["near_poor_households"], area["total_households"])
    vi = (f"{whole} có {count(area['total_households'])} hộ; số hộ nghèo là {count(area['poor_households'])} hộ, "
          f"chiếm tỷ lệ {rate(area['poverty_rate_pct'])}%; số hộ cận nghèo là {count(area['near_poor_households'])} "
          f"hộ, chiếm tỷ lệ {rate(near_poor_rate)}%.")
    en = (f"The area has {count(area['total_households'])} households; {count(area['poor_households'])} are poor "
          f"({rate(area['poverty_rate_pct'])}%) and {count(area['near_poor_households'])} near-poor "
          f"({rate(near_poor_rate)}%).")
    _say(body, vi, en, english)

    year, _ = parse_period(period)
    before = next((row for row in tables["history"] if row["period"] == str(year - 1)), None)
    fall = area["rate_reduction_pp"]
    if fall is not None:  # since the year before, or, in the warehouse's first period, since the start figures
        went = "giảm" if fall >= 0 else "tăng"
        since_vi, since_en, started = ((period_label_vi(before["period"]), before["period"], before["poverty_rate_pct"])
                                       if before is not None else
                                       ("đầu kỳ", "the start of the period", area["poverty_rate_pct"] + fall))
        started = rate(started)
        vi = (f"So với {since_vi} (tỷ lệ hộ nghèo {started}%), tỷ lệ hộ nghèo {went} {rate(abs(fall))} điểm phần "
              "trăm.")
        en = (f"Against {since_en} ({started}%), the poverty rate {'fell' if fall >= 0 else 'rose'} by "
              f"{rate(abs(fall))} percentage points.")
        _say(body, vi, en, english)
    # The rate planned for this period the period before, when the area's history carries it (a history row with
    # marts.poverty_trend's planned_poverty_rate_pct): the workbook's tables do not, yet.
    this: dict = next((row for row in tables["history"] if row["period"] == period), {})
    planned_rate = this.get("planned_poverty_rate_pct")
    if planned_rate is not None:
        gap = area["poverty_rate_pct"] - planned_rate
        how = ("cao hơn" if printed_rate(area["poverty_rate_pct"]) > printed_rate(planned_rate) else
               "thấp hơn" if printed_rate(area["poverty_rate_pct"]) < printed_rate(planned_rate) else "bằng")
        vi = (f"Kế hoạch giao cho {period_label_vi(period)} là tỷ lệ hộ nghèo {rate(planned_rate)}%; kết quả {how} "
              f"kế hoạch" + (f" {rate(abs(gap))} điểm phần trăm." if how != "bằng" else "."))
        en = (f"The plan set for this period was a poverty rate of {rate(planned_rate)}%; the result is "
              f"{rate(gap)} percentage points {'above' if gap >= 0 else 'below'} it.")
        _say(body, vi, en, english)

    vi = (f"Số hộ đồng bào dân tộc thiểu số là {count(area['em_households'])} hộ; trong đó số hộ nghèo dân tộc thiểu "
          f"số là {count(area['em_poor_households'])} hộ, chiếm tỷ lệ {rate(area['em_poverty_rate_pct'])}% so với "
          f"số hộ dân tộc thiểu số.")
    en = (f"Ethnic-minority households: {count(area['em_households'])}, of which {count(area['em_poor_households'])} "
          f"poor ({rate(area['em_poverty_rate_pct'])}% of ethnic-minority households).")
    _say(body, vi, en, english)

    above = sorted((c for c in tables["communes"]
                    if printed_rate(c["poverty_rate_pct"]) is not None
                    and printed_rate(c["poverty_rate_pct"]) > printed_rate(area["poverty_rate_pct"])),
                   key=lambda c: -c["poverty_rate_pct"])
    where = "huyện" if level == "district" else "tỉnh"
    if above:
        listed = ", ".join(f"{c['commune_name']} ({rate(c['poverty_rate_pct'])}%)" for c in above)
        vi = (f"Có {count(len(above))}/{count(len(tables['communes']))} {words} có tỷ lệ hộ nghèo cao hơn tỷ lệ chung "
              f"của {where} ({rate(area['poverty_rate_pct'])}%): {listed}.")
        en = f"{len(above)} of {len(tables['communes'])} communes are above the area's rate: {listed}."
    else:
        vi = f"Không có {words} nào có tỷ lệ hộ nghèo cao hơn tỷ lệ chung của {where}."
        en = "No commune is above the area's rate."
    _say(body, vi, en, english)

    worst = sorted((i for i in tables["totals"] if i["deprivation_rate_pct"] is not None),
                   key=lambda i: -i["deprivation_rate_pct"])[:3]
    if worst:
        listed = "; ".join(f"{i['indicator_label_vi'].lower()} ({count(i['deprived_households'])} hộ, "
                           f"{rate(i['deprivation_rate_pct'])}%)" for i in worst)
        vi = f"Các chỉ số thiếu hụt dịch vụ xã hội cơ bản có tỷ lệ cao nhất trong số hộ nghèo: {listed}."
        en = f"The deprivations most frequent among poor households: {listed}."
        _say(body, vi, en, english)


def _plan(body, area, tables, words, english) -> None:
    """The targets set for the next period (Phụ lục I–III), or why the area's are blank."""
    target = period_label_vi(area["target_period"])
    if area["target_poor_households"] is None:
        names = _names(without_plan(tables))
        vi = (f"Chưa tổng hợp được kế hoạch {target} của toàn đơn vị vì có {words} chưa có kế hoạch"
              + (f" ({names})" if names else "") + f"; các chỉ tiêu kế hoạch của toàn đơn vị ghi “{NO_PLAN}”.")
        en = f"The area's plan for {area['target_period']} is left blank: some communes have no plan ({names})."
        _say(body, vi, en, english, "note")
        return
    vi = (f"Kế hoạch {target}: số hộ nghèo còn {count(area['target_poor_households'])} hộ, tỷ lệ hộ nghèo "
          f"{rate(area['target_poverty_rate_pct'])}%, giảm {rate(area['target_rate_reduction_pp'])} điểm phần trăm "
          f"({count(area['target_poor_reduction'])} hộ).")
    en = (f"Plan for {area['target_period']}: {count(area['target_poor_households'])} poor households, "
          f"{rate(area['target_poverty_rate_pct'])}%, {rate(area['target_rate_reduction_pp'])} points "
          f"({count(area['target_poor_reduction'])} households) fewer.")
    _say(body, vi, en, english)
    if area["target_em_poor_households"] is not None:
        vi = (f"Số hộ nghèo dân tộc thiểu số còn {count(area['target_em_poor_households'])} hộ, tỷ lệ "
              f"{rate(area['target_em_poverty_rate_pct'])}%, giảm {rate(area['target_em_rate_reduction_pp'])} điểm "
              f"phần trăm ({count(area['target_em_poor_reduction'])} hộ).")
        en = (f"Ethnic-minority poor households: {count(area['target_em_poor_households'])}, "
              f"{rate(area['target_em_poverty_rate_pct'])}%, {rate(area['target_em_rate_reduction_pp'])} points "
              f"({count(area['target_em_poor_reduction'])} households) fewer.")
        _say(body, vi, en, english)


def _body(period, area, level, tables, profile, english, synthetic) -> list[Paragraph]:
    words = _units_word(period)
    subject, subject_en = subject_of(period)
    body: list[Paragraph] = []
    if synthetic:
        _say(body, f"{SYNTHETIC_VI}: báo cáo này chỉ dùng để thử nghiệm, tập huấn.",
             f"{SYNTHETIC_EN}: for testing and training only.", english, "note")
    lower = subject[0].lower() + subject[1:]
    _say(body, f"Trên cơ sở báo cáo của các {words}, {profile.issuer_in_sentence} báo cáo {lower} như sau:",
         f"From the communes' reports, {profile.issuer_in_sentence} reports as follows.", english)
    _say(body, "I. TÌNH HÌNH TỔNG HỢP BÁO CÁO", "I. REPORTS RECEIVED", english, "heading")
    _reporting(body, tables, words, english)
    _say(body, f"II. KẾT QUẢ {period_label_vi(period).upper()}", "II. RESULTS", english, "heading")
    _results(body, period, area, tables, level, words, english)
    _say(body, f"III. KẾ HOẠCH {period_label_vi(area['target_period']).upper()}", "III. PLAN", english, "heading")
    _plan(body, area, tables, words, english)
    _say(body, f"Chi tiết theo từng đơn vị tại {appendix_number(1)}, {appendix_number(2)} và {appendix_number(3)} "
               f"kèm theo.",
         "Details by commune in Appendices I, II and III.", english)
    _say(body, f"Trên đây là báo cáo {lower} của {profile.issuer_in_sentence}./.",
         "", english)
    return body


# --- the appendices: the workbook's Phụ lục 1–3, column for column -----------------------------------------------

def _figure(figures: dict, key: str, number_format: str) -> str:
    """A figure as the workbook's cell shows it: a plan's that is empty as NO_PLAN, a rate to the places of the
    workbook's format for it (publish.columns.PLACES: poverty rates 2, deprivation rates 1), half-up."""
    value = planned(key, figures[key])
    if isinstance(value, str) or value is None:
        return value or ""
    return vn_number(value, PLACES.get(number_format, 0))


def _poverty_table(period: str, target: str, shown: list, columns, landscape: bool, bilingual: bool) -> Table:
    """Phụ lục I or II: TT, the commune, the period's result, the next period's plan: the workbook's columns."""
    result, plan = columns
    header = [
        [Cell("TT", rows=2, align="center", bold=True), Cell("Tên xã, phường, thị trấn", rows=2, align="center", bold=True),
         Cell(f"Thực hiện {period_label_vi(period)}", columns=len(result), align="center", bold=True),
         Cell(f"Kế hoạch {period_label_vi(target)}", columns=len(plan), align="center", bold=True)],
        [Cell(label, align="center", bold=True) for _, label, _ in result + plan],
    ]
    groups = []
    for number, name, figures in shown:
        bold = number is None
        lead = [Cell("" if number is None else str(number), align="center", bold=bold), Cell(name, bold=bold)]
        if ABSENT_KEY in figures:  # a commune without figures: its status across the figures' columns
            status = status_of(figures, bilingual)
            assert status is not None  # area.units gives an absent commune its submission status
            groups.append([[*lead, Cell(status, columns=len(result + plan), align="center")]])
            continue
        groups.append([[*lead, *(_cell(figures, key, number_format, bold) for key, _, number_format in result + plan)]])
    text = text_width(landscape)
    first = [10.0, 38.0]
    rest = (text - sum(first)) / len(result + plan)
    return Table(header, groups, first + [rest] * len(result + plan))


def _deprivation_tables(period: str, target: str, shown: list, bilingual: bool) -> list[Table]:
    """Phụ lục III: three rows per commune (result, plan, fall), deprived households and rate per indicator, the
    workbook's columns and formats; split into parts of at most INDICATORS_PER_PART indicators, each repeating the
    first five."""
    indicators = [(i["indicator_code"], i["indicator_label_vi"]) for i in shown[-1][2]["indicators"]]
    parts = -(-len(indicators) // INDICATORS_PER_PART)
    size = -(-len(indicators) // parts)
    kinds = (
        (f"Thực hiện {period_label_vi(period)}", "poor_households", "poverty_rate_pct", "deprived_households",
         "deprivation_rate_pct"),
        (f"Kế hoạch {period_label_vi(target)}", "target_poor_households", "target_poverty_rate_pct",
         "target_deprived_households", "target_deprivation_rate_pct"),
        ("Số hộ và tỷ lệ giảm", "target_poor_reduction", "target_rate_reduction_pp", "target_deprived_reduction",
         "target_deprivation_rate_reduction_pp"),
    )
    tables = []
    for part in range(parts):
        chosen = indicators[part * size:(part + 1) * size]
        first = [Cell(text, rows=3, align="center", bold=True) for text in
                 ("STT", "Xã/Phường/Thị trấn", "Năm", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)")]
        group = "Phân loại số hộ thiếu hụt các dịch vụ xã hội cơ bản" + (" (tiếp)" if part else "")
        header = [
            [*first, Cell(group, columns=2 * len(chosen), align="center", bold=True)],
            [Cell(label, columns=2, align="center", bold=True) for _, label in chosen],
            [Cell(text, align="center", bold=True) for _ in chosen
             for text in ("Số hộ thiếu hụt", "Tỷ lệ thiếu hụt (%)")],
        ]
        groups = []
        for number, name, figures in shown:
            bold = number is None
            if ABSENT_KEY in figures:  # a commune without figures: one row, its status across the figures
                status = status_of(figures, bilingual)
                assert status is not None  # area.units gives an absent commune its submission status
                groups.append([[Cell(str(number), align="center"), Cell(name),
                                Cell(status, columns=3 + 2 * len(chosen), align="center")]])
                continue
            by_code = {i["indicator_code"]: i for i in figures["indicators"]}
            rows = []
            for index, (label, poor, poverty, deprived, deprived_rate) in enumerate(kinds):
                lead = [Cell("" if number is None else str(number), rows=3, align="center", bold=bold),
                        Cell(name, rows=3, bold=bold)] if index == 0 else []
                cells = [*lead, Cell(label, bold=bold), _cell(figures, poor, COUNT, bold),
                         _cell(figures, poverty, RATE, bold)]
                for code, _ in chosen:
                    indicator = by_code.get(code, {})
                    cells += [_cell(indicator, deprived, COUNT, bold), _cell(indicator, deprived_rate, RATE_1, bold)]
                rows.append(cells)
            groups.append(rows)
        first_widths = [10.0, 34.0, 27.0, 15.0, 15.0]
        rest = (text_width(landscape=True) - sum(first_widths)) / (2 * len(chosen))
        caption = "" if part == 0 else "(tiếp)"  # as the workbook's continued pages say
        tables.append(Table(header, groups, first_widths + [rest] * (2 * len(chosen)), caption))
    return tables


def _cell(figures: dict, key: str, number_format: str, bold: bool) -> Cell:
    value = planned(key, figures.get(key))
    return Cell(_figure({key: figures.get(key)}, key, number_format),
                align="center" if isinstance(value, str) else "right", bold=bold)


def _appendix_notes(period: str, tables: dict, bilingual: bool) -> list[str]:
    """What the workbook says above every sheet (publish.area.notes), but the made-up figures: the report says
    those at the top of every page."""
    synthetic = in_print(SYNTHETIC_BANNER, bilingual)
    return [note for note in notes(period, tables, bilingual) if note != synthetic]


def official_report(period: str, area: dict, level: str, tables: dict[str, list[dict]], profile: Profile,
                    issued_on: date) -> OfficialReport:
    """The report of one area and period, from the area's row and its rows of ``publish.workbooks.AREA_TABLES``
    (the same ones its workbook is written from), issued by ``profile`` on ``issued_on``."""
    english = profile.bilingual
    synthetic = is_synthetic(period, tables)
    subject, subject_en = subject_of(period)
    target = area["target_period"]
    shown = units(area, tables, level)
    # the report's own number and date, which the header prints: an appendix says which report it goes with
    reference = (f"(Kèm theo Báo cáo số {profile.number} ngày {date_words(issued_on).removeprefix('ngày ')} "
                 f"của {profile.issuer_in_sentence})")
    said = _appendix_notes(period, tables, english)
    plan_year = period_label_vi(target).upper()

    # the workbook's own titles (publish.workbooks.write_area_workbook): one appendix, whichever file it is read in
    def appendix(number: int, title: str, tables_: list[Table], landscape: bool) -> Appendix:
        return Appendix(appendix_number(number), appendix_title(title, area, period).split("\n"), reference, said,
                        tables_, landscape)

    appendices = [
        appendix(1, f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO {plan_year}",
                 [_poverty_table(period, target, shown, poverty_columns(
                     "", "Số hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Mức giảm tỷ lệ hộ nghèo (%)", "Số hộ nghèo giảm"),
                     False, english)], False),
        appendix(2, f"CHỈ TIÊU GIẢM TỶ LỆ HỘ NGHÈO ĐỒNG BÀO DTTS {plan_year}",
                 [_poverty_table(period, target, shown, poverty_columns(
                     "em_", "Số hộ nghèo DTTS", "Tỷ lệ hộ nghèo DTTS so với dân cư DTTS (%)",
                     "Mức giảm tỷ lệ hộ nghèo trong đồng bào DTTS (%)", "Số hộ nghèo DTTS giảm"), False, english)],
                 False),
        appendix(3, f"KẾ HOẠCH GIẢM CÁC CHỈ SỐ CỦA HỘ NGHÈO TRONG TIẾP CẬN CÁC DỊCH VỤ XÃ HỘI {plan_year}", _deprivation_tables(period, target, shown, english), True),
    ]
    # on every page, as the workbook's banner is on every sheet: made-up figures, figures some communes are missing from
    marks = ([in_print(SYNTHETIC_BANNER, english)] if synthetic else []) + (
        ["SỐ LIỆU TẠM TÍNH" + (" · PROVISIONAL FIGURES" if english else "")] if absent(tables) else [])
    return OfficialReport(
        parent_body=profile.parent_body, issuing_body=profile.issuing_body, number=f"Số: {profile.number}",
        place_date=date_line(profile.place, issued_on), subject=subject, subject_en=subject_en if english else "",
        body=_body(period, area, level, tables, profile, english, synthetic),
        authority=[line for line in (profile.signing_authority, profile.signer_title) if line],
        signer_name=profile.signer_name, recipients=_recipients(profile.recipients), appendices=appendices,
        page_marks=marks, language=profile.language, title=f"{KIND.capitalize()} {subject[0].lower()}{subject[1:]}")
