{# Incremental models hold one row per commune and period (or finer). A run names the communes whose submissions
   changed in raw.affected_communes: an incremental build forgets their rows, then builds just those again. #}

{% macro forget_affected() -%}
    {% if is_incremental() %}
    delete from {{ this }}
    where (period, commune_code) in (select period, commune_code from {{ source('raw', 'affected_communes') }})
    {% endif %}
{%- endmacro %}

{% macro only_affected(period, commune_code) -%}
    {% if is_incremental() %}
    where ({{ period }}, {{ commune_code }}) in (
        select period, commune_code from {{ source('raw', 'affected_communes') }})
    {% endif %}
{%- endmacro %}
