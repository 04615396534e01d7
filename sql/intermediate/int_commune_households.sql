-- One row per commune and period: its villages' household counts summed, with the commune's place in the unit tree
-- of the period (district_code and district_name are null for periods after the 2025 reform).
with villages as (
    select * from intermediate.int_village_households
),

submissions as (
    select * from intermediate.int_current_submissions
),

units as (
    select * from intermediate.int_units
),

summed as (
    select
        period,
        commune_code,
        count(*) as villages,
        sum(total_households)::bigint as total_households,
        sum(persons)::bigint as persons,
        sum(em_households)::bigint as em_households,
        sum(poor_households)::bigint as poor_households,
        sum(em_poor_households)::bigint as em_poor_households,
        sum(near_poor_households)::bigint as near_poor_households,
        sum(em_near_poor_households)::bigint as em_near_poor_households,
        sum(escaped_poverty_households)::bigint as escaped_poverty_households,
        sum(newly_poor_households)::bigint as newly_poor_households
    from villages
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
inner join units using (unit_structure, commune_code)
