-- One row per commune and period: the loaded workbook whose figures count (the latest one received), the period its
-- targets are for, and the poverty standard of the period.
with loaded as (
    select * from {{ ref('stg_workbooks') }} where status = 'loaded'
),

standards as (
    select * from {{ ref('stg_poverty_standards') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by commune_code, period
            order by first_loaded_at desc, file_modified_at desc, source_path desc
        ) as recency
    from loaded
)

select
    ranked.file_id,
    ranked.commune_code,
    ranked.unit_structure,
    ranked.period,
    {{ target_period('ranked.period') }} as target_period,
    standards.standard_code,
    ranked.file_name,
    ranked.first_loaded_at
from ranked
left join standards
    on cast(left(ranked.period, 4) as integer) between standards.first_year and standards.last_year
where ranked.recency = 1
