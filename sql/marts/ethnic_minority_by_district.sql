-- One row per district and period (before the 2025 reform): ethnic-minority (DTTS) counts summed over its
-- communes, rates recomputed from the sums, and the fall in their poverty rate since the previous year in points.
select
    period,
    standard_code,
    unit_structure,
    province_code,
    province_name,
    district_code,
    district_name,
    communes,
    total_households,
    em_households,
    em_share_of_households_pct,
    em_poor_households,
    em_poverty_rate_pct,
    em_share_of_poor_pct,
    em_near_poor_households,
    em_near_poor_rate_pct,
    previous_em_poverty_rate_pct,
    em_rate_reduction_pp
from intermediate.int_rates_by_area
where area_level = 'district'
