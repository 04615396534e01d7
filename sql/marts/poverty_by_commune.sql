-- One row per commune and period: households, poor and near-poor households and their rates (%, unrounded),
-- and the fall in the poverty rate since the previous year in percentage points (null without that year).
with communes as (
    select * from intermediate.int_commune_households
),

rated as (
    select
        *,
        100.0 * poor_households / nullif(total_households, 0) as poverty_rate_pct,
        100.0 * near_poor_households / nullif(total_households, 0) as near_poor_rate_pct
    from communes
)

select
    current.period,
    current.standard_code,
    current.province_code,
    current.province_name,
    current.district_code,
    current.district_name,
    current.commune_code,
    current.commune_name,
    current.villages,
    current.total_households,
    current.persons,
    current.poor_households,
    current.poverty_rate_pct,
    current.near_poor_households,
    current.near_poor_rate_pct,
    current.escaped_poverty_households,
    current.newly_poor_households,
    previous.poverty_rate_pct as previous_poverty_rate_pct,
    previous.poverty_rate_pct - current.poverty_rate_pct as rate_reduction_pp
from rated as current
left join rated as previous
    on previous.commune_code = current.commune_code
    and previous.period = cast(cast(left(current.period, 4) as integer) - 1 as varchar)
