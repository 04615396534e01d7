-- One row per file (path and content) a run of a period found in its inbox: the commune it resolved to, what became
-- of it, whether it repeats an identical file, and whether it was still in the inbox at the period's latest run.
select
    period,
    source_path,
    file_id,
    file_name,
    to_timestamp(modified_at)::timestamp as file_modified_at,
    copy_of,
    resolved_commune_code as commune_code,
    resolved_structure as unit_structure,
    resolution_method,
    attributed_commune_code,
    status,
    present,
    first_run_id,
    last_run_id,
    last_seen_at
from {{ source('raw', 'submissions') }}
