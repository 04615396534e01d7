-- One row per district and reporting period (before the 2025 reform): results summed over every commune with
-- figures, next-period targets summed over them only when each has a plan (null otherwise, with how many have one),
-- rates recomputed from the sums, the fall since the previous year, and the planned fall in percentage points and
-- in households.
with communes as (
    select * from {{ ref('plan_vs_result_by_commune') }}
    where district_code is not null
),

poverty as (
    select period, district_code, rate_reduction_pp from {{ ref('poverty_by_district') }}
),

ethnic_minority as (
    select period, district_code, em_rate_reduction_pp from {{ ref('ethnic_minority_by_district') }}
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
    left join poverty using (period, district_code)
    left join ethnic_minority using (period, district_code)
)

select
    *,
    {{ planned_falls() }}
from rated
