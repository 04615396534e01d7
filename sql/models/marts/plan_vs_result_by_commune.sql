-- One row per commune with figures and reporting period: the period's result and the next period's plan, poverty
-- rates over all and over ethnic-minority households (%, unrounded), the fall since the previous year, and the
-- planned fall in percentage points and in households. Targets come only from an aggregate workbook: a commune
-- whose figures come from its household register alone has its result here and every plan column null.
with results as (
    select * from {{ ref('int_commune_households') }}
),

targets as (
    select * from {{ ref('int_commune_targets') }}
),

poverty as (
    select period, commune_code, rate_reduction_pp from {{ ref('poverty_by_commune') }}
),

ethnic_minority as (
    select period, commune_code, em_rate_reduction_pp from {{ ref('ethnic_minority_by_commune') }}
),

rated as (
    select
        results.period,
        {{ target_period('results.period') }} as target_period,
        results.standard_code,
        results.unit_structure,
        {{ unit_columns('commune', 'results.') }},
        results.figures_source,
        targets.commune_code is not null as has_plan,
        results.total_households,
        results.poor_households,
        results.em_households,
        results.em_poor_households,
        results.near_poor_households,
        {%- for measure in var('target_measures') %}
        targets.target_{{ measure }},
        {%- endfor %}
        {{ plan_rates() }},
        poverty.rate_reduction_pp,
        ethnic_minority.em_rate_reduction_pp
    from results
    left join targets using (period, commune_code)
    left join poverty using (period, commune_code)
    left join ethnic_minority using (period, commune_code)
)

select
    *,
    {{ planned_falls() }}
from rated
