"""All workbooks of a run as frames, one row per figure or per workbook, each carrying its lineage."""

import polars as pl

from transforms.aliases import DEFAULT_PATH as DEFAULT_ALIASES
from transforms.resolve import attribute_commune, resolve_commune
from transforms.tables import Cell, Extracted
from vocabulary.periods import unit_structure
from vocabulary.register_layout import KINDS
from vocabulary.text import parse_number

# Cell's fields (its raw value as text) with the workbook it is in and the number read
CELL_SCHEMA = {
    "file_id": pl.String, "section": pl.String, "sheet": pl.String, "row": pl.Int32, "col": pl.String,
    "village": pl.String, "village_col": pl.String, "is_total": pl.Boolean, "measure": pl.String, "raw": pl.String, "value": pl.Float64,
}

SUBMISSION_COLUMNS = (
    "province_name", "district_name", "commune_name", "commune_code", "period", "standard", "preparer", "prepared_on",
)
# a table read from one of several visible sheets that hold it (transforms.extract.choose_sheet), for its warning
SHEET_CHOICE = pl.Struct({"section": pl.String, "sheet": pl.String, "cell": pl.String, "set_aside": pl.List(pl.String)})


def _as_text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def originals(extracted: list[Extracted]) -> list[Extracted]:
    """One workbook per content: of identical files, the first by path counts (the others are copies of it)."""
    seen: set[str] = set()
    kept = []
    for item in extracted:
        if item.workbook.sha256 not in seen:
            seen.add(item.workbook.sha256)
            kept.append(item)
    return kept


def cells_frame(extracted: list[Extracted]) -> pl.DataFrame:
    """One row per figure: which workbook, sheet, row and column, the text as written and the number read (each
    content once, however many identical files hold it). Built column by column: a national run has 1.4 million."""
    file_ids: list[str] = []
    columns: dict[str, list] = {name: [] for name in Cell._fields}
    for item in originals(extracted):
        file_ids += [item.workbook.sha256] * len(item.cells)
        for column, values in zip(columns.values(), zip(*item.cells)):
            column.extend(values)
    raw = columns.pop("raw")
    return pl.DataFrame({"file_id": file_ids, **columns,
                         "raw": [None if value is None else _as_text(value) for value in raw],
                         "value": [parse_number(value) for value in raw]}, schema=CELL_SCHEMA)


def submissions_frame(extracted: list[Extracted], period: str, aliases: dict | None = None,
                      aliases_file: str = str(DEFAULT_ALIASES)) -> pl.DataFrame:
    """One row per file: its path and content, what it declares (with the cell it says it in), the commune it
    resolves to among the units of the run's ``period`` (before or after the 2025 reform) with the confirmed names
    ``aliases`` (read from ``aliases_file``, which a message suggesting to confirm one names), and, for a file
    identical to one before it, that file's path (``copy_of``)."""
    structure = unit_structure(period)
    rows: list[dict] = []
    first_path: dict[str, str] = {}
    for item in extracted:
        book = item.workbook
        resolution = resolve_commune(item.info, aliases, structure)
        commune = resolution.commune or {}
        named = commune or (attribute_commune(item.info, aliases, structure) or {})
        copy_of = first_path.setdefault(book.sha256, str(book.path))
        row = {
            "file_id": book.sha256, "source_path": str(book.path), "file_name": book.path.name, "kind": item.kind,
            "size_bytes": book.size, "modified_at": book.modified_at, "text_encoding": book.text_encoding,
            "copy_of": None if copy_of == str(book.path) else copy_of,
            "hidden_sheets": item.hidden_sheets,
            "sheet_choices": item.sheet_choices or None,
            "resolved_commune_code": commune.get("commune_code"), "resolved_structure": structure if commune else None,
            "attributed_commune_code": named.get("commune_code"),
            "resolution_method": resolution.method or None,
            "resolution_score": resolution.score,
            "resolution_rule": resolution.rule or None, "resolution_detail": resolution.detail or None,
            "resolution_detail_en": resolution.detail_en or None,
            # the best candidate of a commune to confirm: the command suggested to confirm it is complete
            "resolution_candidate": resolution.candidates[0]["commune_code"] if resolution.candidates else None,
            "aliases_file": aliases_file,
        }
        for code in SUBMISSION_COLUMNS:
            value, sheet, cell = item.info.get(code, ("", "", ""))
            row[code] = value or None
            row[f"{code}_cell"] = f"{sheet}!{cell}" if cell else None
        rows.append(row)
    schema: dict[str, pl.DataType | type[pl.DataType]]  # pl.String is a class, pl.List(...) an instance
    schema = {"file_id": pl.String, "source_path": pl.String, "file_name": pl.String, "kind": pl.String,
              "size_bytes": pl.Int64,
              "modified_at": pl.Float64, "text_encoding": pl.String, "copy_of": pl.String, "hidden_sheets": pl.String,
              "sheet_choices": pl.List(SHEET_CHOICE),
              "resolved_commune_code": pl.String, "resolved_structure": pl.String,
              "attributed_commune_code": pl.String, "resolution_method": pl.String, "resolution_score": pl.Float64,
              "resolution_rule": pl.String, "resolution_detail": pl.String, "resolution_detail_en": pl.String,
              "resolution_candidate": pl.String, "aliases_file": pl.String}
    for code in SUBMISSION_COLUMNS:
        schema[code] = pl.String
        schema[f"{code}_cell"] = pl.String
    return pl.DataFrame(rows, schema=schema)


LETTERED = ("village", "household_number", "members", "income_vnd", "decided_class")
HOUSEHOLD_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "file_id": pl.String, "sheet": pl.String, "row": pl.Int32, "household_key": pl.String, "village": pl.String,
    "household_number": pl.Float64, "members": pl.Float64, "income_vnd": pl.Float64, "decided_class": pl.String,
    "is_ethnic_minority": pl.Boolean, "is_meritorious": pl.Boolean, "is_social_protection": pl.Boolean,
    "deprived_indicators": pl.List(pl.String), "key_fingerprint": pl.String,
    # for messages: each figure as written, the columns the register has them in, and its indicator columns
    "household_number_raw": pl.String, "members_raw": pl.String, "income_vnd_raw": pl.String,
    **{f"{code}_col": pl.String for code in LETTERED},
    "indicator_columns": pl.List(pl.String),
}
REGISTER_FIGURES = ("household_number", "members", "income_vnd")


def households_frame(extracted: list[Extracted]) -> pl.DataFrame:
    """One row per household of every register of the run (each content once), pseudonymised by the reader."""
    rows = []
    for item in originals(extracted):
        for household in item.households:
            row = {key: household[key] for key in HOUSEHOLD_SCHEMA if key in household}
            for code in REGISTER_FIGURES:
                raw = household[code]
                row[code] = parse_number(raw)
                row[f"{code}_raw"] = None if raw is None or raw == "" else _as_text(raw)
            row["file_id"] = item.workbook.sha256
            row.update({f"{code}_col": household["columns"].get(code) for code in LETTERED})
            row["indicator_columns"] = sorted(code for code in household["columns"] if code not in KINDS)
            rows.append(row)
    return pl.DataFrame(rows, schema=HOUSEHOLD_SCHEMA, orient="row")
