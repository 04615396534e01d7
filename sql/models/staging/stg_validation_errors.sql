-- One row per rule a workbook broke, with the cell and the message sent back to the commune.
select
    file_id,
    sheet,
    cell,
    value as cell_value,
    rule,
    message_vi,
    message_en,
    run_id
from {{ source('raw', 'validation_errors') }}
