-- Grain: one row per period, pair of its numbered publications (from_version before to_version), unit and
-- measure whose figure differs between the two: before, after, and the file that caused it (a commune's file
-- counted now instead of then, by its content; for a district or province, its communes' such files).
{{ config(materialized='view') }}
with figures as (
    select * from {{ ref('published_figures') }}
),

versions_of_period as (
    select distinct period, version from figures
),

version_pairs as (
    select earlier.period, earlier.version as from_version, later.version as to_version
    from versions_of_period as earlier
    inner join versions_of_period as later
        on later.period = earlier.period and later.version > earlier.version
),

side_by_side as (
    select
        version_pairs.period,
        version_pairs.from_version,
        version_pairs.to_version,
        figures.unit_level,
        figures.unit_code,
        max_by(figures.unit_name, figures.version) as unit_name,
        max_by(figures.district_code, figures.version) as district_code,
        max_by(figures.province_code, figures.version) as province_code,
        figures.measure,
        bool_or(figures.version = version_pairs.from_version) as was_published,
        bool_or(figures.version = version_pairs.to_version) as is_published,
        max(figures.value) filter (where figures.version = version_pairs.from_version) as value_before,
        max(figures.value) filter (where figures.version = version_pairs.to_version) as value_after,
        max(figures.file_id) filter (where figures.version = version_pairs.from_version) as file_before,
        max(figures.file_id) filter (where figures.version = version_pairs.to_version) as file_after,
        max(figures.file_name) filter (where figures.version = version_pairs.to_version) as file_name_after
    from version_pairs
    inner join figures
        on figures.period = version_pairs.period
        and figures.version in (version_pairs.from_version, version_pairs.to_version)
    group by all
),

changed as (
    select * from side_by_side
    where value_before is distinct from value_after or was_published <> is_published
),

communes_refiled as (
    select distinct period, from_version, to_version, district_code, province_code, file_name_after
    from side_by_side
    where unit_level = 'commune' and file_before is distinct from file_after and file_after is not null
)

select
    changed.period,
    changed.from_version,
    changed.to_version,
    changed.unit_level,
    changed.unit_code,
    changed.unit_name,
    changed.district_code,
    changed.province_code,
    changed.measure,
    changed.value_before,
    changed.value_after,
    case
        when changed.unit_level = 'commune' and changed.file_before is distinct from changed.file_after
            then changed.file_name_after
        when changed.unit_level <> 'commune' then (
            select string_agg(distinct refiled.file_name_after, ', ' order by refiled.file_name_after)
            from communes_refiled as refiled
            where refiled.period = changed.period and refiled.from_version = changed.from_version
                and refiled.to_version = changed.to_version
                and (case changed.unit_level when 'district' then refiled.district_code
                                             else refiled.province_code end) = changed.unit_code
        )
    end as caused_by
from changed
