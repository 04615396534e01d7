-- One row per withdrawal of a submission from a period's figures (giamngheo withdraw): who, when, why, and when it
-- was put back (null while it is out).
select
    period,
    file_id,
    commune_code,
    reason,
    withdrawn_by,
    withdrawn_at,
    restored_at
from {{ source('raw', 'withdrawals') }}
