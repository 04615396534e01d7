-- One row per commune and period whose current workbook gives its figures at the start of the period (the previous
-- review's result): households, ethnic-minority households and the poor among each. Where the warehouse holds no
-- previous period of the commune, these give its fall in the poverty rate.
with figures as (
    {{ current_figures('start', ['period', 'commune_code']) }}
)

select
    period,
    commune_code,
    {{ pivot_figures(var('start_measures'), 'start_') }}
from figures
group by period, commune_code
