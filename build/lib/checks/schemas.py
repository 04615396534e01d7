"""pandera (polars) schemas for a run's figures.

Each check is named after the rule in ``vocabulary.messages`` it stands for, so a failure
case becomes a message to the commune without a lookup table in between.
"""

import pandera.polars as pa
import polars as pl

from vocabulary.limits import MAX_HOUSEHOLDS, MAX_PERSONS, MAX_PERSONS_PER_HOUSEHOLD


def _whole(data: pa.PolarsData):
    return data.lazyframe.select((pl.col(data.key) % 1 == 0) | pl.col(data.key).is_null())


def _plausible(data: pa.PolarsData):
    value, limit = pl.col(data.key), pl.when(pl.col("measure") == "persons").then(MAX_PERSONS).otherwise(MAX_HOUSEHOLDS)
    return data.lazyframe.select((value <= limit) | value.is_null())


def _non_negative(data: pa.PolarsData):
    # a custom check rather than Check.ge: pandera reports built-in checks under their own name, not ours
    return data.lazyframe.select((pl.col(data.key) >= 0) | pl.col(data.key).is_null())


CELLS = pa.DataFrameSchema(
    {
        "file_id": pa.Column(pl.String),
        "sheet": pa.Column(pl.String),
        "row": pa.Column(pl.Int32),
        "col": pa.Column(pl.String),
        "measure": pa.Column(pl.String),
        "value": pa.Column(
            pl.Float64,
            checks=[pa.Check(_non_negative, name="negative"), pa.Check(_whole, name="not_whole"),
                    pa.Check(_plausible, name="implausible")],
            nullable=False,
        ),
    },
    name="figures",
)

# (rule, measure, other measure): measure must not exceed ("exceeds") or fall below ("below") the other one, or be
# more than MAX_PERSONS_PER_HOUSEHOLD times it ("crowded").
HOUSEHOLD_RULES = (
    ("exceeds", "poor_households", "total_households"),
    ("exceeds", "em_households", "total_households"),
    ("exceeds", "em_poor_households", "poor_households"),
    ("exceeds", "em_poor_households", "em_households"),
    ("exceeds", "near_poor_households", "total_households"),
    ("exceeds", "em_near_poor_households", "near_poor_households"),
    ("exceeds", "em_near_poor_households", "em_households"),
    ("below", "persons", "total_households"),
    ("crowded", "persons", "total_households"),
)
TARGET_RULES = (
    ("exceeds", "poor_households", "total_households"),
    ("exceeds", "em_households", "total_households"),
    ("exceeds", "em_poor_households", "poor_households"),
    ("exceeds", "em_poor_households", "em_households"),
    ("exceeds", "near_poor_households", "total_households"),
)


def pair_check_name(rule: str, measure: str, other: str) -> str:
    return f"{rule}:{measure}:{other}"


def _pair_check(rule: str, measure: str, other: str) -> pa.Check:
    def check(data: pa.PolarsData):
        a, b = pl.col(measure), pl.col(other)
        holds = {"exceeds": a <= b, "below": a >= b, "crowded": a <= MAX_PERSONS_PER_HOUSEHOLD * b}[rule]
        return data.lazyframe.select(holds | a.is_null() | b.is_null())

    return pa.Check(check, name=pair_check_name(rule, measure, other))


def rows_schema(rules, columns: list[str]) -> pa.DataFrameSchema:
    """Row-wise comparisons between measures of one row, over the rules whose measures are present."""
    present = set(columns)
    checks = [_pair_check(*rule) for rule in rules if rule[1] in present and rule[2] in present]
    return pa.DataFrameSchema({c: pa.Column(pl.Float64, nullable=True) for c in columns}, checks=checks)


DEPRIVED_WITHIN_POOR = pa.DataFrameSchema(
    {"value": pa.Column(pl.Float64, nullable=True), "poor_households": pa.Column(pl.Float64, nullable=True)},
    checks=[_pair_check("exceeds", "value", "poor_households")],
    name="deprivations",
)
