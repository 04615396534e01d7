-- One row per dated rename of a province, district or commune (a new name or kind, e.g. Tỉnh Thừa Thiên Huế became
-- Thành phố Huế on 1 January 2025), from the seed unit_renames.
select
    level as unit_level,
    code as unit_code,
    name_before,
    name_after,
    cast(effective_on as date) as effective_on,
    legal_basis
from {{ ref('unit_renames') }}
