-- One row per province and period: ethnic-minority (DTTS) counts summed over its communes and rates recomputed.
with provinces as (
    select * from intermediate.int_province_households
)

select
    period,
    standard_code,
    unit_structure,
    province_code,
    province_name,
    communes,
    total_households,
    em_households,
    100.0 * em_households / nullif(total_households, 0) as em_share_of_households_pct,
    em_poor_households,
    100.0 * em_poor_households / nullif(em_households, 0) as em_poverty_rate_pct,
    100.0 * em_poor_households / nullif(poor_households, 0) as em_share_of_poor_pct,
    em_near_poor_households,
    100.0 * em_near_poor_households / nullif(em_households, 0) as em_near_poor_rate_pct
from provinces
