-- One row per reporting period: the date the communes' files were due.
select
    period,
    due_date
from {{ source('raw', 'due_dates') }}
