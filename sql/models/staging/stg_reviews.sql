-- One row per decision of the district on a submission of a period whose files need approval (giamngheo approve,
-- giamngheo reject): which, who, when, and its note or reason.
select
    period,
    file_id,
    commune_code,
    decision,
    note,
    decided_by,
    decided_at
from {{ source('raw', 'reviews') }}
