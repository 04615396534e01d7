-- One row per commune expected to report for a period, and whether it did: on time, late (against the period's due
-- date, by the file's last-modified time), rejected (files received, none loaded) or missing. A commune is expected
-- when its district (before the 2025 reform; its province after) sent at least one workbook for the period.
with workbooks as (
    select * from {{ ref('stg_workbooks') }} where commune_code is not null
),

units as (
    select * from {{ ref('int_units') }}
),

due_dates as (
    select * from {{ ref('stg_due_dates') }}
),

areas as (
    select distinct
        workbooks.period,
        workbooks.unit_structure,
        units.province_code,
        units.district_code
    from workbooks
    inner join units using (unit_structure, commune_code)
),

expected as (
    select
        areas.period,
        units.*
    from areas
    inner join units
        on units.unit_structure = areas.unit_structure
        and units.province_code = areas.province_code
        and units.district_code is not distinct from areas.district_code
),

received as (
    select
        period,
        commune_code,
        count(*) as files,
        min(file_modified_at) as first_received_at,
        min(file_modified_at) filter (where status = 'loaded') as first_loaded_file_at
    from workbooks
    group by period, commune_code
)

select
    expected.period,
    expected.unit_structure,
    expected.province_code,
    expected.province_name,
    expected.district_code,
    expected.district_name,
    expected.commune_code,
    expected.commune_name,
    due_dates.due_date,
    coalesce(received.files, 0) as files,
    received.first_received_at,
    case
        when received.commune_code is null then 'missing'
        when received.first_loaded_file_at is null then 'rejected'
        when due_dates.due_date is null or received.first_loaded_file_at::date <= due_dates.due_date then 'on_time'
        else 'late'
    end as submission_status
from expected
left join received using (period, commune_code)
left join due_dates using (period)
