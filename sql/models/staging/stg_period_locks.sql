-- One row per lock of a period (giamngheo lock): the version it froze, why, by whom and when, and when it was
-- opened again (null while it holds).
select
    period,
    version,
    reason,
    locked_by,
    locked_at,
    unlock_reason,
    unlocked_by,
    unlocked_at
from {{ source('raw', 'period_locks') }}
