-- One row per warning on a commune's current household register: a household its commune classed otherwise than
-- the standard does (its cell, both classes, its income and line, its deprivations and the threshold), a figure
-- the register and the commune's aggregate workbook give differently, or a household whose identity number (by its
-- pseudonymous key: no name, no number) another commune's register of the period lists too, or a register read with
-- another pseudonym key than the year before's (its households cannot be followed).
-- vocabulary/messages.py words each rule.
with disagreeing as (
    select * from {{ ref('household_classes') }} where decided_class <> computed_class
),

differing as (
    select * from {{ ref('register_reconciliation') }} where difference <> 0
),

households as (
    select period, unit_structure, commune_code, commune_name, household_key from {{ ref('household_classes') }}
),

-- a household is of one commune: a key in two communes' registers is one of them listing it by mistake
listed_elsewhere as (
    select
        here.period,
        here.unit_structure,
        here.commune_code,
        here.household_key,
        string_agg(distinct elsewhere.commune_name, ', ' order by elsewhere.commune_name) as other_communes
    from households as here
    inner join households as elsewhere
        on elsewhere.period = here.period
        and elsewhere.unit_structure = here.unit_structure
        and elsewhere.household_key = here.household_key
        and elsewhere.commune_code <> here.commune_code
    group by all
),

shared as (
    select classes.*, listed_elsewhere.other_communes
    from {{ ref('household_classes') }} as classes
    inner join listed_elsewhere using (period, unit_structure, commune_code, household_key)
),

-- the register of the year before was read with another key: no household can be followed from it
rekeyed as (
    select distinct movements.period, classes.* exclude (period)
    from {{ ref('household_movements') }} as movements
    inner join (select distinct {{ register_place() }} from {{ ref('household_classes') }}) as classes
        using (period, commune_code)
    where movements.key_changed
)


-- each rule's own columns; the others of a row are null (union by name)
select
    {{ register_place() }},
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
    deprivation_threshold
from disagreeing

union all by name

select
    {{ register_place() }},
    'register_mismatch' as rule,
    register_value::double as value,
    measure,
    reported_value
from differing

union all by name

select
    {{ register_place() }},
    sheet,
    decided_class_cell as cell,
    'household_in_two_communes' as rule,
    household_number,
    other_communes
from shared

union all by name

select
    {{ register_place() }},
    'pseudonym_key_changed' as rule
from rekeyed
