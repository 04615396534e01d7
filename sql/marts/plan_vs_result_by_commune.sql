-- One row per commune and reporting period: the period's result and the next period's plan, poverty rates
-- over all and over ethnic-minority households (%, unrounded), the planned fall in percentage points and in households.
select * exclude (area_level, communes)
from marts.plan_vs_result_by_area
where area_level = 'commune'
