-- One row per district and period before the 2025 reform: its communes' household counts summed
-- (rates are computed in the marts; later periods have no districts).
select
    period,
    standard_code,
    province_code,
    province_name,
    district_code,
    district_name,
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
from intermediate.int_commune_households
where district_code is not null
group by period, standard_code, province_code, province_name, district_code, district_name
