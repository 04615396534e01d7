-- One row per province, reporting period and indicator: result and planned deprivation counts summed over its
-- communes, rates recomputed from the sums, and the planned fall.
select * exclude (area_level, district_code, district_name)
from marts.deprivation_plan_vs_result_by_area
where area_level = 'province'
