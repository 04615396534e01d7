-- One row per village of each commune's current workbook: its household counts.
with figures as (
    select
        submissions.period,
        submissions.commune_code,
        figures.*
    from staging.stg_figures as figures
    inner join intermediate.int_current_submissions as submissions using (file_id)
    where figures.section = 'households' and not figures.is_total
)

select
    period,
    commune_code,
    file_id,
    sheet_row,
    village_name,
    sum(figure) filter (where measure = 'total_households')::bigint as total_households,
    sum(figure) filter (where measure = 'persons')::bigint as persons,
    sum(figure) filter (where measure = 'em_households')::bigint as em_households,
    sum(figure) filter (where measure = 'poor_households')::bigint as poor_households,
    sum(figure) filter (where measure = 'em_poor_households')::bigint as em_poor_households,
    sum(figure) filter (where measure = 'near_poor_households')::bigint as near_poor_households,
    sum(figure) filter (where measure = 'em_near_poor_households')::bigint as em_near_poor_households,
    sum(figure) filter (where measure = 'escaped_poverty_households')::bigint as escaped_poverty_households,
    sum(figure) filter (where measure = 'newly_poor_households')::bigint as newly_poor_households
from figures
group by period, commune_code, file_id, sheet_row, village_name
