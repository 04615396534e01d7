"""A minimal Excel binary workbook (.xlsb) writer, for tests: no Python library writes the format, and LibreOffice
only reads it. Sheets of text and numbers, in the BIFF12 records MS-XLSB describes (a workbook part naming the
sheets, one part per sheet with its dimension, rows and cells); enough for Excel and calamine to read."""

import struct
import zipfile
from pathlib import Path


def _varint(number: int) -> bytes:
    """A record's type or size: 7 bits a byte, low first, the high bit saying another byte follows."""
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _record(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return struct.pack("<I", len(encoded) // 2) + encoded


def _sheet(grid: list[list]) -> bytes:
    height = max(len(grid), 1)
    width = max((len(row) for row in grid), default=1) or 1
    parts = [_record(0x81), _record(0x94, struct.pack("<IIII", 0, height - 1, 0, width - 1)), _record(0x91)]
    for r, row in enumerate(grid):
        parts.append(_record(0x00, struct.pack("<I", r) + bytes(13)))  # BrtRowHdr
        for c, value in enumerate(row):
            head = struct.pack("<II", c, 0)
            if isinstance(value, bool) or value in ("", None):
                continue
            if isinstance(value, (int, float)):
                parts.append(_record(0x05, head + struct.pack("<d", float(value))))  # BrtCellReal
            else:
                parts.append(_record(0x06, head + _wide(str(value))))  # BrtCellSt
    parts += [_record(0x92), _record(0x82)]  # BrtEndSheetData, BrtEndSheet
    return b"".join(parts)


def write_xlsb(path: Path, sheets: dict[str, list[list]]) -> Path:
    names = list(sheets)
    book = [_record(0x83)]
    book += [_record(0x9C, struct.pack("<II", 0, n + 1) + _wide(f"rId{n + 1}") + _wide(name))
             for n, name in enumerate(names)]
    book += [_record(0x90), _record(0x84)]
    rels = "".join(f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{n + 1}.bin"/>' for n in range(len(names)))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n + 1}.bin" ContentType="application/'
                        f'vnd.ms-excel.worksheet"/>' for n in range(len(names)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                         '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.'
                         f'macroEnabled.main"/>{overrides}</Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                         'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                         'Target="xl/workbook.bin"/></Relationships>')
        archive.writestr("xl/workbook.bin", b"".join(book))
        archive.writestr("xl/_rels/workbook.bin.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f"{rels}</Relationships>")
        for n, name in enumerate(names):
            archive.writestr(f"xl/worksheets/sheet{n + 1}.bin", _sheet(sheets[name]))
    return path
