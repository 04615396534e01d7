-- One row per reporting period and unit of the period's structure: the unit's place in the tree with the names it
-- had when the period's reports were due (a rename that came later is undone), as published for that period.
with periods as (
    select
        period,
        due_date,
        {{ unit_structure('period') }} as unit_structure
    from {{ ref('stg_due_dates') }}
),

units as (
    select * from {{ ref('int_units') }}
),

renames as (
    select * from {{ ref('stg_unit_renames') }}
),

-- for each period and renamed unit, the name it had on the due date: the one before its first later rename
names_then as (
    select
        periods.period,
        renames.unit_level,
        renames.unit_code,
        arg_min(renames.name_before, renames.effective_on) as name
    from periods
    inner join renames on renames.effective_on > periods.due_date
    group by all
)

select
    periods.period,
    units.unit_structure,
    units.province_code,
    coalesce(province_then.name, units.province_name) as province_name,
    units.district_code,
    coalesce(district_then.name, units.district_name) as district_name,
    units.commune_code,
    coalesce(commune_then.name, units.commune_name) as commune_name
from periods
inner join units using (unit_structure)
left join names_then as province_then
    on province_then.period = periods.period
    and province_then.unit_level = 'province'
    and province_then.unit_code = units.province_code
left join names_then as district_then
    on district_then.period = periods.period
    and district_then.unit_level = 'district'
    and district_then.unit_code = units.district_code
left join names_then as commune_then
    on commune_then.period = periods.period
    and commune_then.unit_level = 'commune'
    and commune_then.unit_code = units.commune_code
