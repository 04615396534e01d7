-- One row per commune and period whose current workbook gives its figures at the start of the period (the previous
-- review's result): households, ethnic-minority households and the poor among each. Where the warehouse holds no
-- previous period of the commune, these give its fall in the poverty rate.
with figures as (
    select
        submissions.period,
        submissions.commune_code,
        figures.measure,
        figures.figure
    from {{ ref('stg_figures') }} as figures
    inner join {{ ref('int_current_submissions') }} as submissions using (file_id)
    where figures.section = 'start'
)

select
    period,
    commune_code,
    {%- for measure in var('start_measures') %}
    max(figure) filter (where measure = '{{ measure }}') as start_{{ measure }}{{ "," if not loop.last }}
    {%- endfor %}
from figures
group by period, commune_code
