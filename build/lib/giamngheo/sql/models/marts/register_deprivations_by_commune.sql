-- One row per commune, period and indicator of the period's standard, for communes with a household register: how
-- many of its households, and of its poor households, are deprived on the indicator.
with households as (
    select * from {{ ref('household_classes') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

deprived as (
    select
        period,
        commune_code,
        indicator_code,
        count(*) as deprived_households,
        count(*) filter (where decided_class = 'poor') as deprived_poor_households
    from (
        select period, commune_code, unnest(deprived_indicators) as indicator_code, decided_class
        from households
    )
    group by all
),

communes as (
    select distinct
        period, standard_code, unit_structure, province_code, province_name, district_code, district_name,
        commune_code, commune_name
    from households
)

select
    communes.*,
    indicators.indicator_code,
    indicators.indicator_position,
    indicators.indicator_label_vi,
    coalesce(deprived.deprived_households, 0) as deprived_households,
    coalesce(deprived.deprived_poor_households, 0) as deprived_poor_households
from communes
inner join indicators using (standard_code)
left join deprived using (period, commune_code, indicator_code)
