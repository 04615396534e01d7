{# A household's class by its standard (stg_poverty_standards): poor, near_poor, average (the average-living-standard
   band, where the standard has one) or none. Where the standard has an upper line (2016–2020), income at or below
   the line is poor whatever the deprivations, and between the lines the deprivations decide; otherwise income at or
   below the line is poor with `threshold` or more deprivations and near-poor with fewer. #}
{% macro household_class(income, deprivations, line, upper, threshold, average_upper) -%}
    case
        when {{ income }} <= {{ line }} and ({{ upper }} is not null or {{ deprivations }} >= {{ threshold }}) then 'poor'
        when {{ income }} <= {{ line }} then 'near_poor'
        when {{ income }} <= {{ upper }} and {{ deprivations }} >= {{ threshold }} then 'poor'
        when {{ income }} <= {{ upper }} then 'near_poor'
        when {{ income }} <= {{ average_upper }} then 'average'
        else 'none'
    end
{%- endmacro %}
