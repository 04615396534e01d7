"""What a figure of one commune can possibly be: beyond these a figure is an error, whatever the other rules say
(a typo of three extra zeros, a number pasted from elsewhere), and no such number ever reaches the warehouse."""

# The largest communes and wards count some tens of thousands of households.
MAX_HOUSEHOLDS = 100_000
MAX_PERSONS = 1_000_000
MAX_PERSONS_PER_HOUSEHOLD = 20
# A file with more problems than this lists the first ones and says how many more there are.
MAX_ERRORS_PER_FILE = 200


def limit_of(measure: str) -> int:
    return MAX_PERSONS if measure == "persons" else MAX_HOUSEHOLDS
