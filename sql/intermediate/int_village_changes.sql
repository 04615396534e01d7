-- One row per village of each commune's current workbook: its households now and in the same-named village of the
-- same commune's previous-year workbook (null when there is none), and the cell its households were read from.
with villages as (
    select * from intermediate.int_village_households
),

submissions as (
    select * from intermediate.int_current_submissions
),

cells as (
    select file_id, sheet, sheet_row, sheet_col
    from staging.stg_figures
    where section = 'households' and measure = 'total_households' and not is_total
),

keyed as (
    select
        villages.*,
        submissions.unit_structure,
        -- the same village typed with other accents, case or spacing is still the same village
        lower(regexp_replace(strip_accents(replace(replace(villages.village_name, 'đ', 'd'), 'Đ', 'd')), '\s+', ' ', 'g'))
            as village_key
    from villages
    inner join submissions using (file_id)
)

select
    current.period,
    current.commune_code,
    current.file_id,
    current.village_name,
    cells.sheet,
    cells.sheet_col || cells.sheet_row as cell,
    current.total_households,
    previous.total_households as previous_total_households
from keyed as current
inner join cells
    on cells.file_id = current.file_id
    and cells.sheet_row = current.sheet_row
left join keyed as previous
    on previous.commune_code = current.commune_code
    and previous.unit_structure = current.unit_structure
    and previous.village_key = current.village_key
    and previous.period = cast(cast(left(current.period, 4) as integer) - 1 as varchar)
