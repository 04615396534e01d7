-- One row per district and period (before the 2025 reform) with household registers: their counts summed over its
-- communes that sent one, and the rates recomputed from the sums.
with communes as (
    select * from {{ ref('register_by_commune') }}
    where district_code is not null
),

summed as (
    select
        period,
        standard_code,
        unit_structure,
        province_code,
        province_name,
        district_code,
        district_name,
        {{ register_sums() }}
    from communes
    group by all
)

select
    *,
    {{ register_rates() }}
from summed
