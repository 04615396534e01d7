"""When a figure the rules allow is unlikely enough to warn about. The defaults are the seed
``warning_thresholds.csv`` (rule, threshold, unit, the ``giamngheo run`` option that overrides it); the warehouse's
``warnings`` model applies the thresholds the run of a period used."""

from functools import cache

from vocabulary.seeds import seed_rows


@cache
def default_thresholds() -> dict[str, float]:
    """rule -> threshold: points for ``rate_moved``, a share (0.2 is 20 %) for the others.

    >>> default_thresholds()["rate_moved"]
    5.0
    """
    return {row["rule"]: float(row["threshold"]) for row in seed_rows("warning_thresholds.csv")}
