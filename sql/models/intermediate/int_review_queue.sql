-- One row per submission of a period whose files need the district's approval that would count but for it (loaded,
-- in the inbox at the period's latest run, not a copy, not withdrawn), with the district's latest decision on it
-- (null while it waits).
with submissions as (
    select * from {{ ref('stg_submissions') }}
),

review_periods as (
    select * from {{ ref('stg_review_periods') }} where review_required
),

withdrawn as (
    select period, file_id from {{ ref('stg_withdrawals') }} where restored_at is null
),

decisions as (
    select * from {{ ref('int_review_decisions') }}
)

select
    submissions.period,
    submissions.commune_code,
    submissions.unit_structure,
    submissions.file_id,
    submissions.file_name,
    decisions.decision,
    decisions.note,
    decisions.decided_by,
    decisions.decided_at
from submissions
inner join review_periods using (period)
left join decisions using (period, file_id)
anti join withdrawn using (period, file_id)
where submissions.status = 'loaded' and submissions.present and submissions.copy_of is null
