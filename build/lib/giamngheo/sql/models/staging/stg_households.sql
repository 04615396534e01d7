-- One row per household of a household register, as read: its pseudonymous key (no name, no identity number), its
-- village, members, income and deprivations, the class its commune decided, where that class is written, and which
-- key made its pseudonymous key.
select
    file_id,
    sheet,
    "row" as sheet_row,
    household_key,
    village as village_name,
    household_number,
    members,
    is_ethnic_minority,
    income_vnd,
    deprived_indicators,
    len(deprived_indicators) as deprivation_count,
    decided_class,
    is_meritorious,
    is_social_protection,
    decided_class_cell,
    key_fingerprint
from {{ source('raw', 'households') }}
