-- One row per district and period (before the 2025 reform): ethnic-minority (DTTS) counts summed over its
-- communes, rates recomputed from the sums, and the fall in their poverty rate since the previous year in points.
with communes as (
    select * from {{ ref('ethnic_minority_by_commune') }}
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
        count(*) as communes,
        {{ sum_counts(['total_households', 'poor_households', 'em_households', 'em_poor_households',
                       'em_near_poor_households']) }},
        {{ start_sums(['start_em_households', 'start_em_poor_households']) }}
    from communes
    group by all
),

rated as (
    select
        *,
        {{ ethnic_minority_rates() }}
    from summed
)

select
    current.period,
    current.standard_code,
    current.unit_structure,
    current.province_code,
    current.province_name,
    current.district_code,
    current.district_name,
    current.communes,
    current.total_households,
    current.poor_households,
    current.em_households,
    current.em_share_of_households_pct,
    current.em_poor_households,
    current.em_poverty_rate_pct,
    current.em_share_of_poor_pct,
    current.em_near_poor_households,
    current.em_near_poor_rate_pct,
    current.start_em_households,
    current.start_em_poor_households,
    previous.em_poverty_rate_pct as previous_em_poverty_rate_pct,
    {{ previous_rate('previous.em_poverty_rate_pct', 'current.start_em_poor_households', 'current.start_em_households') }}
        - current.em_poverty_rate_pct as em_rate_reduction_pp
from rated as current
left join rated as previous
    on {{ previous_year_of('current', 'previous', 'district_code') }}
