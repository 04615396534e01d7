{# The counted submission of each commune and period whose figures are the commune's, among those of one kind
   (an aggregate workbook, or a household register): the latest received; with the period its targets are for and
   the poverty standard of the period. #}
{% macro latest_counted(kind) %}
with counted as (
    select * from {{ ref('int_counted_submissions') }} where workbook_kind = '{{ kind }}'
),

standards as (
    select * from {{ ref('stg_poverty_standards') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by commune_code, period
            -- files received together (one run, or --received-on): the one saved last
            order by received_at desc, file_modified_at desc, source_path desc
        ) as recency
    from counted
)

select
    ranked.file_id,
    ranked.commune_code,
    ranked.unit_structure,
    ranked.period,
    {{ target_period('ranked.period') }} as target_period,
    standards.standard_code,
    ranked.file_name,
    ranked.received_at,
    ranked.is_synthetic
from ranked
left join standards
    on cast(left(ranked.period, 4) as integer) between standards.first_year and standards.last_year
where ranked.recency = 1
{% endmacro %}
