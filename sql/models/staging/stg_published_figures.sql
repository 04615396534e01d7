-- One row per figure of a numbered publication of a period, as it was published: a unit (commune, district or
-- province), a measure and its value, and for a commune the file its figures came from.
select
    period,
    version,
    unit_level,
    unit_code,
    unit_name,
    district_code,
    province_code,
    measure,
    value,
    file_id,
    file_name
from {{ source('raw', 'published_figures') }}
