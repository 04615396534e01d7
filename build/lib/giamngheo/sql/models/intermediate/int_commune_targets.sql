-- One row per commune and reporting period: the targets it set for the next period.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with figures as (
    select
        submissions.period,
        submissions.target_period,
        submissions.commune_code,
        figures.measure,
        figures.figure
    from {{ ref('stg_figures') }} as figures
    inner join (
        select * from {{ ref('int_current_submissions') }}
        {{ only_affected('period', 'commune_code') }}
    ) as submissions using (file_id)
    where figures.section = 'targets'
)

select
    period,
    target_period,
    commune_code,
    {%- for measure in var('target_measures') %}
    max(figure) filter (where measure = '{{ measure }}') as target_{{ measure }}{{ "," if not loop.last }}
    {%- endfor %}
from figures
group by period, target_period, commune_code
