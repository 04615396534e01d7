-- One row per district, period and deprivation indicator (before the 2025 reform): poor households and those
-- deprived on the indicator summed over its communes, and the deprivation rate recomputed from the sums.
with communes as (
    select * from {{ ref('deprivation_by_commune') }}
    where district_code is not null
),

summed as (
    select
        period,
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
        {{ sum_counts(['poor_households', 'deprived_households']) }}
    from communes
    group by all
)

select
    *,
    {{ rate('deprived_households', 'poor_households') }} as deprivation_rate_pct
from summed
