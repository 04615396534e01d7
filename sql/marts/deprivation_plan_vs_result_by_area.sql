-- One row per area (district before the 2025 reform, or province), reporting period and indicator: result and
-- planned deprivation counts summed over communes, rates recomputed from the sums, and the planned fall.
with communes as (
    select * from marts.deprivation_plan_vs_result_by_commune
),

summed as (
    select
        period,
        target_period,
        standard_code,
        unit_structure,
        if(grouping(district_code) = 0, 'district', 'province') as area_level,
        province_code,
        province_name,
        district_code,
        district_name,
        indicator_position,
        indicator_code,
        dimension_label_vi,
        indicator_label_vi,
        count(*) as communes,
        sum(poor_households)::bigint as poor_households,
        sum(deprived_households)::bigint as deprived_households,
        sum(target_poor_households)::bigint as target_poor_households,
        sum(target_deprived_households)::bigint as target_deprived_households
    from communes
    group by grouping sets (
        (period, target_period, standard_code, unit_structure, province_code, province_name, district_code, district_name,
         indicator_position, indicator_code, dimension_label_vi, indicator_label_vi),
        (period, target_period, standard_code, unit_structure, province_code, province_name,
         indicator_position, indicator_code, dimension_label_vi, indicator_label_vi)
    )
),

rated as (
    select
        *,
        100.0 * deprived_households / nullif(poor_households, 0) as deprivation_rate_pct,
        100.0 * target_deprived_households / nullif(target_poor_households, 0) as target_deprivation_rate_pct
    from summed
    where area_level = 'province' or district_code is not null
)

select
    *,
    deprived_households - target_deprived_households as target_deprived_reduction,
    deprivation_rate_pct - target_deprivation_rate_pct as target_deprivation_rate_reduction_pp
from rated
