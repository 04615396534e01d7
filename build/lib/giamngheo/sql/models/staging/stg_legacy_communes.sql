-- One row per commune of the structure in force until 30 June 2025, with its district and province.
select
    province_code,
    province_name,
    district_code,
    district_name,
    district_type,
    commune_code,
    commune_name,
    commune_type
from {{ source('gazetteer', 'legacy_communes') }}
