-- One row per village a commune set targets for: the targets set with one period's report against the results
-- the same village reported for the target period (null until that period's report loads, or when the village is
-- not in it), with the planned and reached poverty rates and whether the poor-household target was met.
with targets as (
    select * from {{ ref('int_village_targets') }}
),

results as (
    select * from {{ ref('int_village_households') }}
),

communes as (
    select * from {{ ref('int_commune_households') }}
),

compared as (
    select
        targets.period,
        targets.target_period,
        targets.unit_structure,
        targets.commune_code,
        targets.village_name,
        targets.target_total_households,
        targets.target_poor_households,
        targets.target_em_households,
        targets.target_em_poor_households,
        targets.target_near_poor_households,
        results.total_households,
        results.poor_households,
        results.em_households,
        results.em_poor_households,
        results.near_poor_households
    from targets
    left join results
        on results.period = targets.target_period
        and results.unit_structure = targets.unit_structure
        and results.commune_code = targets.commune_code
        and results.village_key = targets.village_key
)

select
    compared.period,
    compared.target_period,
    compared.unit_structure,
    communes.province_code,
    communes.province_name,
    communes.district_code,
    communes.district_name,
    compared.commune_code,
    communes.commune_name,
    compared.village_name,
    compared.target_total_households,
    compared.target_poor_households,
    {{ rate('compared.target_poor_households', 'compared.target_total_households') }} as target_poverty_rate_pct,
    compared.total_households,
    compared.poor_households,
    {{ rate('compared.poor_households', 'compared.total_households') }} as poverty_rate_pct,
    compared.poor_households - compared.target_poor_households as poor_above_target,
    compared.poor_households <= compared.target_poor_households as poor_target_met,
    compared.target_em_households,
    compared.target_em_poor_households,
    compared.em_households,
    compared.em_poor_households,
    compared.target_near_poor_households,
    compared.near_poor_households
from compared
inner join communes
    on communes.period = compared.period
    and communes.commune_code = compared.commune_code
