-- One row per district, period and deprivation indicator: counts summed over communes, rate recomputed from the sums.
with communes as (
    select * from marts.deprivation_by_commune
),

summed as (
    select
        period,
        standard_code,
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
        sum(deprived_households)::bigint as deprived_households
    from communes
    where district_code is not null  -- periods after the 2025 reform have no districts
    group by all
)

select
    *,
    100.0 * deprived_households / nullif(poor_households, 0) as deprivation_rate_pct
from summed
