-- One row per warning on a commune's current workbook: an allowed but unlikely figure the district should confirm
-- with the commune, the cell it is in, and what to check, in Vietnamese and English.
with warnings as (
    select * from raw.warnings
),

submissions as (
    select * from intermediate.int_current_submissions
),

communes as (
    select * from intermediate.int_commune_households
)

select
    warnings.period,
    communes.province_code,
    communes.province_name,
    communes.district_code,
    communes.district_name,
    warnings.commune_code,
    communes.commune_name,
    submissions.file_name,
    warnings.sheet,
    warnings.cell,
    warnings.value,
    warnings.rule,
    warnings.message_vi,
    warnings.message_en
from warnings
inner join submissions using (file_id)
inner join communes
    on communes.period = warnings.period
    and communes.commune_code = warnings.commune_code
