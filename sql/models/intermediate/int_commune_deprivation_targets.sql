-- One row per commune, reporting period and indicator: the target count of poor households deprived on it.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with figures as (
    {{ current_figures('targets', ['period', 'target_period', 'commune_code', 'standard_code']) }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
)

select
    figures.period,
    figures.target_period,
    figures.commune_code,
    figures.measure as indicator_code,
    figures.figure as target_deprived_households
from figures
inner join indicators
    on figures.standard_code = indicators.standard_code and figures.measure = indicators.indicator_code
