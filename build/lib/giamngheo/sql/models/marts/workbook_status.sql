-- One row per file of a period's inbox at the period's latest run (path and content): its commune, whether it
-- loaded, whether it is the version that counts, and if not, why (a copy of another file, withdrawn). Earlier
-- versions and files since removed stay in raw.submissions.
with submissions as (
    select * from {{ ref('stg_submissions') }} where present
),

workbooks as (
    select * from {{ ref('stg_workbooks') }}
),

current_submissions as (
    select period, file_id from {{ ref('int_current_submissions') }}
),

withdrawn as (
    select period, file_id, withdrawn_at, reason from {{ ref('stg_withdrawals') }} where restored_at is null
),

errors as (
    select period, file_id, count(*) as errors from {{ ref('stg_validation_errors') }} group by all
)

select
    submissions.period,
    coalesce(submissions.commune_code, submissions.attributed_commune_code) as commune_code,
    workbooks.declared_commune_name,
    submissions.file_name,
    submissions.source_path,
    submissions.file_id,
    submissions.status,
    workbooks.text_encoding,
    current_submissions.file_id is not null and submissions.copy_of is null as is_current,
    submissions.copy_of,
    submissions.present,
    withdrawn.withdrawn_at,
    withdrawn.reason as withdrawal_reason,
    coalesce(errors.errors, 0) as errors,
    workbooks.received_at,
    submissions.last_seen_at
from submissions
inner join workbooks using (file_id)
left join current_submissions using (period, file_id)
left join withdrawn using (period, file_id)
left join errors using (period, file_id)
