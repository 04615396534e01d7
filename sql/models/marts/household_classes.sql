-- One row per household of each commune's current register and period: no name and no identity number, only its
-- pseudonymous key; its income against the line of its commune's kind of area, its deprivations, the class its
-- commune decided, the class the standard gives it, and whether they agree. A view: its households are stored once,
-- in int_household_classes.
{{ config(materialized='view') }}

with classes as (
    select * from {{ ref('int_household_classes') }}
)

select
    period,
    standard_code,
    unit_structure,
    {{ unit_columns('commune') }},
    file_id,
    file_name,
    sheet,
    decided_class_cell,
    household_key,
    key_fingerprint,
    village_name,
    household_number,
    members,
    is_ethnic_minority,
    is_meritorious,
    is_social_protection,
    area_type,
    income_vnd,
    income_line_vnd,
    upper_line_vnd,
    average_upper_vnd,
    deprived_indicators,
    deprivation_count,
    deprivation_threshold,
    decided_class,
    computed_class,
    decided_class = computed_class as classes_agree
from classes
