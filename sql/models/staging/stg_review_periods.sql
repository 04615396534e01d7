-- One row per period: whether its files count only once the district approves them, as its last run was told.
select
    period,
    required as review_required
from {{ source('raw', 'review_periods') }}
