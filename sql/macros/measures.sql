{# Rates are recomputed from counts, never averaged: 100 × numerator / denominator, null where the denominator is 0. #}
{% macro rate(numerator, denominator) -%}
    100.0 * {{ numerator }} / nullif({{ denominator }}, 0)
{%- endmacro %}

{# One column per measure from rows of (measure, figure): the sum of the figures of that measure. #}
{% macro pivot_measures(measures) -%}
    {%- for measure in measures %}
    sum(figure) filter (where measure = '{{ measure }}')::bigint as {{ measure }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# One column per measure from rows of (measure, figure) that give each measure once: its figure, named `prefix`
   and the measure. #}
{% macro pivot_figures(measures, prefix) -%}
    {%- for measure in measures %}
    max(figure) filter (where measure = '{{ measure }}') as {{ prefix }}{{ measure }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# Counts of the rows grouped, summed under their own names. #}
{% macro sum_counts(columns) -%}
    {%- for column in columns %}
    sum({{ column }})::bigint as {{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{# The rates of the poverty marts, from the counts of the row. #}
{% macro poverty_rates() -%}
    {{ rate('poor_households', 'total_households') }} as poverty_rate_pct,
    {{ rate('near_poor_households', 'total_households') }} as near_poor_rate_pct
{%- endmacro %}

{# The rates of the ethnic-minority marts, from the counts of the row. #}
{% macro ethnic_minority_rates() -%}
    {{ rate('em_households', 'total_households') }} as em_share_of_households_pct,
    {{ rate('em_poor_households', 'em_households') }} as em_poverty_rate_pct,
    {{ rate('em_poor_households', 'poor_households') }} as em_share_of_poor_pct,
    {{ rate('em_near_poor_households', 'em_households') }} as em_near_poor_rate_pct
{%- endmacro %}

{# Joins the same area's row of the previous year, when that year used the same unit structure. #}
{% macro previous_year_of(current, previous, area_code) -%}
    {{ previous }}.{{ area_code }} = {{ current }}.{{ area_code }}
    and {{ previous }}.unit_structure = {{ current }}.unit_structure
    and {{ previous }}.period = {{ previous_year(current ~ '.period') }}
{%- endmacro %}

{# The communes of an area that have a plan, and their targets summed under their own names: only when every
   commune of the area has one, since the others' alone, set against a result that counts them all, would show a
   planned fall that no plan made. Null otherwise, and so is everything computed from them. #}
{% macro sum_targets(columns) -%}
    count(*) filter (where has_plan) as communes_with_plan,
    {{ sums_of_all(columns) }}
{%- endmacro %}

{# The result and plan rates of the plan-vs-result marts, from the counts of the row. #}
{% macro plan_rates() -%}
    {{ rate('poor_households', 'total_households') }} as poverty_rate_pct,
    {{ rate('target_poor_households', 'target_total_households') }} as target_poverty_rate_pct,
    {{ rate('em_poor_households', 'em_households') }} as em_poverty_rate_pct,
    {{ rate('target_em_poor_households', 'target_em_households') }} as target_em_poverty_rate_pct
{%- endmacro %}

{# The planned falls of the plan-vs-result marts: result less plan, in points and in households. #}
{% macro planned_falls() -%}
    poverty_rate_pct - target_poverty_rate_pct as target_rate_reduction_pp,
    poor_households - target_poor_households as target_poor_reduction,
    em_poverty_rate_pct - target_em_poverty_rate_pct as target_em_rate_reduction_pp,
    em_poor_households - target_em_poor_households as target_em_poor_reduction
{%- endmacro %}

{# The planned falls of the deprivation plan-vs-result marts: result less plan, in households and in points. #}
{% macro planned_deprivation_falls() -%}
    deprived_households - target_deprived_households as target_deprived_reduction,
    deprivation_rate_pct - target_deprivation_rate_pct as target_deprivation_rate_reduction_pp
{%- endmacro %}

{# A village name folded (case, accents, spacing), so the same village typed another way still matches. #}
{% macro village_key(name) -%}
    lower(regexp_replace(strip_accents(replace(replace({{ name }}, 'đ', 'd'), 'Đ', 'd')), '\s+', ' ', 'g'))
{%- endmacro %}

{# The rate of the year before (the row `previous`, joined by previous_year_of) and the fall since it to the row
   `current`'s, in points: from that year's row when the warehouse holds it, else from the rate of the counts at the
   start of the period that the workbooks give (at an area, summed only where every commune gives them: the sums
   are null otherwise). #}
{% macro fall_since_previous_year(rate_column, fall, start_numerator, start_denominator) -%}
    previous.{{ rate_column }} as previous_{{ rate_column }},
    coalesce(previous.{{ rate_column }}, {{ rate(start_numerator, start_denominator) }})
        - current.{{ rate_column }} as {{ fall }}
{%- endmacro %}

{# An area's counts that not every commune gives (its counts at the start of the period, its targets), summed over
   its communes under their own names: null unless every commune of the area gave them. #}
{% macro sums_of_all(columns) -%}
    {%- for column in columns %}
    case when count({{ column }}) = count(*) then sum({{ column }})::bigint end as {{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
