"""The household register (danh sách hộ): one row per household of the annual review, its columns and the classes a
commune decides, shared by the template that writes it and the reader that reads it. Found by its labels, like the
aggregate workbook's tables.

The head of household's name and identity number are read only to be replaced by a keyed hash at ingestion
(``transforms/pseudonym.py``): no table, file or message made from a register holds either.
"""

from vocabulary.labels import Field

REGISTER_SHEET = Field("register", "Danh sách hộ", "Household list", ("Danh sach ho", "Danh sách hộ gia đình"))

# (field, kind): text, whole (a whole number), flag (1 or 0), income (VND), class, or personal (never kept)
COLUMNS = (
    (Field("village", "Thôn, buôn", "Village", ("Thôn", "Thôn/buôn", "Tên thôn")), "text"),
    (Field("household_number", "Số thứ tự hộ", "Household number", ("Số TT hộ", "Mã hộ")), "whole"),
    (Field("head_name", "Họ và tên chủ hộ", "Head of household", ("Họ tên chủ hộ", "Chủ hộ")), "personal"),
    (Field("id_number", "Số CCCD chủ hộ", "Identity number (CCCD) of the head",
           ("Số CCCD", "CCCD", "Số định danh")), "personal"),
    (Field("members", "Số nhân khẩu", "Members", ("Nhân khẩu", "Số người")), "whole"),
    (Field("ethnic_minority", "Hộ DTTS (1/0)", "Ethnic-minority household (1/0)", ("Hộ DTTS", "DTTS")), "flag"),
    (Field("income_vnd", "Thu nhập bình quân (đồng/người/tháng)", "Income per person per month (VND)",
           ("Thu nhập bình quân", "Thu nhập")), "income"),
    (Field("decided_class", "Phân loại", "Classification", ("Kết quả phân loại", "Xếp loại")), "class"),
    (Field("meritorious", "Hộ có công (1/0)", "Meritorious-service household (1/0)", ("Hộ có công",)), "flag"),
    (Field("social_protection", "Hộ bảo trợ xã hội (1/0)", "Social-protection beneficiary (1/0)",
           ("Hộ bảo trợ xã hội", "Bảo trợ xã hội")), "flag"),
)
KINDS = {field.code: kind for field, kind in COLUMNS}
# one 0/1 column per deprivation indicator of the period's standard, headed with this and the indicator's label
DEPRIVED_PREFIX = "Thiếu hụt: "

# as a commune writes a class, and the code the warehouse keeps
CLASSES = {"Nghèo": "poor", "Cận nghèo": "near_poor", "Mức sống trung bình": "average", "Không": "none"}
CLASS_LABELS = {"poor": ("nghèo", "poor"), "near_poor": ("cận nghèo", "near-poor"),
                "average": ("mức sống trung bình", "average living standard"), "none": ("không", "none")}

ID_DIGITS = 12  # a citizen identity card (CCCD) number
MAX_MEMBERS = 30
MAX_INCOME_VND = 1_000_000_000  # per person per month: beyond this a figure was typed in the wrong unit
