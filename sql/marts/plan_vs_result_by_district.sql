-- One row per district and reporting period: results and next-period targets summed over its communes,
-- rates recomputed from the sums, and the planned fall in percentage points and in households.
with plans as (
    select * from intermediate.int_commune_plan
),

summed as (
    select
        period,
        target_period,
        standard_code,
        province_code,
        province_name,
        district_code,
        district_name,
        count(*) as communes,
        sum(total_households)::bigint as total_households,
        sum(poor_households)::bigint as poor_households,
        sum(em_households)::bigint as em_households,
        sum(em_poor_households)::bigint as em_poor_households,
        sum(near_poor_households)::bigint as near_poor_households,
        sum(target_total_households)::bigint as target_total_households,
        sum(target_poor_households)::bigint as target_poor_households,
        sum(target_em_households)::bigint as target_em_households,
        sum(target_em_poor_households)::bigint as target_em_poor_households,
        sum(target_near_poor_households)::bigint as target_near_poor_households
    from plans
    where district_code is not null  -- periods after the 2025 reform have no districts
    group by all
),

rated as (
    select
        *,
        100.0 * poor_households / nullif(total_households, 0) as poverty_rate_pct,
        100.0 * target_poor_households / nullif(target_total_households, 0) as target_poverty_rate_pct,
        100.0 * em_poor_households / nullif(em_households, 0) as em_poverty_rate_pct,
        100.0 * target_em_poor_households / nullif(target_em_households, 0) as target_em_poverty_rate_pct
    from summed
)

select
    *,
    poverty_rate_pct - target_poverty_rate_pct as target_rate_reduction_pp,
    poor_households - target_poor_households as target_poor_reduction,
    em_poverty_rate_pct - target_em_poverty_rate_pct as target_em_rate_reduction_pp,
    em_poor_households - target_em_poor_households as target_em_poor_reduction
from rated
