-- One row per rule a workbook broke when read for a period, with the cell and the message sent back to the commune.
select
    period,
    file_id,
    sheet,
    cell,
    value as cell_value,
    rule,
    message_vi,
    message_en,
    run_id
from {{ source('raw', 'validation_errors') }}
