-- One row per district and reporting period (before the 2025 reform): results and next-period targets summed over
-- its communes, rates recomputed from the sums, and the planned fall in percentage points and in households.
select * exclude (area_level, commune_code, commune_name)
from marts.plan_vs_result_by_area
where area_level = 'district'
