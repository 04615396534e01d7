-- One row per commune, period and deprivation indicator of the period's standard: poor households,
-- those deprived on the indicator, and the deprivation rate (% of poor households, unrounded).
with communes as (
    select * from {{ ref('int_commune_households') }}
),

deprivations as (
    select * from {{ ref('int_commune_deprivations') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
)

select
    communes.period,
    communes.standard_code,
    communes.unit_structure,
    {{ unit_columns('commune', 'communes.') }},
    {{ indicator_columns('indicators.') }},
    communes.poor_households,
    deprivations.deprived_households,
    {{ rate('deprivations.deprived_households', 'communes.poor_households') }} as deprivation_rate_pct
from communes
inner join indicators on indicators.standard_code = communes.standard_code
left join deprivations
    on deprivations.period = communes.period
    and deprivations.commune_code = communes.commune_code
    and deprivations.indicator_code = indicators.indicator_code
