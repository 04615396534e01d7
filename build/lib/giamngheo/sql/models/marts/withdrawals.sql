-- One row per submission that counted for its commune and period and no longer does: withdrawn by an officer
-- (giamngheo withdraw) or gone from the inbox at the period's latest run. The published workbook lists them.
with submissions as (
    select * from {{ ref('stg_submissions') }}
),

withdrawn as (
    select * from {{ ref('stg_withdrawals') }} where restored_at is null
),

units as (
    select * from {{ ref('int_period_units') }}
),

out_of_figures as (
    select
        withdrawn.period,
        submissions.commune_code,
        submissions.unit_structure,
        submissions.file_name,
        withdrawn.file_id,
        'withdrawn' as kind,
        withdrawn.reason,
        withdrawn.withdrawn_by,
        withdrawn.withdrawn_at as since
    from withdrawn
    inner join submissions using (period, file_id)
    where submissions.copy_of is null and submissions.status = 'loaded'

    union all

    select
        gone.period,
        gone.commune_code,
        gone.unit_structure,
        gone.file_name,
        gone.file_id,
        'removed_from_inbox' as kind,
        null as reason,
        null as withdrawn_by,
        gone.last_seen_at as since
    from submissions as gone
    where not gone.present and gone.status = 'loaded' and gone.copy_of is null
        -- neither still there under another name, nor replaced by a newer version at the same path
        and not exists (
            select 1 from submissions as still
            where still.period = gone.period and still.present
                and (still.file_id = gone.file_id or still.source_path = gone.source_path)
        )
)

select
    out_of_figures.period,
    units.province_code,
    units.province_name,
    units.district_code,
    units.district_name,
    out_of_figures.commune_code,
    units.commune_name,
    out_of_figures.file_name,
    out_of_figures.file_id,
    out_of_figures.kind,
    out_of_figures.reason,
    out_of_figures.withdrawn_by,
    out_of_figures.since
from out_of_figures
inner join units using (period, unit_structure, commune_code)
