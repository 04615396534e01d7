-- One row per household of each commune's current register: the class its commune decided and the class the
-- period's standard gives it, from its income against the line for its commune's kind of area (a xã is rural; a
-- phường or thị trấn urban) and the number of indicators it is deprived on. Kept as a table, rebuilt commune by
-- commune: a national register is 27 million households, and every register model reads them.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with registers as (
    select * from {{ ref('int_current_registers') }}
    {{ only_affected('period', 'commune_code') }}
),

households as (
    select * from {{ ref('stg_households') }}
),

units as (
    select * from {{ ref('int_period_units') }}
),

kinds as (
    select unit_structure, commune_code, commune_type from {{ ref('int_units') }}
),

standards as (
    select * from {{ ref('stg_poverty_standards') }}
),

lined as (
    select
        registers.period,
        registers.standard_code,
        registers.unit_structure,
        units.province_code,
        units.province_name,
        units.district_code,
        units.district_name,
        registers.commune_code,
        units.commune_name,
        registers.file_id,
        registers.file_name,
        households.*  exclude (file_id),
        case when kinds.commune_type = 'Xã' then 'rural' else 'urban' end as area_type,
        case when kinds.commune_type = 'Xã' then standards.rural_income_line_vnd
             else standards.urban_income_line_vnd end as income_line_vnd,
        case when kinds.commune_type = 'Xã' then standards.rural_upper_line_vnd
             else standards.urban_upper_line_vnd end as upper_line_vnd,
        case when kinds.commune_type = 'Xã' then standards.rural_average_upper_vnd
             else standards.urban_average_upper_vnd end as average_upper_vnd,
        standards.deprivation_threshold
    from registers
    inner join households using (file_id)
    inner join standards using (standard_code)
    inner join units using (period, unit_structure, commune_code)
    inner join kinds using (unit_structure, commune_code)
)

select
    *,
    {{ household_class('income_vnd', 'deprivation_count', 'income_line_vnd', 'upper_line_vnd',
                       'deprivation_threshold', 'average_upper_vnd') }} as computed_class
from lined
