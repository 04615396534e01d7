"""When a figure the rules allow is unlikely enough to warn about. The defaults are the seed
``warning_thresholds.csv`` (rule, threshold, unit, the ``giamngheo run`` option and the flow parameter that override
it); the warehouse's ``warnings`` model applies the thresholds the run of a period used."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from vocabulary.seeds import seed_rows


@dataclass(frozen=True)
class Threshold:
    rule: str
    default: float  # points for rate_moved, a share (0.2 is 20 %) for the others
    option: str  # of `giamngheo run`: --max-rate-change
    flow_parameter: str  # of the flow consolidate-period: max_rate_change_pp

    @property
    def argument(self) -> str:
        """The option as the CLI's function receives it: max_rate_change."""
        return self.option.removeprefix("--").replace("-", "_")


@cache
def thresholds() -> tuple[Threshold, ...]:
    return tuple(Threshold(row["rule"], float(row["threshold"]), row["option"], row["flow_parameter"])
                 for row in seed_rows("warning_thresholds.csv"))


def default_thresholds() -> dict[str, float]:
    """rule -> threshold.

    >>> default_thresholds()["rate_moved"]
    5.0
    """
    return {threshold.rule: threshold.default for threshold in thresholds()}


def given(values: Mapping[str, float], by: str) -> dict[str, float]:
    """rule -> threshold, from the values of a command's options (``by="argument"``) or a flow's parameters
    (``by="flow_parameter"``), named as the seed names them.

    >>> given({"max_rate_change": 4, "inbox": "x"}, "argument")["rate_moved"]
    4.0
    """
    return {t.rule: float(values[getattr(t, by)]) for t in thresholds() if getattr(t, by) in values}
