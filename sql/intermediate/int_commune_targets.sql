-- One row per commune and reporting period: the targets it set for the next period.
with figures as (
    select
        submissions.period,
        submissions.target_period,
        submissions.commune_code,
        figures.measure,
        figures.figure
    from staging.stg_figures as figures
    inner join intermediate.int_current_submissions as submissions using (file_id)
    where figures.section = 'targets'
)

select
    period,
    target_period,
    commune_code,
    max(figure) filter (where measure = 'total_households') as target_total_households,
    max(figure) filter (where measure = 'em_households') as target_em_households,
    max(figure) filter (where measure = 'poor_households') as target_poor_households,
    max(figure) filter (where measure = 'em_poor_households') as target_em_poor_households,
    max(figure) filter (where measure = 'near_poor_households') as target_near_poor_households
from figures
group by period, target_period, commune_code
