-- One row per commune and annual period whose household register has one of the year before: households poor now
-- that were not poor (or not listed) the year before, those of them poor in an earlier year, and households poor
-- the year before and listed but not poor now, counted by their pseudonymous keys; beside what the commune's
-- aggregate workbook reported. Registers read with another pseudonym key than the year before's have keys that
-- never match: their movements are not counted (null, key_changed), rather than every household counted as new.
with households as (
    select period, unit_structure, commune_code, household_key, decided_class = 'poor' as is_poor
    from {{ ref('household_classes') }}
    where period not like '%-H1'
),

registers as (
    select period, unit_structure, commune_code, any_value(key_fingerprint) as key_fingerprint
    from {{ ref('household_classes') }}
    where period not like '%-H1'
    group by all
),

consecutive as (
    select
        current.period,
        current.unit_structure,
        current.commune_code,
        -- a register loaded before fingerprints were kept may have been read with either key: not a change
        coalesce(current.key_fingerprint <> previous.key_fingerprint, false) as key_changed
    from registers as current
    inner join registers as previous
        on previous.commune_code = current.commune_code
        and previous.unit_structure = current.unit_structure
        and previous.period = {{ previous_year('current.period') }}
),

paired as (
    select period, unit_structure, commune_code from consecutive where not key_changed
),

current_households as (
    select households.* from households inner join paired using (period, unit_structure, commune_code)
),

previous_households as (
    select paired.period, paired.commune_code, households.household_key, households.is_poor
    from paired
    inner join households
        on households.commune_code = paired.commune_code
        and households.unit_structure = paired.unit_structure
        and households.period = {{ previous_year('paired.period') }}
),

poor_earlier as (
    select distinct paired.period, paired.commune_code, households.household_key
    from paired
    inner join households
        on households.commune_code = paired.commune_code
        and households.unit_structure = paired.unit_structure
        and cast(households.period as integer) < cast(paired.period as integer) - 1
        and households.is_poor
),

moved as (
    select
        current_households.period,
        current_households.unit_structure,
        current_households.commune_code,
        count(*) filter (where current_households.is_poor and not coalesce(previous_households.is_poor, false))
            as newly_poor_households,
        count(*) filter (where current_households.is_poor and not coalesce(previous_households.is_poor, false)
                         and poor_earlier.household_key is not null) as back_into_poverty_households,
        count(*) filter (where not current_households.is_poor and previous_households.is_poor)
            as escaped_poverty_households
    from current_households
    left join previous_households using (period, commune_code, household_key)
    left join poor_earlier using (period, commune_code, household_key)
    group by all
)

select
    consecutive.period,
    units.province_code,
    units.province_name,
    units.district_code,
    units.district_name,
    consecutive.commune_code,
    units.commune_name,
    consecutive.key_changed,
    moved.escaped_poverty_households,
    moved.newly_poor_households,
    moved.back_into_poverty_households,
    reported.escaped_poverty_households as reported_escaped_poverty_households,
    reported.newly_poor_households as reported_newly_poor_households
from consecutive
left join moved using (period, unit_structure, commune_code)
inner join {{ ref('int_period_units') }} as units using (period, unit_structure, commune_code)
left join {{ ref('poverty_by_commune') }} as reported using (period, commune_code)
