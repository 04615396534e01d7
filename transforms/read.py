"""Open a commune workbook (.xlsx, .xlsm, .xls, .ods) and return its sheets as grids of cell values.

python-calamine reads all three formats in Rust, returns the values Excel cached for
formulas, and runs no macros. A file from outside is untrusted, so before calamine sees it
the file is checked against the limits below; what exceeds them is refused with a message,
never read in part.

An Excel binary workbook (.xlsb) and a CSV export are read the same way, within the same limits, but only for what
they declare (``Workbook.refused_format``): the file is then refused, saying what to send instead, and counts for
its commune as a file it sent, not as nothing.
"""

import csv
import hashlib
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from transforms import cell_errors, legacy_text

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# formats read only to attribute the file to its commune, then refused with the rule named here
REFUSED_FORMATS = {".xlsb": "format_xlsb", ".csv": "format_csv"}
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
# A filled-in commune workbook is some 20 kB, 60 kB unpacked and a few dozen rows a sheet; these are far above that.
MAX_FILE_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 200 * 2**20
MAX_PACKING_RATIO = 200  # unpacked/packed size of one part; spreadsheet XML packs 10–30 times, a zip bomb thousands
MAX_SHEET_ROWS = 5_000
MAX_SHEET_COLUMNS = 200
# All sheets together, as declared (a sheet is read whole, from A1 to its last cell): a sparse sheet that declares
# a huge area with a cell in its far corner costs as much as a full one, so it is refused before it is read.
MAX_WORKBOOK_CELLS = 1_000_000
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # .xls, and the wrapper Office puts around a password-protected .xlsx


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
    sheets: dict[str, list[list]]  # visible sheet name -> rows of cell values; "" is an empty cell
    text_encoding: str | None = None  # "tcvn3" or "vni" when the text was typed in that legacy encoding and converted
    hidden: dict[str, list[list]] = field(default_factory=dict)  # the sheets a reader does not see, never read from
    refused_format: str | None = None  # the rule of REFUSED_FORMATS: read for what it declares, then refused
    data: bytes = field(default=b"", repr=False)  # the file's bytes while its grids are held, for formula_error
    _errors: cell_errors.Errors | None = field(default=None, repr=False)

    def formula_error(self, sheet: str, row: int, column: int) -> str | None:
        """The error a formula gives in a cell the grids hold as empty (#REF!, #DIV/0!, …), or None. The file is
        searched for error cells the first time a blank cell is asked about: an ordinary file never is."""
        if self._errors is None:
            self._errors = cell_errors.formula_errors(self.data, self.path.suffix.lower())
        return self._errors.get(sheet, {}).get((row, column))

    @property
    def filled_hidden_sheets(self) -> str | None:
        """The hidden sheets that hold anything, for the warning that they were not read."""
        return ", ".join(name for name, grid in self.hidden.items()
                         if any(v not in ("", None) for row in grid for v in row)) or None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _refuse_password() -> None:
    raise ReadError("tệp có mật khẩu; bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi gửi lại",
                    "the workbook is password-protected; remove the password (File → Info → Protect Workbook) "
                    "and send it again")


def _part_start(data: bytes, archive: zipfile.ZipFile, part: zipfile.ZipInfo, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a part, unpacked: from the bytes already read when the part is stored or
    deflated (as spreadsheet files are), which costs a tenth of opening it through ``zipfile``."""
    try:
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            with archive.open(part) as stream:
                return stream.read(size)
        name_length, extra_length = struct.unpack_from("<HH", data, part.header_offset + 26)
        start = part.header_offset + 30 + name_length + extra_length
        packed = memoryview(data)[start:start + part.compress_size]
        if part.compress_type == zipfile.ZIP_STORED:
            return bytes(packed[:size])
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(packed, size)
    except (struct.error, zlib.error, zipfile.BadZipFile, EOFError, NotImplementedError):
        return b""  # a damaged part, or packed in a way spreadsheets never are: calamine says what is wrong


def _check_container(data: bytes, suffix: str) -> None:
    """Refuse, before parsing, what would make the reader run out of memory or time, or open a password-protected
    file: a zip bomb, XML entity declarations (the "billion laughs"), an encrypted workbook."""
    if suffix in (".xlsx", ".xlsm", ".xlsb") and data[:8] == OLE_MAGIC and "EncryptedPackage".encode("utf-16-le") in data:
        _refuse_password()
    if suffix not in ZIP_SUFFIXES:
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, struct.error):
        return  # not a zip, or damaged: calamine says what is wrong with it
    with archive:
        parts = archive.infolist()
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED_BYTES or any(
                part.file_size > MAX_PACKING_RATIO * max(part.compress_size, 1) and part.file_size > 2**20
                for part in parts):
            raise ReadError(
                f"tệp giải nén ra {unpacked // 2**20} MB, bất thường với một báo cáo (giới hạn "
                f"{MAX_UNPACKED_BYTES // 2**20} MB); mở bằng Excel/LibreOffice, lưu lại rồi gửi lại",
                f"the file unpacks to {unpacked // 2**20} MB, abnormal for a report (limit "
                f"{MAX_UNPACKED_BYTES // 2**20} MB); open it in Excel or LibreOffice, save it and send it again")
        for part in parts:
            if part.flag_bits & 0x1:  # a part encrypted with the old zip password
                _refuse_password()
            if part.filename.endswith((".xml", ".rels")):
                start = _part_start(data, archive, part)
                if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                    raise ReadError(
                        f"tệp chứa khai báo XML không được phép ({part.filename}); mở bằng Excel/LibreOffice, lưu lại "
                        "rồi gửi lại",
                        f"the file holds XML declarations that are not allowed ({part.filename}); open it in Excel "
                        "or LibreOffice, save it and send it again")


def _refuse_sheet_size(name: str, height: int | str, width: int | str) -> NoReturn:
    raise ReadError(
        f"trang '{name}' có {height} dòng × {width} cột, quá giới hạn {MAX_SHEET_ROWS} "
        f"dòng × {MAX_SHEET_COLUMNS} cột; xoá các dòng, cột thừa rồi gửi lại",
        f"sheet '{name}' has {height} rows × {width} columns, over the limit of "
        f"{MAX_SHEET_ROWS} rows × {MAX_SHEET_COLUMNS} columns; delete the extra rows and columns and send it again")


def _check_size(sheets: dict) -> None:
    """Refuse, before any sheet is read, sheets or a workbook larger than a report can be (as declared)."""
    for name, sheet in sheets.items():
        if sheet.total_height > MAX_SHEET_ROWS or sheet.total_width > MAX_SHEET_COLUMNS:
            _refuse_sheet_size(name, sheet.total_height, sheet.total_width)
    cells = sum(sheet.total_height * sheet.total_width for sheet in sheets.values())
    if cells > MAX_WORKBOOK_CELLS:
        raise ReadError(
            f"các trang của tệp có tổng cộng {cells:,} ô, quá giới hạn {MAX_WORKBOOK_CELLS:,} ô; xoá các trang, dòng, "
            "cột thừa rồi gửi lại",
            f"the file's sheets span {cells:,} cells in all, over the limit of {MAX_WORKBOOK_CELLS:,}; delete the extra "
            "sheets, rows and columns and send it again")


def _decoded(data: bytes) -> str:
    """A CSV's text: UTF-8 (with or without the BOM Excel writes), else the Vietnamese Windows code page that Excel's
    plain "CSV" uses on a Vietnamese computer."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _csv_grid(data: bytes, name: str) -> list[list]:
    """A CSV as one grid of text, within the limits of a sheet (checked row by row: a CSV declares no size)."""
    text = _decoded(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid: list[list] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            if len(grid) >= MAX_SHEET_ROWS or len(row) > MAX_SHEET_COLUMNS:
                _refuse_sheet_size(name, max(text.count("\n"), len(grid) + 1), len(row))
            grid.append(row)
    except csv.Error as error:
        raise ReadError(f"không đọc được tệp CSV ({error}); gửi chính tệp bảng tính .xlsx, .xls hoặc .ods",
                        f"cannot read the CSV file ({error}); send the workbook itself, as .xlsx, .xls or .ods") from error
    return grid


def read_workbook(path: Path) -> Workbook:
    path = Path(path)
    stat = path.stat()
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES and suffix not in REFUSED_FORMATS:
        raise ReadError(
            f"không phải tệp bảng tính ({path.suffix or 'không có đuôi'}); gửi lại tệp .xlsx, .xls hoặc .ods",
            f"not a spreadsheet ({path.suffix or 'no extension'}); send an .xlsx, .xls or .ods file"
        )
    if stat.st_size == 0:
        raise ReadError("tệp rỗng (0 byte); gửi lại tệp", "the file is empty (0 bytes); send it again")
    if stat.st_size > MAX_FILE_BYTES:
        raise ReadError(f"tệp {stat.st_size // 2**20} MB, quá giới hạn {MAX_FILE_BYTES // 2**20} MB của một báo cáo",
                        f"the file is {stat.st_size // 2**20} MB, over the {MAX_FILE_BYTES // 2**20} MB limit for a report")
    data = path.read_bytes()  # once, for the checks, the reader and the fingerprint
    _check_container(data, suffix)
    hidden: dict[str, list[list]]
    if suffix == ".csv":
        sheets, hidden = {path.stem: _csv_grid(data, path.stem)}, {}
    else:
        sheets, hidden = _calamine_grids(data)
    encoding = legacy_text.detect(v for grid in sheets.values() for row in grid for v in row if isinstance(v, str))
    if encoding:
        sheets, hidden = ({name: [[legacy_text.to_unicode(v, encoding) if isinstance(v, str) else v for v in row]
                                  for row in grid] for name, grid in part.items()} for part in (sheets, hidden))
    return Workbook(path, hashlib.sha256(data).hexdigest(), stat.st_size, stat.st_mtime, sheets, encoding, hidden,
                    REFUSED_FORMATS.get(suffix), data)


def _calamine_grids(data: bytes) -> tuple[dict[str, list[list]], dict[str, list[list]]]:
    """(the visible sheets, the hidden ones) of a workbook, each as rows of cell values."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        worksheets = [m for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        declared = {m.name: book.get_sheet_by_name(m.name) for m in worksheets}
        _check_size(declared)
        # skip_empty_area=False keeps row and column positions, so cell addresses in messages are right.
        grids = {name: sheet.to_python(skip_empty_area=False) for name, sheet in declared.items()}
        shown = {m.name for m in worksheets if m.visible == SheetVisibleEnum.Visible}
        sheets = {name: grid for name, grid in grids.items() if name in shown}
        hidden = {name: grid for name, grid in grids.items() if name not in shown}
    except (ReadError, OSError):
        raise  # an OSError is the file system's, not the file's: the caller may try again
    except Exception as error:  # calamine raises several types for damaged files; all mean the same to a user
        raise ReadError(
            f"không mở được tệp như một bảng tính ({error}); mở bằng Excel/LibreOffice, lưu lại rồi gửi lại",
            f"cannot open the file as a spreadsheet ({error}); open it in Excel or LibreOffice, save it and send it again"
        ) from error
    return sheets, hidden
