-- One row per unit (commune, district or province), series and period the warehouse holds: the unit's households,
-- poor households and poverty rate in the units of the period (series `as_reported`) and, for legacy periods,
-- restated in the 2025 communes (series `restated_2025`); the change since the unit's previous period, in points
-- and per year, and against the rate planned for the period the period before; and whether any of it is made up.
with points as (
    {{ trend_level('commune', 'as_reported') }}
    union all
    {{ trend_level('district', 'as_reported') }}
    union all
    {{ trend_level('province', 'as_reported') }}
    union all
    select
        'commune' as unit_level,
        'restated_2025' as series,
        '2025' as unit_structure,
        province_name,
        commune_code as unit_code,
        commune_name as unit_name,
        period,
        total_households,
        poor_households,
        poverty_rate_pct,
        null::double as planned_poverty_rate_pct,
        is_synthetic
    from {{ ref('poverty_restated_2025') }}
),

ordered as (
    select
        *,
        {{ period_time('period') }} as period_time,
        lag(period) over unit_series as previous_period,
        lag(poverty_rate_pct) over unit_series as previous_poverty_rate_pct,
        lag({{ period_time('period') }}) over unit_series as previous_period_time
    from points
    window unit_series as (partition by unit_level, series, unit_structure, unit_code
                           order by {{ period_time('period') }})
)

select
    unit_level,
    series,
    unit_structure,
    province_name,
    unit_code,
    unit_name,
    period,
    is_synthetic,
    total_households,
    poor_households,
    poverty_rate_pct,
    previous_period,
    poverty_rate_pct - previous_poverty_rate_pct as change_pp,
    (poverty_rate_pct - previous_poverty_rate_pct) / (period_time - previous_period_time) as change_pp_per_year,
    planned_poverty_rate_pct,
    poverty_rate_pct - planned_poverty_rate_pct as above_plan_pp
from ordered
