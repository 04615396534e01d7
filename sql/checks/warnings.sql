-- One row per warning on a commune's current workbook for period $period: figures that are allowed but unlikely,
-- which the district should confirm with the commune (the data loads). Thresholds are the run's parameters.
with communes as (
    select * from intermediate.int_rates_by_area
    where area_level = 'commune' and period = $period
),

submissions as (
    select * from intermediate.int_current_submissions
    where period = $period
),

totals as (
    select file_id, sheet, measure, sheet_col || sheet_row as cell
    from staging.stg_figures
    where section = 'households' and is_total
),

rate_moves as (
    select
        submissions.file_id,
        communes.commune_code,
        'rate_moved' as rule,
        'poor_households' as measure,
        communes.poverty_rate_pct as value,
        communes.previous_poverty_rate_pct as previous_value,
        null::bigint as other_value,
        null::bigint as other_previous_value
    from communes
    inner join submissions using (commune_code)
    where abs(communes.rate_reduction_pp) > $max_rate_change_pp
),

near_poor_falls as (
    select
        submissions.file_id,
        communes.commune_code,
        'poor_up_near_poor_down' as rule,
        'poor_households' as measure,
        communes.poor_households as value,
        communes.previous_poor_households as previous_value,
        communes.near_poor_households as other_value,
        communes.previous_near_poor_households as other_previous_value
    from communes
    inner join submissions using (commune_code)
    where communes.near_poor_households < communes.previous_near_poor_households
        and communes.poor_households > communes.previous_poor_households * (1 + $max_poor_rise_share)
),

village_changes as (
    select
        file_id,
        commune_code,
        'village_households_changed' as rule,
        village_name,
        sheet,
        cell,
        total_households as value,
        previous_total_households as previous_value,
        null::bigint as other_value,
        null::bigint as other_previous_value
    from intermediate.int_village_changes
    where period = $period
        and abs(total_households - previous_total_households) > $max_village_change_share * previous_total_households
),

resubmissions as (
    select
        submissions.file_id,
        submissions.commune_code,
        'commune_resubmitted' as rule,
        count(*) as value,
        string_agg(workbooks.file_name, ', ' order by workbooks.file_name) as files
    from submissions
    inner join staging.stg_workbooks as workbooks
        on workbooks.commune_code = submissions.commune_code
        and workbooks.period = submissions.period
        and workbooks.unit_structure = submissions.unit_structure
    where workbooks.status = 'loaded'
    group by submissions.file_id, submissions.commune_code
    having count(*) > 1
),

commune_warnings as (
    select
        moves.file_id,
        moves.commune_code,
        moves.rule,
        null as village_name,
        totals.sheet,
        totals.cell,
        moves.value,
        moves.previous_value,
        moves.other_value,
        moves.other_previous_value
    from (select * from rate_moves union all select * from near_poor_falls) as moves
    left join totals
        on totals.file_id = moves.file_id
        and totals.measure = moves.measure
)

select *, null as files from commune_warnings
union all
select *, null as files from village_changes
union all
select file_id, commune_code, rule, null, null, null, value, null, null, null, files
from resubmissions
