-- One row per commune and period: its villages' household counts summed, with the commune's place in the unit tree.
with villages as (
    select * from intermediate.int_village_households
),

submissions as (
    select * from intermediate.int_current_submissions
),

communes as (
    select * from staging.stg_legacy_communes
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
    communes.province_code,
    communes.province_name,
    communes.district_code,
    communes.district_name,
    summed.commune_code,
    communes.commune_name,
    summed.* exclude (period, commune_code)
from summed
inner join submissions using (period, commune_code)
inner join communes using (commune_code)
