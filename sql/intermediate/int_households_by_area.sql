-- One row per area and period, where an area is a commune, a district (periods before the 2025 reform only) or a
-- province, each in the period's own unit structure: household counts summed over its communes.
with communes as (
    select * from intermediate.int_commune_households
),

summed as (
    select
        period,
        standard_code,
        unit_structure,
        case
            when grouping(commune_code) = 0 then 'commune'
            when grouping(district_code) = 0 then 'district'
            else 'province'
        end as area_level,
        province_code,
        province_name,
        district_code,
        district_name,
        commune_code,
        commune_name,
        count(distinct district_code) as districts,
        count(*) as communes,
        sum(villages)::bigint as villages,
        sum(total_households)::bigint as total_households,
        sum(persons)::bigint as persons,
        sum(em_households)::bigint as em_households,
        sum(poor_households)::bigint as poor_households,
        sum(em_poor_households)::bigint as em_poor_households,
        sum(near_poor_households)::bigint as near_poor_households,
        sum(em_near_poor_households)::bigint as em_near_poor_households,
        sum(escaped_poverty_households)::bigint as escaped_poverty_households,
        sum(newly_poor_households)::bigint as newly_poor_households
    from communes
    group by grouping sets (
        (period, standard_code, unit_structure, province_code, province_name, district_code, district_name,
         commune_code, commune_name),
        (period, standard_code, unit_structure, province_code, province_name, district_code, district_name),
        (period, standard_code, unit_structure, province_code, province_name)
    )
)

select * from summed
where area_level <> 'district' or district_code is not null
