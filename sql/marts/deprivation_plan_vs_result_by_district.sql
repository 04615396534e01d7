-- One row per district, reporting period and indicator (before the 2025 reform): result and planned deprivation
-- counts summed over its communes, rates recomputed from the sums, and the planned fall.
select * exclude (area_level)
from marts.deprivation_plan_vs_result_by_area
where area_level = 'district'
