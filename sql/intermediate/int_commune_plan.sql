-- One row per commune and reporting period: the period's result counts beside the targets set for the next period.
with results as (
    select * from intermediate.int_commune_households
),

targets as (
    select * from intermediate.int_commune_targets
)

select
    results.period,
    targets.target_period,
    results.standard_code,
    results.unit_structure,
    results.province_code,
    results.province_name,
    results.district_code,
    results.district_name,
    results.commune_code,
    results.commune_name,
    results.total_households,
    results.poor_households,
    results.em_households,
    results.em_poor_households,
    results.near_poor_households,
    targets.target_total_households,
    targets.target_poor_households,
    targets.target_em_households,
    targets.target_em_poor_households,
    targets.target_near_poor_households
from results
inner join targets using (period, commune_code)
