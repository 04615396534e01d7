-- One row per commune and period: ethnic-minority (DTTS) households, poor and near-poor among them, rates over
-- ethnic-minority households (%, unrounded), their share of all households and of all poor, and the fall in their
-- poverty rate since the previous year in percentage points (from that year's row, else from the figures at the
-- start of the period the commune's workbook gives).
with communes as (
    select * from {{ ref('int_commune_households') }}
),

starts as (
    select * from {{ ref('int_commune_start_figures') }}
),

rated as (
    select
        *,
        {{ ethnic_minority_rates() }}
    from communes
)

select
    current.period,
    current.standard_code,
    current.unit_structure,
    {{ unit_columns('commune', 'current.') }},
    {{ ethnic_minority_columns('current.') }},
    starts.start_em_households,
    starts.start_em_poor_households,
    {{ fall_since_previous_year('em_poverty_rate_pct', 'em_rate_reduction_pp',
                                'starts.start_em_poor_households', 'starts.start_em_households') }}
from rated as current
left join rated as previous
    on {{ previous_year_of('current', 'previous', 'commune_code') }}
left join starts
    on starts.period = current.period and starts.commune_code = current.commune_code
