"""What the portal's pages say, in Vietnamese and in English (the switch at the top of each page)."""

from pipeline.intake import MAX_BYTES

LANGUAGES = ("vi", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Nộp báo cáo giảm nghèo", "Poverty-reduction reports"),
    "language": ("English", "Tiếng Việt"),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_in_help": ("Dán mã đăng nhập huyện đã gửi cho xã (dùng một lần), hoặc mở đường dẫn trong thư.",
                     "Paste the one-time sign-in code the district sent, or open the link in its message."),
    "code": ("Mã đăng nhập", "Sign-in code"),
    "link_invalid": ("Mã đăng nhập không đúng, đã dùng hoặc đã hết hạn: xin huyện mã mới.",
                     "The sign-in code is wrong, used or expired: ask the district for a new one."),
    "sign_out": ("Đăng xuất", "Sign out"),
    "period": ("Kỳ báo cáo", "Reporting period"),
    "template": ("Tải mẫu biểu của xã", "Download the commune's template"),
    "register_template": ("Tải mẫu danh sách hộ", "Download the household register template"),
    "upload": ("Nộp báo cáo", "Hand in the report"),
    "upload_help": ("Chọn tệp .xlsx, .xls hoặc .ods của xã (tối đa {limit} MB). Tệp được kiểm tra ngay.",
                    "Choose the commune's .xlsx, .xls or .ods file ({limit} MB at most). It is checked at once."),
    "file": ("Tệp", "File"),
    "send": ("Gửi", "Send"),
    "status": ("Tình trạng báo cáo của xã", "Where the commune's report stands"),
    "no_run": ("Huyện chưa tổng hợp kỳ này.", "The district has not consolidated this period yet."),
    "history": ("Các lần nộp", "Submissions"),
    "received": ("Nhận lúc", "Received"),
    "outcome": ("Kết quả", "Outcome"),
    "accepted": ("Đã nhận", "Received"),
    "refused": ("Bị trả lại", "Refused"),
    "accepted_long": ("Đã nhận: báo cáo sẽ được tính trong lần tổng hợp tới của huyện. Xin kiểm tra lại các số "
                      "liệu đọc được dưới đây.",
                      "Received: the report counts in the district's next consolidation. Please check the figures "
                      "read from it below."),
    "refused_long": ("Bị trả lại: xin sửa các ô dưới đây rồi nộp lại.",
                     "Refused: please fix the cells below and hand it in again."),
    "locked": ("Kỳ này đã khóa vì báo cáo đã gửi đi: tệp được giữ lại và chỉ được tính khi huyện mở khóa kỳ.",
               "The period is locked, its report sent: the file is kept and counts only once the district unlocks "
               "the period."),
    "marked_up": ("Tải tệp đã đánh dấu lỗi", "Download the marked-up copy"),
    "sheet": ("Trang", "Sheet"),
    "cell": ("Ô", "Cell"),
    "problem": ("Cần sửa", "To fix"),
    "measure": ("Chỉ tiêu", "Measure"),
    "value": ("Số liệu", "Figure"),
    "villages": ("Thôn, buôn đọc được", "Villages read"),
    "households_read": ("Số hộ trong danh sách", "Households in the register"),
    "back": ("Về trang chính", "Back to the main page"),
    "district": ("Huyện: tình hình nộp báo cáo", "District: who has reported"),
    "commune": ("Xã", "Commune"),
    "files": ("Số tệp", "Files"),
    "first_received": ("Nhận đầu tiên", "First received"),
    "due": ("Hạn nộp", "Due"),
    "publication": ("Bản xuất bản mới nhất", "Latest publication"),
    "no_publication": ("Chưa có bản xuất bản.", "Nothing published yet."),
    "portal_files": ("Các tệp nhận qua cổng", "Files received through the portal"),
    "as_received": ("tệp như đã nhận", "the file as received"),
    "replaced": ("đã được thay bằng tệp sau", "replaced by a later file"),
    "too_many": ("Nộp nhiều lần quá trong thời gian ngắn: xin đợi vài phút rồi nộp lại.",
                 "Too many submissions in a short time: wait a few minutes and send it again."),
    "too_large": ("Tệp lớn quá {limit} MB.", "The file is over {limit} MB."),
    "forbidden": ("Không được phép: trang này không thuộc tài khoản của bạn, hoặc phiên đã hết hạn.",
                  "Not allowed: this page is not your account's, or the session has ended."),
    "not_found": ("Không tìm thấy.", "Not found."),
    "no_file": ("Chưa chọn tệp.", "No file was chosen."),
}


def text(key: str, language: str) -> str:
    """``key``'s text in ``language``, with the upload limit filled in.

    >>> text("too_large", "en")
    'The file is over 5 MB.'
    """
    vi, en = TEXTS[key]
    return (en if language == "en" else vi).format(limit=MAX_BYTES // 2**20)
