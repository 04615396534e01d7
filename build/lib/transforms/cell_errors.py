"""Which cells of a workbook hold a formula whose result is an error (#REF!, #DIV/0!, #N/A, …).

python-calamine reads such a cell as empty, so without this the commune would be told the cell is blank and to open
and save the file, which changes nothing. Each format marks them its own way: an .xlsx/.xlsm sheet's XML writes the
cell ``t="e"``, LibreOffice's .ods content ``calcext:value-type="error"``, an .xls a BIFF error value (read with
xlrd). Only asked for when a figure is blank, and each part is parsed only when its bytes hold the mark, so an
ordinary file costs nothing.

The file has passed ``transforms.read``'s checks (size, zip bomb, XML declarations) before it gets here.
"""

import io
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile

# sheet name -> {(row, column) counted from 0, as in the reader's grids: the error as the file shows it}
Errors = dict[str | None, dict[tuple[int, int], str]]  # None: a sheet or table a malformed file leaves unnamed

_XLSX_MARKS = (b't="e"', b"t='e'")
_ODS_MARKS = (b'value-type="error"', b"value-type='error'")
_CELL_REFERENCE = re.compile(r"^([A-Z]+)([0-9]+)$")
_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODS_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
# a repeated error cell counts for as many cells as a sheet may have (the reader refuses larger sheets)
_MAX_REPEAT = 5_000


def formula_errors(data: bytes, suffix: str) -> Errors:
    """The error cells of every sheet of the workbook ``data``; empty when there are none or they cannot be told."""
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx(data)
        if suffix == ".ods":
            return _ods(data)
        if suffix == ".xls":
            return _xls(data)
    except Exception:  # noqa: BLE001  a damaged part: the cell is then reported blank, as before
        return {}
    return {}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _declares(xml: bytes) -> bool:
    # the reader refuses these at the start of a part; anywhere else they are no more welcome
    return b"<!DOCTYPE" in xml or b"<!ENTITY" in xml


def _parse(xml: bytes) -> ElementTree.Element | None:
    """A small part (the workbook's list of sheets), whole."""
    return None if _declares(xml) else ElementTree.fromstring(xml)


def _elements(xml: bytes):
    """(event, element) of a large part, streamed: a sheet of a million cells is never held as a tree."""
    return ElementTree.iterparse(io.BytesIO(xml), events=("start", "end"))


def _position(reference: str) -> tuple[int, int] | None:
    found = _CELL_REFERENCE.match(reference)
    if not found:
        return None
    column = 0
    for letter in found[1]:
        column = column * 26 + ord(letter) - 64
    return int(found[2]) - 1, column - 1


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str | None, str]:
    """sheet name -> the part holding it, from the workbook part and its relationships."""
    book = _parse(archive.read("xl/workbook.xml"))
    rels = _parse(archive.read("xl/_rels/workbook.xml.rels"))
    if book is None or rels is None:
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
    parts = {}
    for sheet in book.iter():
        if _local(sheet.tag) == "sheet":
            rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
            if rel_id in targets:
                parts[sheet.get("name")] = targets[rel_id]
    return parts


def _xlsx(data: bytes) -> Errors:
    errors: Errors = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for sheet, part in _xlsx_sheet_parts(archive).items():
            if part not in names:
                continue
            xml = archive.read(part)
            if not any(mark in xml for mark in _XLSX_MARKS) or _declares(xml):
                continue
            found = _xlsx_sheet_errors(xml)
            if found:
                errors[sheet] = found
    return errors


def _xlsx_sheet_errors(xml: bytes) -> dict[tuple[int, int], str]:
    found = {}
    row = column = -1
    for event, element in _elements(xml):
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                row = int(element.get("r", row + 2)) - 1  # a row without r follows the one before
                column = -1
            elif tag == "c":
                # a cell without r follows the one before in its row
                row, column = _position(element.get("r", "")) or (row, column + 1)
            continue
        if tag == "c":
            if element.get("t") == "e":
                value = next((child.text for child in element if _local(child.tag) == "v"), None)
                found[(row, column)] = (value or "#VALUE!").strip()
            element.clear()
        elif tag == "row":
            element.clear()
    return found


def _ods(data: bytes) -> Errors:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("content.xml")
    if not any(mark in xml for mark in _ODS_MARKS) or _declares(xml):
        return {}
    errors: Errors = {}
    table, row_tag = f"{{{_ODS_TABLE}}}table", f"{{{_ODS_TABLE}}}table-row"
    table_name, rows, columns = f"{{{_ODS_TABLE}}}name", f"{{{_ODS_TABLE}}}number-rows-repeated", \
        f"{{{_ODS_TABLE}}}number-columns-repeated"
    kind = f"{{{_ODS_CALCEXT}}}value-type"
    name, row = None, 0
    # rows in document order, header rows and row groups included, as a reader counts them
    for event, element in _elements(xml):
        if event == "start":
            if element.tag == table:
                name, row = element.get(table_name), 0
            continue
        if element.tag != row_tag:
            continue
        column, in_row = 0, {}
        for cell in element:
            if _local(cell.tag) not in ("table-cell", "covered-table-cell"):
                continue
            repeat = int(cell.get(columns, "1"))
            if cell.get(kind) == "error":
                text = "".join(cell.itertext()).strip() or "#VALUE!"
                in_row.update({column + offset: text for offset in range(min(repeat, _MAX_REPEAT))})
            column += repeat
        repeat = int(element.get(rows, "1"))
        if in_row:
            errors.setdefault(name, {}).update({(row + offset, c): text for offset in range(min(repeat, _MAX_REPEAT))
                                                for c, text in in_row.items()})
        row += repeat
        element.clear()
    return errors


def _xls(data: bytes) -> Errors:
    import xlrd  # only for an .xls with a blank figure

    book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True)
    errors: Errors = {}
    try:
        for index, name in enumerate(book.sheet_names()):
            sheet = book.sheet_by_index(index)
            found = {}
            for r in range(sheet.nrows):
                for c, kind in enumerate(sheet.row_types(r)):
                    if kind == xlrd.XL_CELL_ERROR:
                        found[(r, c)] = xlrd.error_text_from_code.get(sheet.cell_value(r, c), "#VALUE!")
            if found:
                errors[name] = found
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return errors
