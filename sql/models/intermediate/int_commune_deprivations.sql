-- One row per commune, period and deprivation indicator: poor households deprived on it, summed over villages.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with figures as (
    select
        submissions.period,
        submissions.commune_code,
        figures.measure as indicator_code,
        figures.figure
    from {{ ref('stg_figures') }} as figures
    inner join (
        select * from {{ ref('int_current_submissions') }}
        {{ only_affected('period', 'commune_code') }}
    ) as submissions using (file_id)
    where figures.section = 'deprivation' and not figures.is_total
)

select
    period,
    commune_code,
    indicator_code,
    sum(figure)::bigint as deprived_households
from figures
group by period, commune_code, indicator_code
