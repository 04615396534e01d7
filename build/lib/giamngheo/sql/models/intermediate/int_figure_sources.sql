-- One row per commune and period with a current aggregate workbook or household register: where its figures come
-- from. From its register when it sent one that lists every village of its workbook (or sent no workbook: the
-- register is all there is); else from its workbook, the register being then only reconciled with it.
with workbooks as (
    select * from {{ ref('int_current_submissions') }}
),

registers as (
    select * from {{ ref('int_current_registers') }}
),

workbook_villages as (
    select distinct
        workbooks.period,
        workbooks.commune_code,
        {{ village_key('figures.village_name') }} as village_key
    from {{ ref('stg_figures') }} as figures
    inner join workbooks using (file_id)
    where figures.section = 'households' and not figures.is_total
),

-- the names as written first, then their keys: a register has thousands of households to a village
register_villages as (
    select distinct period, commune_code, {{ village_key('village_name') }} as village_key
    from (
        select distinct registers.period, registers.commune_code, households.village_name
        from {{ ref('stg_households') }} as households
        inner join registers using (file_id)
    )
),

uncovered as (
    select distinct period, commune_code
    from workbook_villages
    anti join register_villages using (period, commune_code, village_key)
)

select
    coalesce(registers.period, workbooks.period) as period,
    coalesce(registers.commune_code, workbooks.commune_code) as commune_code,
    coalesce(registers.unit_structure, workbooks.unit_structure) as unit_structure,
    coalesce(registers.standard_code, workbooks.standard_code) as standard_code,
    case when registers.file_id is not null and uncovered.commune_code is null then 'register' else 'aggregate' end
        as figures_source,
    coalesce(registers.is_synthetic, false) or coalesce(workbooks.is_synthetic, false) as is_synthetic,
    workbooks.file_id as workbook_file_id,
    registers.file_id as register_file_id
from workbooks
full join registers
    on registers.period = workbooks.period and registers.commune_code = workbooks.commune_code
left join uncovered
    on uncovered.period = coalesce(registers.period, workbooks.period)
    and uncovered.commune_code = coalesce(registers.commune_code, workbooks.commune_code)
