-- One row per village row of the targets-by-village table of each commune's current workbook: the targets the
-- commune set for that village for the next period.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with figures as (
    {{ current_figures('village_targets', ['period', 'target_period', 'unit_structure', 'commune_code'], ['*'],
                       total_row=false) }}
)

select
    period,
    target_period,
    unit_structure,
    commune_code,
    sheet_row,
    village_name,
    {{ village_key('village_name') }} as village_key,
    {{ pivot_figures(var('target_measures'), 'target_') }}
from figures
group by period, target_period, unit_structure, commune_code, sheet_row, village_name
