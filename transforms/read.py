"""Open a commune workbook (.xlsx, .xlsm, .xls, .ods) and return its sheets as grids of cell values.

python-calamine reads all three formats in Rust, returns the values Excel cached for
formulas, and runs no macros.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class ReadError(Exception):
    """The file cannot be read as a workbook; the message says what to do, in Vietnamese and English."""

    def __init__(self, message_vi: str, message_en: str):
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi, self.message_en = message_vi, message_en


@dataclass
class Workbook:
    path: Path
    sha256: str
    size: int
    modified_at: float
    sheets: dict[str, list[list]]  # sheet name -> rows of cell values; "" is an empty cell


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_workbook(path: Path) -> Workbook:
    path = Path(path)
    stat = path.stat()
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise ReadError(
            f"không phải tệp bảng tính ({path.suffix or 'không có đuôi'}); gửi lại tệp .xlsx, .xls hoặc .ods",
            f"not a spreadsheet ({path.suffix or 'no extension'}); send an .xlsx, .xls or .ods file"
        )
    if stat.st_size == 0:
        raise ReadError("tệp rỗng (0 byte); gửi lại tệp", "the file is empty (0 bytes); send it again")
    try:
        book = CalamineWorkbook.from_path(str(path))
        # skip_empty_area=False keeps row and column positions, so cell addresses in messages are right.
        sheets = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except Exception as error:  # calamine raises several types for damaged files; all mean the same to a user
        raise ReadError(
            f"không mở được tệp như một bảng tính ({error}); mở bằng Excel/LibreOffice, lưu lại rồi gửi lại",
            f"cannot open the file as a spreadsheet ({error}); open it in Excel or LibreOffice, save it and send it again"
        ) from error
    return Workbook(path, sha256_of(path), stat.st_size, stat.st_mtime, sheets)
