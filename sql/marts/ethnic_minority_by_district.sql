-- One row per district and period: ethnic-minority (DTTS) counts summed over its communes and rates recomputed from the sums.
with districts as (
    select * from intermediate.int_district_households
),

rated as (
    select
        *,
        100.0 * em_poor_households / nullif(em_households, 0) as em_poverty_rate_pct,
        100.0 * em_near_poor_households / nullif(em_households, 0) as em_near_poor_rate_pct,
        100.0 * em_poor_households / nullif(poor_households, 0) as em_share_of_poor_pct,
        100.0 * em_households / nullif(total_households, 0) as em_share_of_households_pct
    from districts
)

select
    current.period,
    current.standard_code,
    current.province_code,
    current.province_name,
    current.district_code,
    current.district_name,
    current.communes,
    current.total_households,
    current.em_households,
    current.em_share_of_households_pct,
    current.em_poor_households,
    current.em_poverty_rate_pct,
    current.em_share_of_poor_pct,
    current.em_near_poor_households,
    current.em_near_poor_rate_pct,
    previous.em_poverty_rate_pct as previous_em_poverty_rate_pct,
    previous.em_poverty_rate_pct - current.em_poverty_rate_pct as em_rate_reduction_pp
from rated as current
left join rated as previous
    on previous.district_code = current.district_code
    and previous.period = cast(cast(left(current.period, 4) as integer) - 1 as varchar)
