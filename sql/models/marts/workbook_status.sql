-- One row per workbook received: its commune, period, whether it loaded, and whether it is the version that counts.
with workbooks as (
    select * from {{ ref('stg_workbooks') }}
),

current_submissions as (
    select file_id from {{ ref('int_current_submissions') }}
),

errors as (
    select file_id, count(*) as errors from {{ ref('stg_validation_errors') }} group by file_id
)

select
    workbooks.period,
    workbooks.commune_code,
    workbooks.declared_commune_name,
    workbooks.file_name,
    workbooks.source_path,
    workbooks.file_id,
    workbooks.status,
    workbooks.text_encoding,
    current_submissions.file_id is not null as is_current,
    coalesce(errors.errors, 0) as errors,
    workbooks.first_loaded_at,
    workbooks.last_loaded_at
from workbooks
left join current_submissions using (file_id)
left join errors using (file_id)
