-- One row per workbook ever received (every version): the file, what it declares, how its commune was resolved, and whether it loaded.
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
    case
        when period like '%-H1' then left(period, 4)
        else cast(try_cast(period as integer) + 1 as varchar)
    end as target_period,
    standard as declared_standard,
    status,
    first_run_id,
    last_run_id,
    first_loaded_at,
    last_loaded_at
from raw.workbooks
