-- One row per submission the district decided on: its latest decision (approved or rejected), with its note or
-- reason, who and when.
with reviews as (
    select * from {{ ref('stg_reviews') }}
)

select
    period,
    file_id,
    max_by(decision, decided_at) as decision,
    max_by(note, decided_at) as note,
    max_by(decided_by, decided_at) as decided_by,
    max(decided_at) as decided_at
from reviews
group by period, file_id
