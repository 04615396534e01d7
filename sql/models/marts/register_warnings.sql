-- One row per warning on a commune's current household register: a household its commune classed otherwise than
-- the standard does (its cell, both classes, its income and line, its deprivations and the threshold), or a figure
-- the register and the commune's aggregate workbook give differently. vocabulary/messages.py words each rule.
with disagreeing as (
    select * from {{ ref('household_classes') }} where decided_class <> computed_class
),

differing as (
    select * from {{ ref('register_reconciliation') }} where difference <> 0
)

select
    period,
    province_code,
    province_name,
    district_code,
    district_name,
    commune_code,
    commune_name,
    file_id,
    file_name,
    sheet,
    decided_class_cell as cell,
    'class_mismatch' as rule,
    income_vnd::double as value,
    household_number,
    decided_class,
    computed_class,
    income_line_vnd,
    upper_line_vnd,
    deprivation_count,
    deprivation_threshold,
    null as measure,
    null::bigint as reported_value
from disagreeing

union all

select
    period,
    province_code,
    province_name,
    district_code,
    district_name,
    commune_code,
    commune_name,
    file_id,
    file_name,
    null as sheet,
    null as cell,
    'register_mismatch' as rule,
    register_value::double as value,
    null as household_number,
    null as decided_class,
    null as computed_class,
    null as income_line_vnd,
    null as upper_line_vnd,
    null as deprivation_count,
    null as deprivation_threshold,
    measure,
    reported_value
from differing
