{# The six families of marts that have a commune, a district and a province model. Each family's area models
   (`<family>_by_district`, `<family>_by_province`) are one call of its macro here with the level: the sums of the
   family's commune mart over the area's communes (macros/areas.sql), its rates recomputed from the sums. The
   commune marts name their columns with the same macros. #}

{# Columns of a mart in the order it shows them, each qualified by `prefix`. #}
{% macro columns_of(columns, prefix) -%}
    {%- for column in columns %}
    {{ prefix }}{{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# The household counts and rates of the poverty marts, in their order. #}
{% macro poverty_columns(prefix) -%}
    {{ columns_of(['villages', 'total_households', 'persons', 'poor_households', 'poverty_rate_pct',
                   'near_poor_households', 'near_poor_rate_pct', 'escaped_poverty_households',
                   'newly_poor_households'], prefix) }}
{%- endmacro %}

{# The counts and rates of the ethnic-minority marts, in their order. #}
{% macro ethnic_minority_columns(prefix) -%}
    {{ columns_of(['total_households', 'poor_households', 'em_households', 'em_share_of_households_pct',
                   'em_poor_households', 'em_poverty_rate_pct', 'em_share_of_poor_pct', 'em_near_poor_households',
                   'em_near_poor_rate_pct'], prefix) }}
{%- endmacro %}

{# A deprivation indicator's columns, in the deprivation marts' order. #}
{% macro indicator_columns(prefix='') -%}
    {{ columns_of(['indicator_position', 'indicator_code', 'dimension_label_vi', 'indicator_label_vi'], prefix) }}
{%- endmacro %}

{# poverty_by_district, poverty_by_province: the fall in the poverty rate is from the area's row of the previous
   year, else from the start counts summed when every commune gives them. #}
{% macro poverty_by_area(level) %}
with communes as (
    {{ communes_of('poverty_by_commune', level) }}
),

summed as (
    select
        {{ area_grouping(level, districts=true) }},
        bool_or(is_synthetic) as is_synthetic,
        {{ sum_counts(['villages', 'total_households', 'persons', 'poor_households', 'near_poor_households',
                       'escaped_poverty_households', 'newly_poor_households']) }},
        {{ sums_of_all(['start_total_households', 'start_poor_households']) }}
    from communes
    group by all
),

rated as (
    select
        *,
        {{ poverty_rates() }}
    from summed
)

select
    {{ area_columns(level, districts=true) }},
    current.is_synthetic,
    {{ poverty_columns('current.') }},
    current.start_total_households,
    current.start_poor_households,
    {{ fall_since_previous_year('poverty_rate_pct', 'rate_reduction_pp',
                                'current.start_poor_households', 'current.start_total_households') }}
from rated as current
left join rated as previous
    on {{ previous_year_of('current', 'previous', level ~ '_code') }}
{% endmacro %}

{# ethnic_minority_by_district, ethnic_minority_by_province: as the poverty marts, over ethnic-minority households. #}
{% macro ethnic_minority_by_area(level) %}
with communes as (
    {{ communes_of('ethnic_minority_by_commune', level) }}
),

summed as (
    select
        {{ area_grouping(level, districts=true) }},
        {{ sum_counts(['total_households', 'poor_households', 'em_households', 'em_poor_households',
                       'em_near_poor_households']) }},
        {{ sums_of_all(['start_em_households', 'start_em_poor_households']) }}
    from communes
    group by all
),

rated as (
    select
        *,
        {{ ethnic_minority_rates() }}
    from summed
)

select
    {{ area_columns(level, districts=true) }},
    {{ ethnic_minority_columns('current.') }},
    current.start_em_households,
    current.start_em_poor_households,
    {{ fall_since_previous_year('em_poverty_rate_pct', 'em_rate_reduction_pp',
                                'current.start_em_poor_households', 'current.start_em_households') }}
from rated as current
left join rated as previous
    on {{ previous_year_of('current', 'previous', level ~ '_code') }}
{% endmacro %}

{# deprivation_by_district, deprivation_by_province: a row per indicator. #}
{% macro deprivation_by_area(level) %}
with communes as (
    {{ communes_of('deprivation_by_commune', level) }}
),

summed as (
    select
        {{ area_grouping(level, per=['indicator_position', 'indicator_code', 'dimension_label_vi',
                                     'indicator_label_vi']) }},
        {{ sum_counts(['poor_households', 'deprived_households']) }}
    from communes
    group by all
)

select
    *,
    {{ rate('deprived_households', 'poor_households') }} as deprivation_rate_pct
from summed
{% endmacro %}

{# deprivation_plan_vs_result_by_district, deprivation_plan_vs_result_by_province: a row per indicator, the plan's
   counts summed only when every commune has one (sum_targets). #}
{% macro deprivation_plan_vs_result_by_area(level) %}
with communes as (
    {{ communes_of('deprivation_plan_vs_result_by_commune', level) }}
),

summed as (
    select
        {{ area_grouping(level, after_period=['target_period'],
                         per=['indicator_position', 'indicator_code', 'dimension_label_vi', 'indicator_label_vi']) }},
        {{ sum_counts(['poor_households', 'deprived_households']) }},
        {{ sum_targets(['target_poor_households', 'target_deprived_households']) }}
    from communes
    group by all
),

rated as (
    select
        *,
        {{ rate('deprived_households', 'poor_households') }} as deprivation_rate_pct,
        {{ rate('target_deprived_households', 'target_poor_households') }} as target_deprivation_rate_pct
    from summed
)

select
    *,
    {{ planned_deprivation_falls() }}
from rated
{% endmacro %}

{# plan_vs_result_by_district, plan_vs_result_by_province: the plan's counts summed only when every commune has one
   (sum_targets); the falls since the previous year are the area's own poverty and ethnic-minority marts'. #}
{% macro plan_vs_result_by_area(level) %}
with communes as (
    {{ communes_of('plan_vs_result_by_commune', level) }}
),

poverty as (
    select period, {{ level }}_code, rate_reduction_pp from {{ ref('poverty_by_' ~ level) }}
),

ethnic_minority as (
    select period, {{ level }}_code, em_rate_reduction_pp from {{ ref('ethnic_minority_by_' ~ level) }}
),

summed as (
    select
        {{ area_grouping(level, after_period=['target_period']) }},
        {{ sum_counts(['total_households', 'poor_households', 'em_households', 'em_poor_households',
                       'near_poor_households']) }},
        {{ sum_targets(['target_total_households', 'target_poor_households', 'target_em_households',
                        'target_em_poor_households', 'target_near_poor_households']) }}
    from communes
    group by all
),

rated as (
    select
        summed.*,
        {{ plan_rates() }},
        poverty.rate_reduction_pp,
        ethnic_minority.em_rate_reduction_pp
    from summed
    left join poverty using (period, {{ level }}_code)
    left join ethnic_minority using (period, {{ level }}_code)
)

select
    *,
    {{ planned_falls() }}
from rated
{% endmacro %}

{# register_by_district, register_by_province: the counts of the communes that sent a register. #}
{% macro register_by_area(level) %}
with communes as (
    {{ communes_of('register_by_commune', level) }}
),

summed as (
    select
        {{ area_grouping(level) }},
        {{ register_sums() }}
    from communes
    group by all
)

select
    *,
    {{ register_rates() }}
from summed
{% endmacro %}
