-- One row per commune, period and measure, for communes that sent both a household register and an aggregate
-- workbook: the figure counted from the register, the one the workbook reports, and the difference (register less
-- report).
{% set measures = ['total_households', 'poor_households', 'near_poor_households', 'em_households',
                   'em_poor_households'] %}
with registers as (
    select * from {{ ref('register_by_commune') }}
),

current_registers as (
    select period, commune_code, file_id from {{ ref('int_current_registers') }}
),

-- as the workbook itself reports them (the commune's published figures may be the register's own)
reported as (
    select
        submissions.period,
        submissions.commune_code,
        {{ pivot_measures(measures) }}
    from {{ ref('stg_figures') }} as figures
    inner join {{ ref('int_current_submissions') }} as submissions using (file_id)
    where figures.section = 'households' and not figures.is_total
    group by all
),

compared as (
    {%- for measure in measures %}
    select
        registers.period,
        registers.commune_code,
        '{{ measure }}' as measure,
        registers.{{ measure }} as register_value,
        reported.{{ measure }} as reported_value
    from registers
    inner join reported using (period, commune_code)
    {{ "union all" if not loop.last }}
    {%- endfor %}
)

select
    registers.period,
    registers.province_code,
    registers.province_name,
    registers.district_code,
    registers.district_name,
    registers.commune_code,
    registers.commune_name,
    current_registers.file_id,
    registers.file_name,
    compared.measure,
    compared.register_value,
    compared.reported_value,
    compared.register_value - compared.reported_value as difference
from compared
inner join registers using (period, commune_code)
inner join current_registers using (period, commune_code)
