{# An area's row is its communes' rows summed: a district's (legacy structure only: the 2025 reform abolished
   districts) or a province's (legacy provinces before the reform, 2025 provinces after). Each family of marts writes
   its arithmetic once, in macros/families.sql, for both levels; these say what a level is. #}

{# The columns that place a unit of the level in the tree, from its province down: a district's with its
   province's, a commune's with its district's (null after the reform) and its province's. `prefix` qualifies them. #}
{% macro unit_columns(level, prefix='') -%}
    {{ prefix }}province_code,
    {{ prefix }}province_name
    {%- if level != 'province' %},
    {{ prefix }}district_code,
    {{ prefix }}district_name
    {%- endif %}
    {%- if level == 'commune' %},
    {{ prefix }}commune_code,
    {{ prefix }}commune_name
    {%- endif %}
{%- endmacro %}

{# The rows of a commune-level mart that the level's areas sum: a district sums only communes that have one. #}
{% macro communes_of(model, level) -%}
    select * from {{ ref(model) }}
    {%- if level == 'district' %}
    where district_code is not null
    {%- endif %}
{%- endmacro %}

{# What an area's row is grouped by, and how many communes it sums: the period (then the columns `after_period`,
   e.g. the target period), the standard and the unit structure, the area's place in the tree, and the columns
   `per` (e.g. the indicator, for a row per indicator). With `districts`, a province's row also counts the districts
   of its communes. #}
{% macro area_grouping(level, after_period=[], per=[], districts=false) -%}
    period,
    {%- for column in after_period %}
    {{ column }},
    {%- endfor %}
    standard_code,
    unit_structure,
    {{ unit_columns(level) }},
    {%- if districts and level == 'province' %}
    count(distinct district_code) as districts,
    {%- endif %}
    {%- for column in per %}
    {{ column }},
    {%- endfor %}
    count(*) as communes
{%- endmacro %}

{# The same columns, as an area's mart names them from its row `current`. #}
{% macro area_columns(level, districts=false) -%}
    current.period,
    current.standard_code,
    current.unit_structure,
    {{ unit_columns(level, 'current.') }},
    {%- if districts and level == 'province' %}
    current.districts,
    {%- endif %}
    current.communes
{%- endmacro %}
