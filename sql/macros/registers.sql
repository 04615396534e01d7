{# The counts of a register's households of the rows grouped, by the class their commune decided (and, to compare,
   by the class the standard gives them). #}
{% macro register_counts() -%}
    count(*) as total_households,
    sum(members)::bigint as persons,
    count(*) filter (where decided_class = 'poor') as poor_households,
    count(*) filter (where decided_class = 'near_poor') as near_poor_households,
    count(*) filter (where decided_class = 'average') as average_households,
    count(*) filter (where is_ethnic_minority) as em_households,
    count(*) filter (where is_ethnic_minority and decided_class = 'poor') as em_poor_households,
    count(*) filter (where is_ethnic_minority and decided_class = 'near_poor') as em_near_poor_households,
    count(*) filter (where computed_class = 'poor') as computed_poor_households,
    count(*) filter (where computed_class = 'near_poor') as computed_near_poor_households,
    count(*) filter (where decided_class <> computed_class) as classes_disagreeing
{%- endmacro %}

{# The same counts summed over communes (a district's or a province's). #}
{% macro register_sums() -%}
    {{ sum_counts(['total_households', 'persons', 'poor_households', 'near_poor_households', 'average_households',
                   'em_households', 'em_poor_households', 'em_near_poor_households', 'computed_poor_households',
                   'computed_near_poor_households', 'classes_disagreeing']) }}
{%- endmacro %}

{# The register marts' rates, from the counts of the row. #}
{% macro register_rates() -%}
    {{ rate('poor_households', 'total_households') }} as poverty_rate_pct,
    {{ rate('near_poor_households', 'total_households') }} as near_poor_rate_pct,
    {{ rate('em_poor_households', 'em_households') }} as em_poverty_rate_pct
{%- endmacro %}

{# Which commune's register a row of a register mart is about, and where that commune is. #}
{% macro register_place() -%}
    period, province_code, province_name, district_code, district_name, commune_code, commune_name, file_id, file_name
{%- endmacro %}
