{# A period as a point in time for a trend, in years: a year's report at its end (2020 → 2021.0), a six-month one
   at mid-year (2021-H1 → 2021.5), so that periods sort and changes can be put per year. #}
{% macro period_time(period) -%}
    (cast(left({{ period }}, 4) as double) + case when {{ period }} like '%-H1' then 0.5 else 1.0 end)
{%- endmacro %}

{# One level's rows for the trend: its units' results of each period and, for that period, the plan set the period
   before (plan_vs_result's targets for its target period). #}
{% macro trend_level(level, series) -%}
    select
        '{{ level }}' as unit_level,
        '{{ series }}' as series,
        results.unit_structure,
        results.province_name,
        results.{{ level }}_code as unit_code,
        results.{{ level }}_name as unit_name,
        results.period,
        results.total_households,
        results.poor_households,
        results.poverty_rate_pct,
        plans.target_poverty_rate_pct as planned_poverty_rate_pct,
        results.is_synthetic
    from {{ ref('poverty_by_' ~ level) }} as results
    left join {{ ref('plan_vs_result_by_' ~ level) }} as plans
        on plans.{{ level }}_code = results.{{ level }}_code
        and plans.unit_structure = results.unit_structure
        and plans.target_period = results.period
{%- endmacro %}
