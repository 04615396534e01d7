"""What validation hands to loading: the run's workbooks as frames, each row with its lineage, and what is wrong."""

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Validated:
    """All the workbooks a run read, validated together."""

    submissions: pl.DataFrame  # one row per file: its path, content, declared information and resolved commune
    cells: pl.DataFrame  # one row per figure (transforms.frames.CELL_SCHEMA), each content once
    households: pl.DataFrame  # one row per household of a register, pseudonymised
    errors: pl.DataFrame  # one row per rule broken (checks.errors.ERROR_SCHEMA)
