-- One row per deprivation indicator of a poverty standard.
select
    standard_code,
    cast(position as integer) as indicator_position,
    indicator_code,
    dimension_vi as dimension_label_vi,
    label_vi as indicator_label_vi,
    label_en as indicator_label_en
from {{ ref('indicators') }}
