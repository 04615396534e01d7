-- One row per commune and period: the household counts of its current workbook's village rows, summed (validation
-- has held the total row to that sum), with the commune's place in the period's unit tree and its names as of the
-- period (no district after the 2025 reform).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with submissions as (
    select * from {{ ref('int_current_submissions') }}
    {{ only_affected('period', 'commune_code') }}
),

figures as (
    select
        submissions.period,
        submissions.commune_code,
        figures.sheet_row,
        figures.measure,
        figures.figure
    from {{ ref('stg_figures') }} as figures
    inner join submissions using (file_id)
    where figures.section = 'households' and not figures.is_total
),

units as (
    select * from {{ ref('int_period_units') }}
),

summed as (
    select
        period,
        commune_code,
        count(distinct sheet_row) as villages,
        {{ pivot_measures(var('household_measures')) }}
    from figures
    group by period, commune_code
)

select
    summed.period,
    submissions.standard_code,
    submissions.unit_structure,
    units.province_code,
    units.province_name,
    units.district_code,
    units.district_name,
    summed.commune_code,
    units.commune_name,
    summed.* exclude (period, commune_code)
from summed
inner join submissions using (period, commune_code)
inner join units using (period, unit_structure, commune_code)
