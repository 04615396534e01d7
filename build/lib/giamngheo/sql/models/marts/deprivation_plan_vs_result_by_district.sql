-- One row per district, period and deprivation indicator (before the 2025 reform), result against plan: poor and
-- deprived households of the period summed over every commune with figures, those of the next period's plan summed
-- only when each of them has a plan (null otherwise, with how many have one), rates recomputed from the sums, and the
-- planned fall.
with communes as (
    select * from {{ ref('deprivation_plan_vs_result_by_commune') }}
    where district_code is not null
),

summed as (
    select
        period,
        target_period,
        standard_code,
        unit_structure,
        province_code,
        province_name,
        district_code,
        district_name,
        indicator_position,
        indicator_code,
        dimension_label_vi,
        indicator_label_vi,
        count(*) as communes,
        {{ sum_counts(['poor_households', 'deprived_households']) }},
        {{ sum_targets(['target_poor_households', 'target_deprived_households']) }}
    from communes
    group by all
),

rated as (
    select
        *,
        {{ rate('deprived_households', 'poor_households') }} as deprivation_rate_pct,
        {{ rate('target_deprived_households', 'target_poor_households') }} as target_deprivation_rate_pct
    from summed
)

select
    *,
    deprived_households - target_deprived_households as target_deprived_reduction,
    deprivation_rate_pct - target_deprivation_rate_pct as target_deprivation_rate_reduction_pp
from rated
