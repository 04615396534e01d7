-- One row per commune and period with a household register: its households counted from the register, by the
-- class the commune decided and by the class the standard gives, ethnic-minority households among them, and the
-- rates recomputed from the counts.
with households as (
    select * from {{ ref('household_classes') }}
),

counted as (
    select
        period,
        standard_code,
        unit_structure,
        {{ unit_columns('commune') }},
        file_name,
        {{ register_counts() }}
    from households
    group by all
)

select
    *,
    {{ register_rates() }}
from counted
