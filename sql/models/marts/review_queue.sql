-- Grain: one row per submission of a period whose files count only once the district approves them, that would
-- count but for that: the commune, the file, the district's decision ('waiting' until there is one), and the file's
-- own figures against the commune's latest rate of an earlier period, with the warning a run would raise when the
-- rate moved more than the period's threshold (the warnings on counted figures are listed with the others).
{{ config(materialized='view') }}
with queue as (
    select * from {{ ref('int_review_queue') }}
),

units as (
    select * from {{ ref('int_period_units') }}
),

file_figures as (
    select
        file_id,
        sum(figure) filter (where measure = 'total_households') as total_households,
        sum(figure) filter (where measure = 'poor_households') as poor_households
    from {{ ref('stg_figures') }}
    where section = 'households' and not is_total
        and file_id in (select file_id from queue)
    group by file_id
),

file_rates as (
    select
        *,
        100.0 * poor_households / nullif(total_households, 0) as poverty_rate_pct
    from file_figures
),

thresholds as (
    select period, threshold from {{ ref('stg_run_thresholds') }} where rule = 'rate_moved'
),

earlier as (
    select
        current_period.period,
        current_period.commune_code,
        max_by(history.poverty_rate_pct, history.period) as previous_poverty_rate_pct,
        max(history.period) as previous_period
    from (select distinct period, commune_code, unit_structure from queue) as current_period
    inner join {{ ref('poverty_by_commune') }} as history
        on history.commune_code = current_period.commune_code
        and history.unit_structure = current_period.unit_structure
        and history.period < current_period.period
    group by all
)

select
    queue.period,
    units.district_name,
    units.province_name,
    queue.commune_code,
    units.commune_name,
    queue.file_id,
    queue.file_name,
    coalesce(queue.decision, 'waiting') as decision,
    queue.note,
    queue.decided_by,
    queue.decided_at,
    file_rates.total_households,
    file_rates.poor_households,
    file_rates.poverty_rate_pct,
    earlier.previous_period,
    earlier.previous_poverty_rate_pct,
    file_rates.poverty_rate_pct - earlier.previous_poverty_rate_pct as rate_change_pp,
    coalesce(abs(file_rates.poverty_rate_pct - earlier.previous_poverty_rate_pct) > thresholds.threshold, false)
        as rate_moved
from queue
inner join units using (period, unit_structure, commune_code)
left join file_rates using (file_id)
left join earlier using (period, commune_code)
left join thresholds using (period)
