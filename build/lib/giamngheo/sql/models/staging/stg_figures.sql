-- One row per figure read from a workbook: the cell it came from and the whole-number count it holds.
select
    file_id,
    section,
    sheet,
    "row" as sheet_row,
    col as sheet_col,
    village as village_name,
    is_total,
    measure,
    raw as raw_text,
    -- whole numbers only, and none too large to be a count (such a file is refused; its cells stay in raw)
    case when value = floor(value) and abs(value) < 1e15 then cast(value as bigint) end as figure
from {{ source('raw', 'cells') }}
