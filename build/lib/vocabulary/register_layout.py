"""The household register (danh sách hộ): one row per household of the annual review, its columns and the classes a
commune decides, shared by the template that writes it and the reader that reads it. Found by its labels, like the
aggregate workbook's tables.

The head of household's name and identity number are read only to be replaced by a keyed hash at ingestion
(``transforms/pseudonym.py``): no table, file or message made from a register holds either.
"""

import re

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

# What a register cell not meant for a name holds instead of its text, when its text is not what the column takes
# (a number, a 0/1, a class): such text may be a person's name typed in the wrong column, so nothing after the
# reader sees it; messages then name the cell only.
HIDDEN_TEXT = "…"

# A village's name begins with the word for what it is, or ends with its number; a name that does neither, and
# that no other household of the register is written with, may be a person's name typed in the village column.
# Written with their accents: without them some are surnames (Tô, Bàn, Lăng all fold to a village word); those
# written plainly are no one's name.
VILLAGE_WORDS = ("thôn", "buôn", "bản", "làng", "ấp", "xóm", "tổ", "tổ dân phố", "khu", "khu phố", "khối", "plei",
                 "đội", "sóc", "phum", "bon", "bôn", "cụm", "chòm", "khóm", "tiểu khu")
PLAIN_VILLAGE_WORDS = ("thon", "buon", "xom", "ap", "plei", "khu", "tdp", "kp", "khoi", "soc", "phum")
VILLAGE_SHARED_BY = 3  # households written with the same village name, that make it a village whatever its words
_NUMBERED = re.compile(r"^\d+[a-z]?$")


def village_like(name: str) -> bool:
    """Whether ``name`` reads as a village's: its kind's word first, or its number (1, 2A) last.

    >>> [village_like(n) for n in ("Buôn Ma Giai", "Thon 3", "Tổ 5", "12B", "Tô Văn Lâm", "Ksor H'Bia", "To 7")]
    [True, True, True, True, False, False, True]
    """
    words = " ".join(name.split()).lower().split(" ")
    if not words[0]:
        return False
    if _NUMBERED.match(words[-1]) or words[0] in PLAIN_VILLAGE_WORDS:
        return True
    lowered = " ".join(words)
    return any(lowered == word or lowered.startswith(word + " ") for word in VILLAGE_WORDS)
