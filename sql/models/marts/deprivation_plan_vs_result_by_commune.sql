-- One row per commune with figures, reporting period and indicator: deprived poor households in the period's result
-- and in the next period's plan, each as % of that row's poor households (unrounded), and the planned fall. A commune
-- whose figures come from its household register alone has no plan: its plan columns are null.
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
        {{ target_period('results.period') }} as target_period,
        plans.commune_code is not null as has_plan,
        plans.target_poor_households,
        targets.target_deprived_households,
        {{ rate('targets.target_deprived_households', 'plans.target_poor_households') }} as target_deprivation_rate_pct
    from results
    left join plans using (period, commune_code)
    left join targets using (period, commune_code, indicator_code)
)

select
    *,
    {{ planned_deprivation_falls() }}
from joined
