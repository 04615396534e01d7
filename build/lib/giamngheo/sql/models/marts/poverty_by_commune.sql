-- One row per commune and period: households, poor and near-poor households and their rates (%, unrounded), and
-- the fall in the poverty rate since the previous year in percentage points: from the previous year's row (of the
-- same unit structure: the 2025 reform reused commune codes), else from the figures at the start of the period
-- the commune's workbook gives; null without either.
with communes as (
    select * from {{ ref('int_commune_households') }}
),

starts as (
    select * from {{ ref('int_commune_start_figures') }}
),

rated as (
    select
        *,
        {{ poverty_rates() }}
    from communes
)

select
    current.period,
    current.standard_code,
    current.unit_structure,
    current.province_code,
    current.province_name,
    current.district_code,
    current.district_name,
    current.commune_code,
    current.commune_name,
    current.figures_source,
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
    starts.start_total_households,
    starts.start_poor_households,
    previous.poor_households as previous_poor_households,
    previous.near_poor_households as previous_near_poor_households,
    previous.poverty_rate_pct as previous_poverty_rate_pct,
    {{ previous_rate('previous.poverty_rate_pct', 'starts.start_poor_households', 'starts.start_total_households') }}
        - current.poverty_rate_pct as rate_reduction_pp
from rated as current
left join rated as previous
    on {{ previous_year_of('current', 'previous', 'commune_code') }}
left join starts
    on starts.period = current.period and starts.commune_code = current.commune_code
