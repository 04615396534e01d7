-- One row per numbered publication of a period: the run that last published it, when, the files its figures
-- count (by SHA-256) and the files it published with their SHA-256.
select
    period,
    version,
    run_id,
    published_at,
    files,
    outputs
from {{ source('raw', 'publication_versions') }}
