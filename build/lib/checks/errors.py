"""An error as a run reports it: the file, sheet and cell, the value, the rule, and the messages in both
languages; and pandera's failures as rows to turn into such errors."""

import pandera.polars as pa
import polars as pl

from transforms.tables import render_visibly

ERROR_SCHEMA = {
    "file_id": pl.String, "sheet": pl.String, "cell": pl.String, "value": pl.String, "rule": pl.String,
    "message_vi": pl.String, "message_en": pl.String,
}


def error_row(file_id, sheet, cell, value, rule, **fields) -> dict:
    """One error; the file's text in its messages with any invisible character named (``render_visibly``)."""
    vi, en = render_visibly(rule, sheet, cell, value, **fields)
    return {"file_id": file_id, "sheet": sheet, "cell": cell, "value": None if value is None else str(value),
            "rule": rule, "message_vi": vi, "message_en": en}


def failure_indexes(schema: pa.DataFrameSchema, frame: pl.DataFrame) -> pl.DataFrame:
    """pandera's failure cases (check name and row index) for ``frame``, or an empty frame."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as failed:
        return failed.failure_cases.select("column", "check", "index")
    return pl.DataFrame(schema={"column": pl.String, "check": pl.String, "index": pl.Int32})
