-- One row per submission (aggregate workbook or household register) whose figures may count for its commune and period: loaded, still in the inbox at the
-- period's latest run, not a copy of another file, not withdrawn, and approved when its period's files need
-- approval; with when its content was received.
with submissions as (
    select * from {{ ref('stg_submissions') }}
),

workbooks as (
    select * from {{ ref('stg_workbooks') }}
),

withdrawn as (
    select period, file_id from {{ ref('stg_withdrawals') }} where restored_at is null
),

awaiting_approval as (
    select period, file_id from {{ ref('int_review_queue') }} where coalesce(decision, '') <> 'approved'
)

select
    submissions.period,
    submissions.commune_code,
    submissions.unit_structure,
    submissions.file_id,
    submissions.source_path,
    submissions.file_name,
    submissions.file_modified_at,
    workbooks.workbook_kind,
    workbooks.is_synthetic,
    workbooks.received_at
from submissions
inner join workbooks using (file_id)
anti join withdrawn using (period, file_id)
anti join awaiting_approval using (period, file_id)
where submissions.status = 'loaded' and submissions.present and submissions.copy_of is null
