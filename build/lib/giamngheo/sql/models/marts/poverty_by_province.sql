-- One row per province and period: household counts summed over its communes (legacy provinces before the 2025
-- reform, 2025 provinces after), rates recomputed from the sums, and the fall in the poverty rate since the
-- previous year when that year used the same unit structure.
with communes as (
    select * from {{ ref('poverty_by_commune') }}
),

summed as (
    select
        period,
        standard_code,
        unit_structure,
        province_code,
        province_name,
        count(distinct district_code) as districts,
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
    current.districts,
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
    on {{ previous_year_of('current', 'previous', 'province_code') }}
