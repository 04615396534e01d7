-- One row per area and period (as int_households_by_area): rates recomputed from the area's summed counts (%,
-- unrounded, never averaged), and the fall in the poverty rates since the previous year in percentage points, when
-- that year used the same unit structure (commune codes were reused by the 2025 reform for other communes).
with areas as (
    select * from intermediate.int_households_by_area
),

rated as (
    select
        *,
        100.0 * poor_households / nullif(total_households, 0) as poverty_rate_pct,
        100.0 * near_poor_households / nullif(total_households, 0) as near_poor_rate_pct,
        100.0 * em_households / nullif(total_households, 0) as em_share_of_households_pct,
        100.0 * em_poor_households / nullif(em_households, 0) as em_poverty_rate_pct,
        100.0 * em_near_poor_households / nullif(em_households, 0) as em_near_poor_rate_pct,
        100.0 * em_poor_households / nullif(poor_households, 0) as em_share_of_poor_pct
    from areas
)

select
    current.*,
    previous.total_households as previous_total_households,
    previous.poor_households as previous_poor_households,
    previous.near_poor_households as previous_near_poor_households,
    previous.poverty_rate_pct as previous_poverty_rate_pct,
    previous.poverty_rate_pct - current.poverty_rate_pct as rate_reduction_pp,
    previous.em_poverty_rate_pct as previous_em_poverty_rate_pct,
    previous.em_poverty_rate_pct - current.em_poverty_rate_pct as em_rate_reduction_pp
from rated as current
left join rated as previous
    on previous.area_level = current.area_level
    and previous.unit_structure = current.unit_structure
    and previous.province_code = current.province_code
    and previous.district_code is not distinct from current.district_code
    and previous.commune_code is not distinct from current.commune_code
    and previous.period = cast(cast(left(current.period, 4) as integer) - 1 as varchar)
