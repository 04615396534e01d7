-- Grain: one row per period, numbered publication (version), unit and measure: every figure as that version
-- published it, so that what was sent can be queried as it was sent.
{{ config(materialized='view') }}
with figures as (
    select * from {{ ref('stg_published_figures') }}
),

published_versions as (
    select * from {{ ref('stg_publication_versions') }}
)

select
    figures.period,
    figures.version,
    published_versions.published_at,
    figures.unit_level,
    figures.unit_code,
    figures.unit_name,
    figures.district_code,
    figures.province_code,
    figures.measure,
    figures.value,
    figures.file_id,
    figures.file_name
from figures
-- published_at is null for the version a run is publishing (the run's own documents list what it changes)
left join published_versions using (period, version)
