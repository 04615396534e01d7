{# Periods are '2020' (annual) or '2021-H1' (six-month); vocabulary/periods.py says the same in Python. #}

{# The annual period before: what a year-on-year change compares with. #}
{% macro previous_year(period) -%}
    cast(cast(left({{ period }}, 4) as integer) - 1 as varchar)
{%- endmacro %}

{# The period a submission's targets are for: the next year for an annual report, the year's end for a six-month one. #}
{% macro target_period(period) -%}
    case when {{ period }} like '%-H1' then left({{ period }}, 4)
         else cast(cast(left({{ period }}, 4) as integer) + 1 as varchar) end
{%- endmacro %}

{# Which unit structure a period's reports use: legacy until the 2025 reform (2025-H1 included), 2025 after. #}
{% macro unit_structure(period) -%}
    case when cast(left({{ period }}, 4) as integer) < 2025 or {{ period }} = '2025-H1' then 'legacy' else '2025' end
{%- endmacro %}
