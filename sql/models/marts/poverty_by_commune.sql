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
    {{ unit_columns('commune', 'current.') }},
    current.figures_source,
    current.is_synthetic,
    {{ poverty_columns('current.') }},
    starts.start_total_households,
    starts.start_poor_households,
    previous.poor_households as previous_poor_households,
    previous.near_poor_households as previous_near_poor_households,
    {{ fall_since_previous_year('poverty_rate_pct', 'rate_reduction_pp',
                                'starts.start_poor_households', 'starts.start_total_households') }}
from rated as current
left join rated as previous
    on {{ previous_year_of('current', 'previous', 'commune_code') }}
left join starts
    on starts.period = current.period and starts.commune_code = current.commune_code
