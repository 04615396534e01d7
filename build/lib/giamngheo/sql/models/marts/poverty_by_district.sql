-- One row per district and period (before the 2025 reform): household counts summed over its communes, rates
-- recomputed from the sums (never averaged), and the fall in the poverty rate since the previous year in points (from that year's row, else from
-- the communes' counts at the start of the period when every commune gives them).
with communes as (
    select * from {{ ref('poverty_by_commune') }}
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
        bool_or(is_synthetic) as is_synthetic,
        {{ sum_counts(['villages', 'total_households', 'persons', 'poor_households', 'near_poor_households',
                       'escaped_poverty_households', 'newly_poor_households']) }},
        {{ start_sums(['start_total_households', 'start_poor_households']) }}
    from communes
    group by all
),

rated as (
    select
        *,
        {{ poverty_rates() }}
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
    current.is_synthetic,
    current.villages,
    current.total_households,
    current.persons,
    current.poor_households,
    current.poverty_rate_pct,
    current.near_poor_households,
    current.near_poor_rate_pct,
    current.escaped_poverty_households,
    current.newly_poor_households,
    current.start_total_households,
    current.start_poor_households,
    previous.poverty_rate_pct as previous_poverty_rate_pct,
    {{ previous_rate('previous.poverty_rate_pct', 'current.start_poor_households', 'current.start_total_households') }}
        - current.poverty_rate_pct as rate_reduction_pp
from rated as current
left join rated as previous
    on {{ previous_year_of('current', 'previous', 'district_code') }}
