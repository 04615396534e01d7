-- One row per commune of either unit structure: legacy (province → district → commune, until 30 June 2025)
-- and 2025 (province → commune), with its place in that structure's tree.
with legacy as (
    select * from {{ ref('stg_legacy_communes') }}
),

reformed as (
    select * from {{ ref('stg_communes_2025') }}
)

select
    'legacy' as unit_structure,
    province_code,
    province_name,
    district_code,
    district_name,
    commune_code,
    commune_name,
    commune_type
from legacy

union all

select
    '2025' as unit_structure,
    province_code,
    province_name,
    null as district_code,
    null as district_name,
    commune_code,
    commune_name,
    commune_type
from reformed
