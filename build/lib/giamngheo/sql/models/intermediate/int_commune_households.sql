-- One row per commune and period: its household counts, summed over the village rows of its current workbook
-- (validation has held the total row to that sum), or counted household by household from its register when that
-- is where its figures come from (int_figure_sources); with the commune's place in the period's unit tree and its
-- names as of the period (no district after the 2025 reform).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with sources as (
    select * from {{ ref('int_figure_sources') }}
    {{ only_affected('period', 'commune_code') }}
),

figures as (
    select
        sources.period,
        sources.commune_code,
        sources.figures_source,
        figures.sheet_row,
        figures.measure,
        figures.figure
    from {{ ref('stg_figures') }} as figures
    inner join sources on sources.workbook_file_id = figures.file_id
    where figures.section = 'households' and not figures.is_total
),

from_workbooks as (
    select
        period,
        commune_code,
        count(distinct sheet_row) as villages,
        {{ pivot_measures(var('household_measures')) }}
    from figures
    where figures_source = 'aggregate'
    group by period, commune_code
),

-- a register lists households, not how they moved: escaping and falling into poverty stay as the workbook reports
reported_moves as (
    select
        period,
        commune_code,
        {{ pivot_measures(['escaped_poverty_households', 'newly_poor_households']) }}
    from figures
    where figures_source = 'register'
    group by period, commune_code
),

from_registers as (
    select
        households.period,
        households.commune_code,
        count(distinct households.village_name) as villages,
        count(*) as total_households,
        sum(households.members)::bigint as persons,
        count(*) filter (where households.is_ethnic_minority) as em_households,
        count(*) filter (where households.decided_class = 'poor') as poor_households,
        count(*) filter (where households.is_ethnic_minority and households.decided_class = 'poor')
            as em_poor_households,
        count(*) filter (where households.decided_class = 'near_poor') as near_poor_households,
        count(*) filter (where households.is_ethnic_minority and households.decided_class = 'near_poor')
            as em_near_poor_households
    from {{ ref('int_household_classes') }} as households
    inner join sources
        on sources.register_file_id = households.file_id and sources.figures_source = 'register'
    group by households.period, households.commune_code
),

summed as (
    select * from from_workbooks
    union all by name
    select from_registers.*, reported_moves.* exclude (period, commune_code)
    from from_registers
    left join reported_moves using (period, commune_code)
),

units as (
    select * from {{ ref('int_period_units') }}
)

select
    summed.period,
    sources.standard_code,
    sources.unit_structure,
    units.province_code,
    units.province_name,
    units.district_code,
    units.district_name,
    summed.commune_code,
    units.commune_name,
    sources.figures_source,
    sources.is_synthetic,
    summed.villages,
    {% for measure in var('household_measures') %}
    summed.{{ measure }}::bigint as {{ measure }}{{ "," if not loop.last }}
    {% endfor %}
from summed
inner join sources using (period, commune_code)
inner join units using (period, unit_structure, commune_code)
