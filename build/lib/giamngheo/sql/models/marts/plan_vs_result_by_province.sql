-- One row per province and reporting period (legacy provinces before the 2025 reform, 2025 provinces after): results
-- summed over every commune with figures, next-period targets summed over them only when each has a plan (null
-- otherwise, with how many have one), rates recomputed from the sums, the fall since the previous year, and the
-- planned fall in percentage points and in households.
with communes as (
    select * from {{ ref('plan_vs_result_by_commune') }}
),

poverty as (
    select period, province_code, rate_reduction_pp from {{ ref('poverty_by_province') }}
),

ethnic_minority as (
    select period, province_code, em_rate_reduction_pp from {{ ref('ethnic_minority_by_province') }}
),

summed as (
    select
        period,
        target_period,
        standard_code,
        unit_structure,
        province_code,
        province_name,
        count(*) as communes,
        {{ sum_counts(['total_households', 'poor_households', 'em_households', 'em_poor_households',
                       'near_poor_households']) }},
        {{ sum_targets(['target_total_households', 'target_poor_households', 'target_em_households',
                        'target_em_poor_households', 'target_near_poor_households']) }}
    from communes
    group by all
),

rated as (
    select
        summed.*,
        {{ plan_rates() }},
        poverty.rate_reduction_pp,
        ethnic_minority.em_rate_reduction_pp
    from summed
    left join poverty using (period, province_code)
    left join ethnic_minority using (period, province_code)
)

select
    *,
    {{ planned_falls() }}
from rated
