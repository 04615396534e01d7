-- One row per commune expected to report for a period, and whether it did, as the inbox of the period's latest run
-- has it: on time or late (its first counted file against the period's due date, by when the warehouse received
-- it), withdrawn (its files taken out of the figures), awaiting review (its files wait for the district's approval),
-- rejected (files in the inbox, none loaded or every one rejected by the district, with the rules they broke) or
-- missing. A commune is expected when its district (before the 2025 reform; its province after) has
-- at least one file in the period's inbox.
with submissions as (
    select * from {{ ref('stg_submissions') }} where attributed_commune_code is not null and present
),

withdrawn as (
    select distinct period, commune_code from {{ ref('withdrawals') }}
),

workbooks as (
    select * from {{ ref('stg_workbooks') }}
),

counted as (
    select * from {{ ref('int_counted_submissions') }}
),

errors as (
    select period, file_id, rule from {{ ref('stg_validation_errors') }}
    union all
    -- the district's rejection reads as a rule the file broke
    select period, file_id, 'district_rejected' as rule from {{ ref('int_review_queue') }} where decision = 'rejected'
),

awaiting_review as (
    select distinct period, commune_code from {{ ref('int_review_queue') }} where decision is null
),

units as (
    select * from {{ ref('int_period_units') }}
),

due_dates as (
    select * from {{ ref('stg_due_dates') }}
),

areas as (
    select distinct
        submissions.period,
        units.unit_structure,
        units.province_code,
        units.district_code
    from submissions
    inner join units
        on units.period = submissions.period
        and units.commune_code = submissions.attributed_commune_code
),

expected as (
    select units.*
    from areas
    inner join units
        on units.period = areas.period
        and units.unit_structure = areas.unit_structure
        and units.province_code = areas.province_code
        and units.district_code is not distinct from areas.district_code
),

received as (
    select
        submissions.period,
        submissions.attributed_commune_code as commune_code,
        count(*) as files,
        min(workbooks.received_at) as first_received_at
    from submissions
    inner join workbooks using (file_id)
    group by all
),

first_counted as (
    select period, commune_code, min(received_at) as received_at
    from counted
    group by all
),

refusals as (
    select
        submissions.period,
        submissions.attributed_commune_code as commune_code,
        string_agg(distinct errors.rule, ', ' order by errors.rule) as rejected_for
    from submissions
    inner join errors using (period, file_id)
    group by all
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
        when first_counted.commune_code is not null and (
            due_dates.due_date is null or first_counted.received_at::date <= due_dates.due_date) then 'on_time'
        when first_counted.commune_code is not null then 'late'
        when withdrawn.commune_code is not null then 'withdrawn'
        when awaiting_review.commune_code is not null then 'awaiting_review'
        when received.commune_code is not null then 'rejected'
        else 'missing'
    end as submission_status,
    case when first_counted.commune_code is null and withdrawn.commune_code is null then refusals.rejected_for end
        as rejected_for,
    sources.figures_source
from expected
left join received using (period, commune_code)
left join first_counted using (period, commune_code)
left join withdrawn using (period, commune_code)
left join awaiting_review using (period, commune_code)
left join refusals using (period, commune_code)
left join due_dates using (period)
left join {{ ref('int_figure_sources') }} as sources using (period, commune_code)
