-- One row per period and warning rule: the threshold the last run of the period used (the defaults are the seed
-- warning_thresholds, which `giamngheo run --max-…` overrides for a run).
select
    period,
    rule,
    cast(threshold as double) as threshold
from {{ source('raw', 'run_thresholds') }}
