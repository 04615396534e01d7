-- One row per reporting period and unit of the period's structure: the unit's place in the tree with the names it
-- had when the period's reports were due, as published for that period (int_period_units). What the pipeline and the
-- published workbooks look a period's communes, districts and provinces up in. A view: nothing is stored twice.
{{ config(materialized='view') }}

with units as (
    select * from {{ ref('int_period_units') }}
)

select
    period,
    unit_structure,
    {{ unit_columns('commune') }}
from units
