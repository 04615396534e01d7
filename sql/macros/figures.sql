{# The figures of one section of each commune's current aggregate workbook (int_current_submissions), each with
   the columns `submission_columns` of its submission and `figure_columns` of stg_figures, the section's total row
   left out unless `total_row`; in an incremental build, only those of the affected communes. #}
{% macro current_figures(section, submission_columns, figure_columns=['measure', 'figure'], total_row=true) -%}
    select
        {%- for column in submission_columns %}
        submissions.{{ column }},
        {%- endfor %}
        {%- for column in figure_columns %}
        figures.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref('stg_figures') }} as figures
    inner join (
        select * from {{ ref('int_current_submissions') }}
        {{ only_affected('period', 'commune_code') }}
    ) as submissions using (file_id)
    where figures.section = '{{ section }}'
    {%- if not total_row %} and not figures.is_total{% endif %}
{%- endmacro %}
