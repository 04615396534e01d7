"""Validate the households of every register of a run together: each figure a whole number in its range, the
register's indicator columns those of the period's standard. The reader has already checked what only it may see
(names and identity numbers) and the 0/1 and class columns."""

import pandera.polars as pa
import polars as pl

from checks.errors import error_row, failure_indexes
from vocabulary.register_layout import COLUMNS, HIDDEN_TEXT, MAX_INCOME_VND, MAX_MEMBERS
from vocabulary.standards import standard_for_period
from vocabulary.text import vn_number

LABELS = {f.code: f.label_vi for f, _ in COLUMNS}
# column: (least, most) a figure may be
RANGES = {"household_number": (1, 1_000_000), "members": (1, MAX_MEMBERS), "income_vnd": (0, MAX_INCOME_VND)}


def _whole(data: pa.PolarsData):
    return data.lazyframe.select((pl.col(data.key) % 1 == 0) | pl.col(data.key).is_null())


def _in_range(data: pa.PolarsData):
    least, most = RANGES[data.key]
    return data.lazyframe.select(pl.col(data.key).is_between(least, most) | pl.col(data.key).is_null())


HOUSEHOLDS = pa.DataFrameSchema(
    {code: pa.Column(pl.Float64, nullable=False, checks=[
        pa.Check(_in_range, name="out_of_range"),
        *([] if code == "income_vnd" else [pa.Check(_whole, name="not_whole")])]) for code in RANGES},
    name="households",
)


def register_errors(households: pl.DataFrame, period: str) -> list[dict]:
    """Each broken rule of the run's registers, naming the cell."""
    errors = []
    for failure in failure_indexes(HOUSEHOLDS, households.select(list(RANGES))).iter_rows(named=True):
        row = households.row(failure["index"], named=True)
        code, raw = failure["column"], row[f"{failure['column']}_raw"]
        rule = {"not_nullable": "blank" if raw is None else "text_in_figure" if raw == HIDDEN_TEXT else
                "not_a_number"}.get(failure["check"], failure["check"])
        least, most = RANGES[code]
        errors.append(error_row(row["file_id"], row["sheet"], f"{row[f'{code}_col']}{row['row']}", raw, rule,
                             label=LABELS[code], limit=f"{vn_number(least, 0)}–{vn_number(most, 0)}",
                             limit_en=f"{least:,}–{most:,}"))
    if households.height:
        errors += _indicator_errors(households, period)
    return errors


def _indicator_errors(households: pl.DataFrame, period: str) -> list[dict]:
    expected = {i.code: i.label_vi for i in standard_for_period(period).indicators}
    errors = []
    for register in households.group_by("file_id").agg(pl.col("indicator_columns").first(),
                                                          pl.col("sheet").first()).iter_rows(named=True):
        got = set(register["indicator_columns"])
        if got != set(expected):
            detail = "; ".join([f"thiếu/missing '{expected[c]}'" for c in sorted(set(expected) - got)]
                               + [f"thừa/extra '{c}'" for c in sorted(got - set(expected))])
            errors.append(error_row(register["file_id"], register["sheet"], "", detail, "indicators_mismatch",
                                 expected=standard_for_period(period).code))
    return errors
