-- One row per commune, reporting period and indicator: deprived poor households in the period's result and in the
-- next period's plan, each as % of that row's poor households (unrounded), and the planned fall.
with results as (
    select * from {{ ref('deprivation_by_commune') }}
),

plans as (
    select * from {{ ref('int_commune_targets') }}
),

targets as (
    select * from {{ ref('int_commune_deprivation_targets') }}
),

joined as (
    select
        results.*,
        plans.target_period,
        plans.target_poor_households,
        targets.target_deprived_households,
        {{ rate('targets.target_deprived_households', 'plans.target_poor_households') }} as target_deprivation_rate_pct
    from results
    inner join plans using (period, commune_code)
    left join targets using (period, commune_code, indicator_code)
)

select
    *,
    deprived_households - target_deprived_households as target_deprived_reduction,
    deprivation_rate_pct - target_deprivation_rate_pct as target_deprivation_rate_reduction_pp
from joined
