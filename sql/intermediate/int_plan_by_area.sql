-- One row per area and reporting period, where an area is a commune, a district (periods before the 2025 reform
-- only) or a province: result counts and next-period targets summed over its communes.
with plans as (
    select * from intermediate.int_commune_plan
),

summed as (
    select
        period,
        target_period,
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
        count(*) as communes,
        sum(total_households)::bigint as total_households,
        sum(poor_households)::bigint as poor_households,
        sum(em_households)::bigint as em_households,
        sum(em_poor_households)::bigint as em_poor_households,
        sum(near_poor_households)::bigint as near_poor_households,
        sum(target_total_households)::bigint as target_total_households,
        sum(target_poor_households)::bigint as target_poor_households,
        sum(target_em_households)::bigint as target_em_households,
        sum(target_em_poor_households)::bigint as target_em_poor_households,
        sum(target_near_poor_households)::bigint as target_near_poor_households
    from plans
    group by grouping sets (
        (period, target_period, standard_code, unit_structure, province_code, province_name, district_code, district_name,
         commune_code, commune_name),
        (period, target_period, standard_code, unit_structure, province_code, province_name, district_code, district_name),
        (period, target_period, standard_code, unit_structure, province_code, province_name)
    )
)

select * from summed
where area_level <> 'district' or district_code is not null
