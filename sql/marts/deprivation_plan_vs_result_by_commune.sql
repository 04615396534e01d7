-- One row per commune, reporting period and indicator: deprived poor households in the period's result and in the
-- next period's plan, each as % of that row's poor households (unrounded), and the planned fall.
with results as (
    select * from marts.deprivation_by_commune
),

plans as (
    select * from intermediate.int_commune_plan
),

targets as (
    select * from intermediate.int_commune_deprivation_targets
),

joined as (
    select
        results.*,
        plans.target_period,
        plans.target_poor_households,
        targets.target_deprived_households,
        100.0 * targets.target_deprived_households / nullif(plans.target_poor_households, 0) as target_deprivation_rate_pct
    from results
    inner join plans using (period, commune_code)
    left join targets using (period, commune_code, indicator_code)
)

select
    *,
    deprived_households - target_deprived_households as target_deprived_reduction,
    deprivation_rate_pct - target_deprivation_rate_pct as target_deprivation_rate_reduction_pp
from joined
