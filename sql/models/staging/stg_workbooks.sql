-- One row per workbook ever received (every version, keyed by the SHA-256 of its bytes): the file, what it
-- declares, which commune it resolved to, and whether it loaded.
select
    file_id,
    source_path,
    file_name,
    size_bytes,
    text_encoding,
    to_timestamp(modified_at)::timestamp as file_modified_at,
    resolved_commune_code as commune_code,
    resolved_structure as unit_structure,
    resolution_method,
    commune_name as declared_commune_name,
    district_name as declared_district_name,
    province_name as declared_province_name,
    period,
    standard as declared_standard,
    status,
    first_run_id,
    last_run_id,
    first_loaded_at,
    last_loaded_at
from {{ source('raw', 'workbooks') }}
