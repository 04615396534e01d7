-- One row per province and period: household counts summed over its communes (through its districts before the
-- 2025 reform, directly after it), rates recomputed from the sums, and the fall in the poverty rate since the
-- previous year when that year used the same unit structure.
with provinces as (
    select * from intermediate.int_province_households
),

rated as (
    select
        *,
        100.0 * poor_households / nullif(total_households, 0) as poverty_rate_pct,
        100.0 * near_poor_households / nullif(total_households, 0) as near_poor_rate_pct
    from provinces
)

select
    current.period,
    current.standard_code,
    current.unit_structure,
    current.province_code,
    current.province_name,
    current.districts,
    current.communes,
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
    on previous.province_code = current.province_code
    and previous.unit_structure = current.unit_structure
    and previous.period = cast(cast(left(current.period, 4) as integer) - 1 as varchar)
