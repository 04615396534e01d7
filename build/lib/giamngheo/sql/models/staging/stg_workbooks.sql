-- One row per workbook content ever read (keyed by the SHA-256 of its bytes, whatever its path or period): what it
-- declares, and when it was received.
select
    file_id,
    size_bytes,
    kind as workbook_kind,
    text_encoding,
    hidden_sheets,
    sheet_choices,
    commune_code as declared_commune_code,
    commune_name as declared_commune_name,
    district_name as declared_district_name,
    province_name as declared_province_name,
    period as declared_period,
    standard as declared_standard,
    coalesce(is_synthetic, false) as is_synthetic,
    first_seen_at,
    received_at,
    first_run_id
from {{ source('raw', 'workbooks') }}
