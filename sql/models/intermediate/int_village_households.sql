-- One row per village row of each commune's current workbook: its household counts, the cell its households were
-- read from, and its name folded (case, accents, spacing) so the same village typed another way still matches.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with figures as (
    {{ current_figures('households', ['period', 'unit_structure', 'commune_code'], ['*'], total_row=false) }}
)

select
    period,
    unit_structure,
    commune_code,
    file_id,
    sheet,
    sheet_row,
    village_name,
    {{ village_key('village_name') }} as village_key,
    max(sheet_col || sheet_row) filter (where measure = 'total_households') as total_households_cell,
    {{ pivot_measures(var('household_measures')) }}
from figures
group by period, unit_structure, commune_code, file_id, sheet, sheet_row, village_name
