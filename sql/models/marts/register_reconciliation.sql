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

reported as (
    select
        poverty.period,
        poverty.commune_code,
        poverty.total_households,
        poverty.poor_households,
        poverty.near_poor_households,
        ethnic.em_households,
        ethnic.em_poor_households
    from {{ ref('poverty_by_commune') }} as poverty
    inner join {{ ref('ethnic_minority_by_commune') }} as ethnic using (period, commune_code)
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
