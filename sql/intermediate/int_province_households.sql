-- One row per province and period: its communes' household counts summed, in the period's own unit structure
-- (legacy province codes before the 2025 reform, 2025 ones after).
select
    period,
    standard_code,
    unit_structure,
    province_code,
    province_name,
    count(distinct district_code) as districts,
    count(*) as communes,
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
group by period, standard_code, unit_structure, province_code, province_name
