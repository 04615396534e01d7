-- One row per province and period: household counts summed over its communes (through its districts before the
-- 2025 reform, directly after it), rates recomputed from the sums, and the fall in the poverty rate since the
-- previous year when that year used the same unit structure.
select
    period,
    standard_code,
    unit_structure,
    province_code,
    province_name,
    districts,
    communes,
    villages,
    total_households,
    persons,
    poor_households,
    poverty_rate_pct,
    near_poor_households,
    near_poor_rate_pct,
    escaped_poverty_households,
    newly_poor_households,
    previous_poverty_rate_pct,
    rate_reduction_pp
from intermediate.int_rates_by_area
where area_level = 'province'
