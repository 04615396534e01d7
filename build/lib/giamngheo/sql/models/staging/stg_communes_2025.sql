-- One row per commune of the structure in force from 1 July 2025 (province → commune, no districts).
select
    province_code,
    province_name,
    commune_code,
    commune_name,
    commune_type
from {{ source('gazetteer', 'communes_2025') }}
