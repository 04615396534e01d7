-- One row per warning on a commune's current workbook: a figure the rules allow but that is unlikely, which the
-- district should confirm with the commune (the workbook still loads), the cell to look at, the figures compared and
-- the period's threshold (stg_run_thresholds); or a table read from one of several sheets that held it, and the sheets
-- set aside. vocabulary/messages.py words each rule in Vietnamese and English.
with communes as (
    select * from {{ ref('poverty_by_commune') }}
),

submissions as (
    select * from {{ ref('int_current_submissions') }}
),

counted as (
    select * from {{ ref('int_counted_submissions') }} where workbook_kind = 'aggregate'
),

thresholds as (
    select * from {{ ref('stg_run_thresholds') }}
),

villages as (
    select * from {{ ref('int_village_households') }}
),

totals as (
    select file_id, sheet, sheet_col || sheet_row as cell
    from {{ ref('stg_figures') }}
    where section = 'households' and is_total and measure = 'poor_households'
),

rate_moves as (
    select
        communes.period,
        communes.commune_code,
        'rate_moved' as rule,
        communes.poverty_rate_pct as value,
        communes.previous_poverty_rate_pct as previous_value,
        null::double as other_value,
        null::double as other_previous_value,
        thresholds.threshold
    from communes
    inner join thresholds on thresholds.period = communes.period and thresholds.rule = 'rate_moved'
    -- against the previous period the warehouse holds, not the start figures a workbook gives of itself
    where abs(communes.previous_poverty_rate_pct - communes.poverty_rate_pct) > thresholds.threshold
),

near_poor_falls as (
    select
        communes.period,
        communes.commune_code,
        'poor_up_near_poor_down' as rule,
        communes.poor_households as value,
        communes.previous_poor_households as previous_value,
        communes.near_poor_households as other_value,
        communes.previous_near_poor_households as other_previous_value,
        thresholds.threshold
    from communes
    inner join thresholds on thresholds.period = communes.period and thresholds.rule = 'poor_up_near_poor_down'
    where communes.near_poor_households < communes.previous_near_poor_households
        and communes.poor_households > communes.previous_poor_households * (1 + thresholds.threshold)
),

commune_warnings as (
    select
        moves.period,
        moves.commune_code,
        submissions.file_id,
        totals.sheet,
        totals.cell,
        moves.rule,
        null as village_name,
        moves.value,
        moves.previous_value,
        moves.other_value,
        moves.other_previous_value,
        moves.threshold,
        null as files
    from (select * from rate_moves union all select * from near_poor_falls) as moves
    inner join submissions using (period, commune_code)
    left join totals using (file_id)
),

village_warnings as (
    select
        current.period,
        current.commune_code,
        current.file_id,
        current.sheet,
        current.total_households_cell as cell,
        'village_households_changed' as rule,
        current.village_name,
        current.total_households as value,
        previous.total_households as previous_value,
        null::double as other_value,
        null::double as other_previous_value,
        thresholds.threshold,
        null as files
    from villages as current
    inner join thresholds on thresholds.period = current.period and thresholds.rule = 'village_households_changed'
    inner join villages as previous
        on previous.commune_code = current.commune_code
        and previous.unit_structure = current.unit_structure
        and previous.village_key = current.village_key
        and previous.period = {{ previous_year('current.period') }}
    where abs(current.total_households - previous.total_households) > thresholds.threshold * previous.total_households
),

resubmissions as (
    select
        submissions.period,
        submissions.commune_code,
        submissions.file_id,
        null as sheet,
        null as cell,
        'commune_resubmitted' as rule,
        null as village_name,
        count(*)::double as value,
        null::double as previous_value,
        null::double as other_value,
        null::double as other_previous_value,
        null::double as threshold,
        string_agg(counted.file_name, ', ' order by counted.file_name) as files
    from submissions
    inner join counted using (period, commune_code)
    group by all
    having count(*) > 1
),

hidden_sheets as (
    select
        submissions.period,
        submissions.commune_code,
        submissions.file_id,
        'hidden_sheets_not_read' as rule,
        workbooks.hidden_sheets as files
    from submissions
    inner join {{ ref('stg_workbooks') }} as workbooks using (file_id)
    where workbooks.hidden_sheets is not null
),

sheet_choices as (
    select
        submissions.period,
        submissions.commune_code,
        submissions.file_id,
        chosen.choice.sheet as sheet,
        chosen.choice.cell as cell,
        'table_sheet_chosen' as rule,
        '''' || array_to_string(chosen.choice.set_aside, ''', ''') || '''' as files
    from submissions
    inner join (
        select file_id, unnest(sheet_choices) as choice
        from {{ ref('stg_workbooks') }}
        where sheet_choices is not null
    ) as chosen using (file_id)
),

-- each rule's own columns; the others of a row are null (union by name)
warnings as (
    select * from commune_warnings
    union all by name
    select * from hidden_sheets
    union all by name
    select * from sheet_choices
    union all by name
    select * from village_warnings
    union all by name
    select * from resubmissions
)

select
    warnings.period,
    communes.province_code,
    communes.province_name,
    communes.district_code,
    communes.district_name,
    warnings.commune_code,
    communes.commune_name,
    warnings.file_id,
    submissions.file_name,
    warnings.sheet,
    warnings.cell,
    warnings.rule,
    warnings.village_name,
    warnings.value,
    warnings.previous_value,
    warnings.other_value,
    warnings.other_previous_value,
    warnings.threshold,
    warnings.files
from warnings
inner join communes using (period, commune_code)
inner join submissions using (period, commune_code)
