-- One row per commune and period: the loaded workbook whose figures count (the latest one received).
with loaded as (
    select * from staging.stg_workbooks where status = 'loaded'
),

ranked as (
    select
        *,
        row_number() over (
            partition by commune_code, period
            order by first_loaded_at desc, file_modified_at desc, source_path desc
        ) as recency
    from loaded
),

standards as (
    select * from staging.stg_poverty_standards
)

select
    ranked.file_id,
    ranked.commune_code,
    ranked.unit_structure,
    ranked.period,
    ranked.target_period,
    standards.standard_code,
    ranked.file_name,
    ranked.first_loaded_at
from ranked
left join standards
    on cast(left(ranked.period, 4) as integer) between standards.first_year and standards.last_year
where ranked.recency = 1
