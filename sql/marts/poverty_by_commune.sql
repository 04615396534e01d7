-- One row per commune and period: households, poor and near-poor households and their rates (%, unrounded),
-- and the fall in the poverty rate since the previous year in percentage points (null without that year).
select
    period,
    standard_code,
    unit_structure,
    province_code,
    province_name,
    district_code,
    district_name,
    commune_code,
    commune_name,
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
where area_level = 'commune'
