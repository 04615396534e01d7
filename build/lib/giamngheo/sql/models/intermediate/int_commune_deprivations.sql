-- One row per commune, period and deprivation indicator: poor households deprived on it, summed over the villages
-- of its workbook, or counted in its register when that is where its figures come from (int_figure_sources).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with sources as (
    select * from {{ ref('int_figure_sources') }}
    {{ only_affected('period', 'commune_code') }}
),

from_workbooks as (
    select
        sources.period,
        sources.commune_code,
        figures.measure as indicator_code,
        sum(figures.figure)::bigint as deprived_households
    from {{ ref('stg_figures') }} as figures
    inner join sources on sources.workbook_file_id = figures.file_id and sources.figures_source = 'aggregate'
    where figures.section = 'deprivation' and not figures.is_total
    group by all
),

register_communes as (
    select * from sources where figures_source = 'register'
),

deprived as (
    select households.period, households.commune_code, unnest(households.deprived_indicators) as indicator_code
    from {{ ref('int_household_classes') }} as households
    inner join register_communes on register_communes.register_file_id = households.file_id
    where households.decided_class = 'poor'
),

-- every indicator of the standard, those no poor household is deprived on with 0, as a workbook has them
from_registers as (
    select
        register_communes.period,
        register_communes.commune_code,
        indicators.indicator_code,
        count(deprived.indicator_code) as deprived_households
    from register_communes
    inner join {{ ref('stg_indicators') }} as indicators using (standard_code)
    left join deprived
        on deprived.period = register_communes.period
        and deprived.commune_code = register_communes.commune_code
        and deprived.indicator_code = indicators.indicator_code
    group by all
)

select * from from_workbooks
union all
select * from from_registers
