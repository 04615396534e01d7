-- One row per area (district or province) and reporting period: the period's result and the next period's plan
-- summed over its communes, rates recomputed from the sums, and the planned fall in percentage points and households.
with areas as (
    select * from intermediate.int_plan_by_area
),

rated as (
    select
        *,
        100.0 * poor_households / nullif(total_households, 0) as poverty_rate_pct,
        100.0 * target_poor_households / nullif(target_total_households, 0) as target_poverty_rate_pct,
        100.0 * em_poor_households / nullif(em_households, 0) as em_poverty_rate_pct,
        100.0 * target_em_poor_households / nullif(target_em_households, 0) as target_em_poverty_rate_pct
    from areas
)

select
    *,
    poverty_rate_pct - target_poverty_rate_pct as target_rate_reduction_pp,
    poor_households - target_poor_households as target_poor_reduction,
    em_poverty_rate_pct - target_em_poverty_rate_pct as target_em_rate_reduction_pp,
    em_poor_households - target_em_poor_households as target_em_poor_reduction
from rated
