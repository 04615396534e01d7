-- One row per (legacy commune, 2025 commune) pair of the 2025 reform; whole = all of the old commune went there.
select
    old_commune_code,
    new_commune_code,
    whole,
    is_default
from {{ source('gazetteer', 'commune_mapping_2025') }}
