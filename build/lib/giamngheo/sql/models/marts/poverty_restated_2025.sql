-- One row per 2025 commune and legacy-structure period: the counts of the old communes it absorbed, summed, with
-- rates recomputed, so a 2020 → 2026 series reads in today's communes. An old commune split over several new ones
-- is counted whole in its default successor and flagged (includes_split_commune) in every new commune it fed.
with figures as (
    select * from {{ ref('int_commune_households') }} where unit_structure = 'legacy'
),

mapping as (
    select * from {{ ref('stg_commune_mapping_2025') }}
),

communes_2025 as (
    select * from {{ ref('stg_communes_2025') }}
),

history as (
    select
        new_commune_code,
        count(distinct old_commune_code) as old_communes,
        bool_or(not whole) as includes_split_commune
    from mapping
    group by new_commune_code
),

restated as (
    select
        figures.period,
        mapping.new_commune_code,
        count(*) as old_communes_reported,
        list(figures.commune_code order by figures.commune_code) as old_commune_codes,
        bool_or(figures.is_synthetic) as is_synthetic,
        sum(figures.total_households)::bigint as total_households,
        sum(figures.poor_households)::bigint as poor_households,
        sum(figures.near_poor_households)::bigint as near_poor_households,
        sum(figures.em_households)::bigint as em_households,
        sum(figures.em_poor_households)::bigint as em_poor_households
    from figures
    inner join mapping
        on mapping.old_commune_code = figures.commune_code and (mapping.whole or mapping.is_default)
    group by figures.period, mapping.new_commune_code
)

select
    restated.period,
    communes_2025.province_code,
    communes_2025.province_name,
    restated.new_commune_code as commune_code,
    communes_2025.commune_name,
    history.old_communes,
    restated.old_communes_reported,
    restated.old_commune_codes,
    restated.old_communes_reported = history.old_communes as complete_history,
    history.includes_split_commune,
    restated.is_synthetic,
    restated.total_households,
    restated.poor_households,
    {{ rate('restated.poor_households', 'restated.total_households') }} as poverty_rate_pct,
    restated.near_poor_households,
    {{ rate('restated.near_poor_households', 'restated.total_households') }} as near_poor_rate_pct,
    restated.em_households,
    restated.em_poor_households,
    {{ rate('restated.em_poor_households', 'restated.em_households') }} as em_poverty_rate_pct
from restated
inner join history on history.new_commune_code = restated.new_commune_code
inner join communes_2025 on communes_2025.commune_code = restated.new_commune_code
