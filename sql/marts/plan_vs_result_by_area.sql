-- One row per area (commune, district or province) and reporting period: the period's result and the next period's
-- plan summed over its communes, rates recomputed from the sums, the fall since the previous year, and the planned
-- fall in percentage points and households.
with areas as (
    select * from intermediate.int_plan_by_area
),

year_on_year as (
    select
        period,
        area_level,
        province_code,
        district_code,
        commune_code,
        rate_reduction_pp,
        em_rate_reduction_pp
    from intermediate.int_rates_by_area
),

rated as (
    select
        areas.*,
        100.0 * poor_households / nullif(total_households, 0) as poverty_rate_pct,
        100.0 * target_poor_households / nullif(target_total_households, 0) as target_poverty_rate_pct,
        100.0 * em_poor_households / nullif(em_households, 0) as em_poverty_rate_pct,
        100.0 * target_em_poor_households / nullif(target_em_households, 0) as target_em_poverty_rate_pct,
        year_on_year.rate_reduction_pp,
        year_on_year.em_rate_reduction_pp
    from areas
    left join year_on_year
        on year_on_year.period = areas.period
        and year_on_year.area_level = areas.area_level
        and year_on_year.province_code = areas.province_code
        and year_on_year.district_code is not distinct from areas.district_code
        and year_on_year.commune_code is not distinct from areas.commune_code
)

select
    *,
    poverty_rate_pct - target_poverty_rate_pct as target_rate_reduction_pp,
    poor_households - target_poor_households as target_poor_reduction,
    em_poverty_rate_pct - target_em_poverty_rate_pct as target_em_rate_reduction_pp,
    em_poor_households - target_em_poor_households as target_em_poor_reduction
from rated
