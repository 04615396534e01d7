-- One row per village row of the targets-by-village table of each commune's current workbook: the targets the
-- commune set for that village for the next period.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with submissions as (
    select * from {{ ref('int_current_submissions') }}
    {{ only_affected('period', 'commune_code') }}
),

figures as (
    select
        submissions.period,
        submissions.target_period,
        submissions.unit_structure,
        submissions.commune_code,
        figures.*
    from {{ ref('stg_figures') }} as figures
    inner join submissions using (file_id)
    where figures.section = 'village_targets' and not figures.is_total
)

select
    period,
    target_period,
    unit_structure,
    commune_code,
    sheet_row,
    village_name,
    {{ village_key('village_name') }} as village_key,
    {%- for measure in var('target_measures') %}
    max(figure) filter (where measure = '{{ measure }}') as target_{{ measure }}{{ "," if not loop.last }}
    {%- endfor %}
from figures
group by period, target_period, unit_structure, commune_code, sheet_row, village_name
