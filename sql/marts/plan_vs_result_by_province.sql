-- One row per province and reporting period: results and next-period targets summed over its communes (legacy
-- provinces before the 2025 reform, 2025 provinces after), rates recomputed from the sums, and the planned fall.
select * exclude (area_level, district_code, district_name, commune_code, commune_name)
from marts.plan_vs_result_by_area
where area_level = 'province'
