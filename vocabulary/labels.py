"""The submission workbook: its sheets, labels and fields, shared by the writer and the reader.

The reader finds sheets and columns by these labels (accent- and case-insensitively),
never by cell address, so a commune may move things around.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    code: str
    label_vi: str
    label_en: str
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label_vi, *self.aliases)


# Sheet titles. Aliases are the other names people give the same sheet.
INFO_SHEET = Field("info", "Thông tin báo cáo", "Report information", ("Thông tin", "Thong tin chung"))
HOUSEHOLDS_SHEET = Field("households", "Hộ theo thôn", "Households by village", ("Hộ nghèo theo thôn", "Số hộ"))
DEPRIVATION_SHEET = Field("deprivation", "Thiếu hụt", "Deprivations", ("Thiếu hụt dịch vụ xã hội", "Chỉ số thiếu hụt"))
TARGETS_SHEET = Field("targets", "Chỉ tiêu kỳ sau", "Targets for the next period", ("Chỉ tiêu", "Kế hoạch"))
VILLAGE_TARGETS_SHEET = Field("village_targets", "Chỉ tiêu theo thôn", "Targets by village", ("Kế hoạch theo thôn",))

INFO_FIELDS = (
    Field("province_name", "Tỉnh", "Province", ("Tỉnh/thành phố",)),
    Field("district_name", "Huyện", "District", ("Huyện/thị xã", "Quận/huyện")),
    Field("commune_name", "Xã", "Commune", ("Xã/phường/thị trấn", "Tên xã")),
    Field("commune_code", "Mã xã", "Commune code", ("Mã đơn vị",)),
    Field("period", "Kỳ báo cáo", "Reporting period", ("Kỳ",)),
    Field("standard", "Chuẩn nghèo", "Poverty standard", ("Chuẩn nghèo áp dụng",)),
    Field("preparer", "Người lập biểu", "Prepared by", ("Người lập",)),
    Field("prepared_on", "Ngày lập", "Date", ("Ngày",)),
)

VILLAGE_LABEL = Field("village", "Thôn, buôn", "Village", ("Thôn/buôn", "Thôn", "Tên thôn", "Thôn, buôn, tổ dân phố"))
ROW_NUMBER_LABEL = Field("stt", "STT", "No.", ("TT", "Số TT"))
TOTAL_LABELS = ("Tổng cộng", "Tổng", "Toàn xã", "Cộng")

HOUSEHOLD_MEASURES = (
    Field("total_households", "Tổng số hộ", "All households", ("Số hộ",)),
    Field("persons", "Số nhân khẩu", "Persons", ("Nhân khẩu", "Số khẩu")),
    Field("em_households", "Hộ DTTS", "Ethnic-minority households", ("Số hộ DTTS", "Hộ dân tộc thiểu số")),
    Field("poor_households", "Hộ nghèo", "Poor households", ("Số hộ nghèo",)),
    Field("em_poor_households", "Hộ nghèo DTTS", "Poor ethnic-minority households", ("Số hộ nghèo DTTS",)),
    Field("near_poor_households", "Hộ cận nghèo", "Near-poor households", ("Số hộ cận nghèo",)),
    Field("em_near_poor_households", "Hộ cận nghèo DTTS", "Near-poor ethnic-minority households", ("Số hộ cận nghèo DTTS",)),
    Field("escaped_poverty_households", "Hộ thoát nghèo", "Households that escaped poverty", ("Số hộ thoát nghèo",)),
    Field("newly_poor_households", "Hộ nghèo phát sinh", "Newly poor households", ("Số hộ nghèo phát sinh",)),
)

TARGET_MEASURES = (
    Field("total_households", "Tổng số hộ dự kiến", "Expected households"),
    Field("em_households", "Hộ DTTS dự kiến", "Expected ethnic-minority households"),
    Field("poor_households", "Hộ nghèo", "Target poor households", ("Số hộ nghèo",)),
    Field("em_poor_households", "Hộ nghèo DTTS", "Target poor ethnic-minority households", ("Số hộ nghèo DTTS",)),
    Field("near_poor_households", "Hộ cận nghèo", "Target near-poor households", ("Số hộ cận nghèo",)),
)
DEPRIVATION_TARGET_PREFIX = "Hộ thiếu hụt: "

# The commune's figures at the start of the period (the previous review's result), which the official forms carry:
# a commune's first period in the warehouse still gets its fall in the poverty rate ("Mức giảm tỷ lệ hộ nghèo").
# Optional: a commune whose previous period the warehouse holds may leave it blank.
START_SHEET = Field("start", "Số liệu đầu kỳ", "Figures at the start of the period", ("Đầu kỳ",))
START_LABEL = Field("start_item", "Số liệu đầu kỳ (kết quả rà soát kỳ trước)", "At the start of the period",
                    ("Số liệu đầu kỳ", "Đầu kỳ"))
START_VALUE_LABEL = Field("start_value", "Số hộ đầu kỳ", "Households at the start", ("Số hộ đầu năm",))
START_MEASURES = (
    Field("total_households", "Tổng số hộ", "All households", ("Số hộ",)),
    Field("em_households", "Hộ DTTS", "Ethnic-minority households", ("Số hộ DTTS",)),
    Field("poor_households", "Hộ nghèo", "Poor households", ("Số hộ nghèo",)),
    Field("em_poor_households", "Hộ nghèo DTTS", "Poor ethnic-minority households", ("Số hộ nghèo DTTS",)),
)
# Every figure a numbered publication records (warehouse/versions.py: the numbers of marts.poverty_by_* and
# ethnic_minority_by_*), as its list of changes names it (giamngheo diff, the sheet "Thay đổi so với lần trước");
# tests/test_versions.py holds it to the marts' columns
FIGURE_LABELS = {
    **{f.code: f.label_vi for f in HOUSEHOLD_MEASURES},
    "villages": "Số thôn", "communes": "Số xã", "districts": "Số huyện",
    "poverty_rate_pct": "Tỷ lệ hộ nghèo (%)", "near_poor_rate_pct": "Tỷ lệ hộ cận nghèo (%)",
    "em_share_of_households_pct": "Tỷ lệ hộ DTTS trong tổng số hộ (%)",
    "em_poverty_rate_pct": "Tỷ lệ hộ nghèo DTTS (%)", "em_share_of_poor_pct": "Tỷ lệ hộ DTTS trong hộ nghèo (%)",
    "em_near_poor_rate_pct": "Tỷ lệ hộ cận nghèo DTTS (%)",
    "rate_reduction_pp": "Mức giảm tỷ lệ hộ nghèo (điểm %)", "em_rate_reduction_pp": "Mức giảm tỷ lệ hộ nghèo DTTS (điểm %)",
    **{f"start_{f.code}": f"{f.label_vi} đầu kỳ" for f in START_MEASURES},
    "previous_poor_households": "Hộ nghèo kỳ trước", "previous_near_poor_households": "Hộ cận nghèo kỳ trước",
    "previous_poverty_rate_pct": "Tỷ lệ hộ nghèo kỳ trước (%)",
    "previous_em_poverty_rate_pct": "Tỷ lệ hộ nghèo DTTS kỳ trước (%)",
}
TARGET_LABEL = Field("target", "Chỉ tiêu", "Target", ("Nội dung",))
TARGET_VALUE_LABEL = Field("value", "Số hộ", "Households", ("Kế hoạch", "Số lượng"))

INSTRUCTIONS_VI = (
    "Hướng dẫn: chỉ nhập số nguyên ≥ 0 vào các ô màu vàng; mỗi thôn/buôn một dòng; "
    "không sửa dòng Tổng cộng (tự tính). Không có thì ghi 0, không để trống. "
    "Thiếu dòng: chọn một dòng trong bảng, bấm chuột phải, Chèn (Insert) dòng; dòng Tổng cộng tự cộng cả dòng mới."
)
# The household register's own: one row a household, and how to add rows on its protected sheet.
REGISTER_ROWS_VI = "Thiếu dòng: chọn một dòng trong bảng, bấm chuột phải, Chèn (Insert) dòng (trang khóa vẫn cho chèn)."
# A document that holds personal data (names, identity numbers, income, ethnicity) says so on every printed page.
# Not "MẬT": that marks a state secret (Luật Bảo vệ bí mật nhà nước 2018), which a household register is not; what
# governs it is Nghị định 13/2023/NĐ-CP on personal data, whose ethnicity is sensitive data.
PERSONAL_DATA_VI = ("Tài liệu có thông tin cá nhân (Nghị định 13/2023/NĐ-CP): chỉ dùng cho rà soát hộ nghèo, "
                    "hộ cận nghèo; không sao chép, chia sẻ")
# The posting list is posted publicly, as the law requires: it says what for, not that it is secret.
POSTED_VI = ("Danh sách niêm yết công khai để lấy ý kiến người dân;\nthông tin cá nhân chỉ dùng cho rà soát hộ nghèo, "
             "hộ cận nghèo (Nghị định 13/2023/NĐ-CP)")

# What became of a workbook in a run, in the order the summary lists them.
OUTCOMES = {"loaded": "Đã nạp / loaded", "loaded_with_warnings": "Nạp, có cảnh báo / loaded with warnings",
            "quarantined": "Cách ly / quarantined", "needs_review": "Chờ xác nhận xã / needs review",
            "duplicate": "Trùng tệp khác / identical to another file",
            "set_aside": "Không đọc / set aside"}
# What a run would make of a file received after its period was locked (raw.received_after_lock.status)
AFTER_LOCK = {"loaded": "dùng được, chưa tính / usable, not counted yet",
              "quarantined": "có lỗi, xã cần sửa / has errors for its commune to fix",
              "needs_review": "chờ xác nhận xã / its commune needs review"}
# The district's decision on a submission of a period whose files need approval (marts.review_queue.decision)
REVIEW_DECISIONS = {"waiting": "Chờ duyệt / waiting", "approved": "Đã duyệt / approved",
                    "rejected": "Không duyệt / rejected"}
# Whether a commune reported for a period.
SUBMISSION_STATUS = {"on_time": "Đúng hạn / on time", "late": "Trễ hạn / late",
                     "rejected": "Bị trả lại / rejected", "withdrawn": "Đã rút / withdrawn",
                     "awaiting_review": "Chờ huyện duyệt / awaiting review", "missing": "Chưa nộp / missing"}
# A commune in one of these has no figures in the publication, which is then provisional.
ABSENT = ("missing", "rejected", "withdrawn", "awaiting_review")
# where a commune's figures come from (int_figure_sources)
FIGURES_SOURCE = {"aggregate": "Báo cáo tổng hợp / report", "register": "Danh sách hộ / household register"}
# How a submission left a period's figures.
WITHDRAWAL_KINDS = {"withdrawn": "đã rút / withdrawn", "removed_from_inbox": "không còn trong thư mục / no longer in the inbox"}

# Made-up figures (giamngheo run --synthetic: the demo's second period, a training) say so wherever they are shown.
SYNTHETIC_BANNER_VI = "SỐ LIỆU MÔ PHỎNG, KHÔNG PHẢI SỐ LIỆU THẬT"
SYNTHETIC_BANNER = f"{SYNTHETIC_BANNER_VI} · SYNTHETIC FIGURES, NOT REAL"
SYNTHETIC_MARK = "mô phỏng / synthetic"

# A workbook's number formats (#,##0 and 0.00) show the separators of the computer that opens or prints it: said on
# every page of the published workbook, in Vietnamese whatever the profile's language.
SEPARATORS_NOTE = "Dấu phân cách hàng nghìn và thập phân theo cài đặt của máy"


def in_print(label: str, bilingual: bool) -> str:
    """A label of the screens, Vietnamese then English after " / " or " · ", as a printed page shows it: whole for
    a district profile printing both languages ("vi+en"), its Vietnamese only for one printing Vietnamese ("vi").
    Screens (the terminal, the Prefect UI) always show both.

    >>> in_print(SUBMISSION_STATUS["rejected"], False), in_print(SYNTHETIC_BANNER, False)
    ('Bị trả lại', 'SỐ LIỆU MÔ PHỎNG, KHÔNG PHẢI SỐ LIỆU THẬT')
    >>> in_print("Xã / Commune", True), in_print("Xã/Phường/Thị trấn", False), in_print(SYNTHETIC_MARK, False)
    ('Xã / Commune', 'Xã/Phường/Thị trấn', 'mô phỏng')
    """
    if bilingual:
        return label
    return label.split(" / ", 1)[0].split(" · ", 1)[0]


def both(vietnamese: str, english: str, bilingual: bool, joiner: str = " / ") -> str:
    """A printed label: the Vietnamese, and the English after it when the profile prints both."""
    return f"{vietnamese}{joiner}{english}" if bilingual else vietnamese

# A plan figure there is none of (a commune that sent only its register; an area some of whose communes did):
# printed so, never blank, so that it reads neither as zero nor as a figure left out by mistake.
NO_PLAN = "–"
