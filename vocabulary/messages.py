"""Every rule a submission can break, and every warning, with what to tell the commune in Vietnamese and English.

Placeholders are filled from the problem's own fields, so a message always names the cell.
"""

from vocabulary.labels import HOUSEHOLD_MEASURES
from vocabulary.register_layout import CLASS_LABELS
from vocabulary.text import vn_number

RULES: dict[str, tuple[str, str]] = {
    "unreadable": ("{detail}", "{detail_en}"),
    "symlink": (
        "'{value}' là liên kết (symlink) chứ không phải tệp; không đọc. Chép chính tệp vào thư mục.",
        "'{value}' is a link (symlink), not a file; not read. Copy the file itself into the inbox.",
    ),
    "lock_file": (
        "'{value}' là tệp khoá của Excel/LibreOffice khi một bảng tính đang mở; bỏ qua. Đóng bảng tính rồi chạy lại.",
        "'{value}' is the lock file Excel or LibreOffice keeps while a workbook is open; skipped. Close the workbook "
        "and run again.",
    ),
    "hidden_file": (
        "'{value}' là tệp ẩn (tên bắt đầu bằng dấu chấm); bỏ qua. Đổi tên nếu đây là báo cáo của xã.",
        "'{value}' is a hidden file (its name starts with a dot); skipped. Rename it if it is a commune's report.",
    ),
    "folder_named_like_a_workbook": (
        "'{value}' là thư mục, không phải bảng tính; không đọc các tệp trong đó. Gửi lại tệp bảng tính.",
        "'{value}' is a folder, not a workbook; the files in it are not read. Send the workbook file.",
    ),
    "not_a_file": (
        "'{value}' không phải tệp thường; không đọc.",
        "'{value}' is not a plain file; not read.",
    ),
    "vanished": (
        "'{value}' đã bị xoá hoặc chuyển đi trong lúc chạy; không tính. Nếu tệp vẫn cần, chép lại vào thư mục rồi "
        "chạy lại.",
        "'{value}' was deleted or moved away while the run was reading the inbox; not counted. If it is still needed, "
        "copy it into the inbox again and run again.",
    ),
    "register_without_key": (
        "Danh sách hộ '{value}' chưa đọc được vì cấu hình của huyện: {detail}. Xã không phải làm gì; lần chạy sau khi "
        "có khóa sẽ đọc lại tệp này.",
        "The household register '{value}' was not read because of the district's setting: {detail_en}. Nothing for "
        "the commune to do; the first run after the key is set reads the file again.",
    ),
    "unreadable_file": (
        "'{value}' không đọc được từ ổ đĩa (không có quyền đọc, hoặc lỗi ổ đĩa/mạng); không tính. Kiểm tra quyền "
        "đọc tệp rồi chạy lại.",
        "'{value}' could not be read from the disk (no permission to read it, or a disk or network error); not "
        "counted. Check that the file can be read and run again.",
    ),
    "sheet_missing": (
        "Không tìm thấy trang '{expected}' (cần có dòng tiêu đề với các cột {labels}). Dùng đúng mẫu biểu.",
        "Sheet '{expected}' not found (it needs a header row with the columns {labels}). Use the template.",
    ),
    "sheet_hidden": (
        "Bảng '{expected}' nằm ở trang ẩn '{value}'; số liệu ở trang ẩn không được lấy. Bỏ ẩn trang (chuột phải vào "
        "tên trang → Bỏ ẩn) rồi gửi lại.",
        "The '{expected}' table is on the hidden sheet '{value}'; figures on a hidden sheet are not taken. Unhide the "
        "sheet (right-click a sheet tab → Unhide) and send it again.",
    ),
    "column_missing": (
        "Trang '{sheet}' thiếu cột '{expected}' ở dòng tiêu đề {cell}. Thêm cột này theo mẫu.",
        "Sheet '{sheet}' lacks the column '{expected}' in its header row {cell}. Add it as in the template.",
    ),
    "column_unknown": (
        "Cột '{value}' ({cell}) không có trong mẫu nhưng có số liệu. Xoá cột hoặc đổi tên theo mẫu.",
        "Column '{value}' ({cell}) is not in the template but holds figures. Remove it or rename it as in the template.",
    ),
    "info_missing": (
        "Thiếu '{expected}' ở trang thông tin. Điền vào ô bên phải nhãn '{expected}'.",
        "'{expected}' is missing from the information sheet. Fill in the cell right of the label '{expected}'.",
    ),
    "row_below_total": (
        "Ô {cell}: dòng '{value}' có số liệu nhưng nằm dưới dòng Tổng cộng, ngoài bảng; số liệu này không được lấy. "
        "Chuyển dòng lên trên dòng tổng (và cộng vào tổng) hoặc xoá đi.",
        "Cell {cell}: row '{value}' has figures but is below the total row, outside the table; they are not taken. "
        "Move the row above the total (and into it) or delete it.",
    ),
    "implausible": (
        "Ô {cell}: {value} vượt quá mức có thể có ({limit}). Kiểm tra lại số liệu.",
        "Cell {cell}: {value} is beyond what is possible ({limit_en}). Check the figure.",
    ),
    "errors_truncated": (
        "Còn {value} lỗi khác trong tệp (chỉ liệt kê {limit} lỗi đầu). Sửa các lỗi trên rồi gửi lại để xem tiếp.",
        "{value} more errors in the file (only the first {limit} are listed). Fix those above and send it again to "
        "see the rest.",
    ),
    "total_missing": (
        "Trang '{sheet}' không có dòng 'Tổng cộng' dưới bảng. Thêm dòng tổng như mẫu.",
        "Sheet '{sheet}' has no 'Tổng cộng' (total) row under the table. Add it as in the template.",
    ),
    "village_missing": (
        "Ô {cell}: dòng có số liệu nhưng chưa ghi tên thôn, buôn.",
        "Cell {cell}: the row has figures but no village name.",
    ),
    "village_duplicated": (
        "Ô {cell}: thôn '{value}' xuất hiện nhiều lần trong trang '{sheet}'. Mỗi thôn một dòng.",
        "Cell {cell}: village '{value}' appears more than once in sheet '{sheet}'. One row per village.",
    ),
    "village_unmatched": (
        "Ô {cell}: thôn '{value}' có ở trang thiếu hụt nhưng không có ở trang hộ theo thôn. Ghi tên thôn giống nhau ở hai trang.",
        "Cell {cell}: village '{value}' is in the deprivation sheet but not in the households sheet. Spell villages the same in both.",
    ),
    "target_unknown": (
        "Ô {cell}: chỉ tiêu '{value}' không có trong mẫu. Dùng đúng tên chỉ tiêu của mẫu.",
        "Cell {cell}: target '{value}' is not in the template. Use the template's target names.",
    ),
    "target_missing": (
        "Trang chỉ tiêu thiếu dòng '{expected}'. Thêm dòng này theo mẫu.",
        "The targets sheet lacks the row '{expected}'. Add it as in the template.",
    ),
    "not_a_number": (
        "Ô {cell}: '{value}' không phải là số. Nhập số nguyên ≥ 0 (không có thì ghi 0).",
        "Cell {cell}: '{value}' is not a number. Enter a whole number ≥ 0 (0 if none).",
    ),
    "blank": (
        "Ô {cell} đang để trống. Nhập số (không có thì ghi 0). Nếu là ô công thức, mở tệp bằng Excel/LibreOffice và lưu lại để có giá trị.",
        "Cell {cell} is blank. Enter a number (0 if none). If it is a formula, open the file in Excel or LibreOffice and save it so the value is stored.",
    ),
    "not_whole": (
        "Ô {cell}: {value} không phải số nguyên. Số hộ, số người phải là số nguyên.",
        "Cell {cell}: {value} is not a whole number. Households and persons are whole numbers.",
    ),
    "negative": (
        "Ô {cell}: {value} là số âm. Nhập số ≥ 0.",
        "Cell {cell}: {value} is negative. Enter a number ≥ 0.",
    ),
    "exceeds": (
        "Ô {cell}: {value} lớn hơn {other_label} ({other_value}) cùng dòng. {label} không thể vượt quá {other_label}.",
        "Cell {cell}: {value} is more than {other_label_en} ({other_value}) on the same row. {label_en} cannot exceed {other_label_en}.",
    ),
    "below": (
        "Ô {cell}: {value} nhỏ hơn {other_label} ({other_value}) cùng dòng. {label} phải ≥ {other_label}.",
        "Cell {cell}: {value} is less than {other_label_en} ({other_value}) on the same row. {label_en} must be ≥ {other_label_en}.",
    ),
    "crowded": (
        "Ô {cell}: {value} người trong {other_value} hộ, hơn {limit} người một hộ. Kiểm tra lại số nhân khẩu.",
        "Cell {cell}: {value} persons in {other_value} households, more than {limit} a household. Check the persons.",
    ),
    "total_mismatch": (
        "Ô {cell}: dòng tổng ghi {value} nhưng cộng các thôn được {expected}. Sửa số liệu thôn hoặc dòng tổng.",
        "Cell {cell}: the total row says {value} but the villages add up to {expected}. Correct the villages or the total.",
    ),
    "target_villages_mismatch": (
        "Ô {cell}: chỉ tiêu của xã ghi {value} nhưng các thôn ở trang 'Chỉ tiêu theo thôn' cộng lại được {expected}. "
        "Sửa cho khớp.",
        "Cell {cell}: the commune's target is {value} but the villages on sheet 'Chỉ tiêu theo thôn' add up to "
        "{expected}. Make them agree.",
    ),
    "commune_unknown": (
        "Ô {cell}: không tìm thấy xã '{value}' trong danh mục đơn vị hành chính{where}. Ghi đúng mã xã (5 chữ số) hoặc tên xã.",
        "Cell {cell}: commune '{value}' is not in the official list of units{where_en}. Write the official 5-digit commune code or name.",
    ),
    "commune_mismatch": (
        "Ô {cell}: mã xã {value} là '{expected}', không thuộc huyện '{other_value}' đã ghi. Kiểm tra lại mã xã.",
        "Cell {cell}: commune code {value} is '{expected}', which is not in the declared district '{other_value}'. Check the code.",
    ),
    "commune_review": (
        "Ô {cell}: chưa chắc xã '{value}' là xã nào; gần nhất: {expected}. Cán bộ huyện xác nhận một lần, với mã "
        "của xã đúng (đây là ứng viên đầu): giamngheo aliases add {value_shell} {candidate} --district {district_shell} "
        "--file {aliases_shell}",
        "Cell {cell}: not sure which commune '{value}' is; closest: {expected}. A district officer confirms it once, "
        "with the right commune's code (here the first candidate's): "
        "giamngheo aliases add {value_shell} {candidate} --district {district_shell} --file {aliases_shell}",
    ),
    "commune_conflict": (
        "Ô {cell}: mã xã và tên xã trong tệp không cùng một xã ({detail}); tệp chưa được nạp. Xã sửa lại mã hoặc tên, "
        "hoặc cán bộ huyện xác nhận tên này là của mã này: giamngheo aliases add {name_shell} {value} --district "
        "{district_shell} --file {aliases_shell}",
        "Cell {cell}: the commune code and name in the file are not the same commune ({detail_en}); nothing was "
        "loaded. The commune corrects the code or the name, or a district officer confirms the name stands for this "
        "code: giamngheo aliases add {name_shell} {value} --district {district_shell} --file {aliases_shell}",
    ),
    "commune_other_structure": (
        "Ô {cell}: mã xã {value} không có trong danh mục đơn vị của kỳ báo cáo: {detail}.",
        "Cell {cell}: commune code {value} is not a unit of the period's structure: {detail_en}.",
    ),
    "district_unknown": (
        "Ô {cell}: không tìm thấy huyện '{value}' trong danh mục đơn vị hành chính. Ghi đúng tên huyện hoặc mã xã.",
        "Cell {cell}: district '{value}' is not in the official list of units. Write the district's name or the commune code.",
    ),
    "period_invalid": (
        "Ô {cell}: kỳ báo cáo '{value}' không hợp lệ. Ghi 2020 (cả năm) hoặc 2021-H1 (6 tháng).",
        "Cell {cell}: period '{value}' is not valid. Write 2020 (annual) or 2021-H1 (six-month).",
    ),
    "period_mismatch": (
        "Ô {cell}: tệp ghi kỳ '{value}' nhưng đang tổng hợp kỳ '{expected}'. Gửi đúng tệp của kỳ '{expected}'.",
        "Cell {cell}: the file is for period '{value}' but period '{expected}' is being consolidated. Send the file for '{expected}'.",
    ),
    "standard_mismatch": (
        "Ô {cell}: chuẩn nghèo '{value}' không đúng với kỳ {other_value}; kỳ này áp dụng chuẩn {expected}.",
        "Cell {cell}: poverty standard '{value}' does not fit period {other_value}; that period uses the {expected} standard.",
    ),
    "indicators_mismatch": (
        "Trang '{sheet}': các chỉ số thiếu hụt không đúng chuẩn {expected}: {value}. Dùng mẫu của kỳ báo cáo.",
        "Sheet '{sheet}': the deprivation indicators do not match the {expected} standard: {value}. Use the period's template.",
    ),
    "rate_moved": (
        "Ô {cell}: tỷ lệ hộ nghèo của xã là {value} %, năm trước {previous_value} %: thay đổi {change} điểm, hơn "
        "ngưỡng {threshold} điểm. Đề nghị xã xác nhận số hộ nghèo và tổng số hộ.",
        "Cell {cell}: the commune's poverty rate is {value_en} %, {previous_value_en} % the year before: a change of "
        "{change_en} points, more than the {threshold_en}-point threshold. Ask the commune to confirm its poor and total "
        "households.",
    ),
    "poor_up_near_poor_down": (
        "Ô {cell}: hộ nghèo tăng từ {previous_value} lên {value} (hơn {threshold} %) trong khi hộ cận nghèo giảm từ "
        "{other_previous_value} xuống {other_value}. Đề nghị xã xác nhận việc phân loại hộ.",
        "Cell {cell}: poor households rose from {previous_value_en} to {value_en} (more than {threshold_en} %) while "
        "near-poor households fell from {other_previous_value_en} to {other_value_en}. Ask the commune to confirm how "
        "households were classified.",
    ),
    "commune_resubmitted": (
        "Xã đã gửi {value} tệp hợp lệ cho kỳ này ({files}); số liệu lấy theo tệp nhận sau cùng, {current}. Các tệp "
        "trước vẫn lưu trong kho. Nếu tệp khác mới đúng, bỏ tệp này khỏi thư mục rồi chạy lại.",
        "The commune sent {value} valid files for this period ({files}); the figures are those of the last one "
        "received, {current}. The earlier files stay in the warehouse. If another file is the right one, remove this "
        "one from the inbox and run again.",
    ),
    "hidden_sheets_not_read": (
        "Tệp có trang ẩn ({value}); số liệu ở trang ẩn không được đọc, chỉ các trang hiện. Nếu số liệu đúng nằm ở "
        "trang ẩn, đề nghị xã bỏ ẩn và gửi lại.",
        "The file has hidden sheets ({value}); figures on hidden sheets are not read, only the visible ones. If the "
        "right figures are on a hidden sheet, ask the commune to unhide it and send the file again.",
    ),
    "village_households_changed": (
        "Ô {cell}: thôn {village} có {value} hộ, năm trước {previous_value} hộ: thay đổi {change} %, hơn ngưỡng "
        "{threshold} %. Đề nghị xã xác nhận tổng số hộ của thôn.",
        "Cell {cell}: village {village} has {value_en} households, {previous_value_en} the year before: a change of "
        "{change_en} %, more than the {threshold_en} % threshold. Ask the commune to confirm the village's households.",
    ),
    # the reader's word that the key is wanting; the run sets such a register aside (register_without_key)
    "pii_key_missing": ("{detail}", "{detail_en}"),
    "head_name_missing": (
        "Ô {cell}: chưa ghi họ và tên chủ hộ.",
        "Cell {cell}: the head of household's name is missing.",
    ),
    "id_number_invalid": (
        "Ô {cell}: số CCCD phải có đúng {digits} chữ số (số đã ghi không được nhắc lại ở đây, để bảo vệ dữ liệu cá "
        "nhân). Ghi số CCCD dạng văn bản để giữ các số 0 ở đầu.",
        "Cell {cell}: the identity number (CCCD) must have exactly {digits} digits (the number written is not repeated "
        "here, to protect personal data). Type it as text to keep its leading zeros.",
    ),
    "household_in_two_communes": (
        "Hộ số {household} (trang '{sheet}') có cùng số CCCD của chủ hộ với một hộ trong danh sách hộ của {value}: "
        "một hộ chỉ thuộc một xã. Đề nghị các xã đối chiếu (số CCCD và tên không nhắc lại ở đây, để bảo vệ dữ liệu cá "
        "nhân).",
        "Household {household} (sheet '{sheet}') has the same head's identity number as a household in the register "
        "of {value}: a household belongs to one commune. Ask the communes to check (the number and the name are not "
        "repeated here, to protect personal data).",
    ),
    "pseudonym_key_changed": (
        "Danh sách hộ kỳ này được đọc bằng khóa bí danh khác với danh sách hộ năm trước: không theo dõi được hộ nào "
        "từ năm trước, nên số hộ thoát nghèo, phát sinh theo danh sách hộ không được tính. Nếu khóa đổi nhầm, đặt lại "
        "khóa cũ (GIAMNGHEO_PII_KEY) rồi chạy lại cả hai kỳ với --full.",
        "This register was read with another pseudonym key than the year before's register: no household can be "
        "followed from that year, so households escaping or falling into poverty are not counted from the "
        "registers. If the key was changed by mistake, set the old one back (GIAMNGHEO_PII_KEY) and run both periods "
        "again with --full.",
    ),
    "id_number_repeated": (
        "Ô {cell}: số CCCD trùng với dòng {other_row}: mỗi hộ chỉ ghi một dòng.",
        "Cell {cell}: the identity number repeats row {other_row}'s: one row per household.",
    ),
    # a register's cells are never repeated in its messages: what is in one may be a person's name
    "flag_invalid": (
        "Ô {cell}: phải là 1 (có) hoặc 0 (không).",
        "Cell {cell}: must be 1 (yes) or 0 (no).",
    ),
    "class_invalid": (
        "Ô {cell}: không phải một phân loại; ghi một trong: {expected}.",
        "Cell {cell}: not a classification; write one of: {expected}.",
    ),
    "text_in_figure": (
        "Ô {cell}: ô có chữ, cần một số (nội dung ô không nhắc lại ở đây, để bảo vệ dữ liệu cá nhân). Nhập số.",
        "Cell {cell}: holds text where a number goes (what it holds is not repeated here, to protect personal data). "
        "Enter a number.",
    ),
    "village_unrecognised": (
        "Ô {cell}: tên thôn không bắt đầu bằng {words}…, không có số thôn, và không hộ nào khác ghi thôn này; có thể "
        "đã ghi nhầm họ tên vào cột thôn (nội dung ô không nhắc lại ở đây, để bảo vệ dữ liệu cá nhân). Ghi đúng tên "
        "thôn như trong báo cáo của xã.",
        "Cell {cell}: the village name starts with none of {words}…, has no village number, and no other household is "
        "written with it: a name may have been typed in the village column (what it holds is not repeated here, to "
        "protect personal data). Write the village's name as in the commune's report.",
    ),
    "out_of_range": (
        "Ô {cell}: {value} nằm ngoài khoảng cho phép của cột '{label}' ({limit}).",
        "Cell {cell}: {value} is outside what the column '{label}' allows ({limit_en}).",
    ),
    "class_mismatch": (
        "Ô {cell}: xã phân loại hộ số {household} là {decided}, theo chuẩn nghèo của kỳ là {computed}: {reason}. Đề "
        "nghị xã xem lại.",
        "Cell {cell}: the commune classed household {household} {decided_en}; the period's standard makes it "
        "{computed_en}: {reason_en}. Ask the commune to check it.",
    ),
    "register_mismatch": (
        "{label}: danh sách hộ cho {value}, báo cáo tổng hợp ghi {other_value}. Đề nghị xã đối chiếu.",
        "{label_en}: the household register gives {value_en}, the aggregate report says {other_value_en}. Ask the "
        "commune to reconcile them.",
    ),
    "formula_error": (
        "Ô {cell}: công thức trả về lỗi {value}; sửa công thức (hoặc nhập số) rồi lưu lại và gửi lại.",
        "Cell {cell}: the formula gives the error {value}; fix the formula (or type the number), save the file and "
        "send it again.",
    ),
    "format_xlsb": (
        "Tệp lưu dạng Excel nhị phân (.xlsb), không nhận. Mở bằng Excel, lưu lại thành .xlsx (Tệp → Lưu thành → Sổ "
        "làm việc Excel) rồi gửi lại.",
        "The file is an Excel binary workbook (.xlsb), which is not accepted. Open it in Excel, save it as .xlsx "
        "(File → Save As → Excel Workbook) and send it again.",
    ),
    "format_csv": (
        "Tệp là bản xuất CSV (.csv): chỉ có một trang, không còn mẫu biểu; không nhận. Gửi chính tệp bảng tính của "
        "xã (.xlsx, .xls hoặc .ods), không phải bản xuất CSV.",
        "The file is a CSV export (.csv): one sheet, none of the template; not accepted. Send the workbook itself "
        "(.xlsx, .xls or .ods), not a CSV export.",
    ),
    "table_on_several_sheets": (
        "Bảng '{expected}' có ở nhiều trang: {value}; không rõ trang nào là số liệu của kỳ {period}, nên chưa lấy số "
        "liệu nào của tệp. Chỉ để bảng ở một trang (xoá các trang kia), hoặc ghi năm {year} vào tên hay tiêu đề của "
        "đúng trang, rồi gửi lại.",
        "The '{expected}' table is on several sheets: {value}; which of them holds the figures of period {period} is "
        "not clear, so nothing was taken from the file. Keep the table on one sheet (delete the others), or write "
        "the year {year} in the name or title of the right one, and send it again.",
    ),
    "table_sheet_chosen": (
        "Ô {cell}: đã đọc bảng ở trang '{sheet}' vì tên hoặc tiêu đề trang ghi năm của kỳ báo cáo; trang {value} cũng "
        "có bảng này nhưng không được đọc. Nếu số liệu đúng nằm ở trang khác, đề nghị xã xoá các trang thừa rồi gửi "
        "lại.",
        "Cell {cell}: the table on sheet '{sheet}' was read, since its name or title carries the period's year; the "
        "same table on {value} was not read. If the right figures are on another sheet, ask the commune to delete "
        "the extra sheets and send the file again.",
    ),
}


def render(rule: str, **fields) -> tuple[str, str]:
    """The Vietnamese and English messages for a broken rule. A field ``x_en`` is what the English message says
    for ``x`` (a figure written 860,5 in Vietnamese is 860.5 in English)."""
    vi, en = RULES[rule]
    values = {key: ("" if value is None else value) for key, value in fields.items()}
    values.setdefault("label_en", values.get("label", ""))
    values.setdefault("other_label_en", values.get("other_label", ""))
    for key in ("where", "where_en", "expected", "other_value", "labels", "sheet", "value", "cell", "detail",
                "detail_en", "limit", "limit_en"):
        values.setdefault(key, "")
    english = {**values, **{key[:-3]: value for key, value in values.items() if key.endswith("_en")}}
    return vi.format(**values), en.format(**english)


def _english(value, decimals: int) -> str:
    return "" if value is None else f"{value:,.{decimals}f}"


def warning_message(warning: dict) -> tuple[str, str]:
    """The Vietnamese and English messages for a row of ``marts.warnings``: the figures compared, the change and
    the threshold it passed."""
    rule = warning["rule"]
    if rule == "class_mismatch":
        return _class_mismatch(warning)
    if rule == "register_mismatch":
        measure = MEASURES[warning["measure"]]
        return render(rule, label=measure.label_vi, label_en=measure.label_en, value=vn_number(warning["value"], 0),
                      value_en=_english(warning["value"], 0), other_value=vn_number(warning["reported_value"], 0),
                      other_value_en=_english(warning["reported_value"], 0))
    if rule == "pseudonym_key_changed":
        return render(rule)
    if rule == "household_in_two_communes":
        return render(rule, household=warning["household_number"], sheet=warning["sheet"],
                      value=warning["other_communes"])
    if rule == "hidden_sheets_not_read":
        return render(rule, value=warning["files"])
    if rule == "table_sheet_chosen":
        return render(rule, sheet=warning["sheet"], cell=f"{warning['sheet']}!{warning['cell']}", value=warning["files"])
    if rule == "commune_resubmitted":
        return render(rule, value=int(warning["value"]), files=warning["files"], current=warning["file_name"])
    rate = rule == "rate_moved"
    decimals = 2 if rate else 0
    fields = {"cell": f"{warning['sheet']}!{warning['cell']}" if warning["cell"] else "",
              "village": warning["village_name"]}
    for key in ("value", "previous_value", "other_value", "other_previous_value"):
        fields[key], fields[f"{key}_en"] = vn_number(warning[key], decimals), _english(warning[key], decimals)
    if rate:
        change, threshold = warning["value"] - warning["previous_value"], warning["threshold"]
    else:
        change = 100 * (warning["value"] - warning["previous_value"]) / warning["previous_value"]
        threshold = 100 * warning["threshold"]
    places = 2 if rate else 1
    fields.update(change=vn_number(change, places), change_en=_english(change, places),
                  threshold=vn_number(threshold, 1), threshold_en=_english(threshold, 1))
    return render(rule, **fields)


# the register's figures compared with an aggregate workbook's, named as the template's village table names them
MEASURES = {measure.code: measure for measure in HOUSEHOLD_MEASURES}


def _class_mismatch(warning: dict) -> tuple[str, str]:
    """Why the standard classes a household otherwise: its income against the line (and upper line), and its
    deprivations against the threshold."""
    income, line, upper = warning["value"], warning["income_line_vnd"], warning["upper_line_vnd"]
    count, threshold = warning["deprivation_count"], warning["deprivation_threshold"]
    side = "≤" if income <= line else ">"
    reason = [f"thu nhập {vn_number(income, 0)} {side} chuẩn {vn_number(line, 0)}"]
    reason_en = [f"income {_english(income, 0)} {side} line {_english(line, 0)}"]
    if upper is not None and income > line:
        side = "≤" if income <= upper else ">"
        reason.append(f"{side} cận trên {vn_number(upper, 0)}")
        reason_en.append(f"{side} upper line {_english(upper, 0)}")
    side = "≥" if count >= threshold else "<"
    reason.append(f"thiếu hụt {count} chỉ số ({side} {threshold})")
    reason_en.append(f"deprived on {count} indicators ({side} {threshold})")
    decided, computed = CLASS_LABELS[warning["decided_class"]], CLASS_LABELS[warning["computed_class"]]
    return render("class_mismatch", cell=f"{warning['sheet']}!{warning['cell']}", decided=decided[0],
                  decided_en=decided[1], computed=computed[0], computed_en=computed[1],
                  household=warning["household_number"], reason=", ".join(reason), reason_en=", ".join(reason_en))


def warning_value(warning: dict) -> str:
    """The figure a warning is about, as Vietnamese documents print it."""
    if warning["value"] is None:
        return warning["files"] or ""
    return vn_number(warning["value"], 2 if warning["rule"] == "rate_moved" else 0)
