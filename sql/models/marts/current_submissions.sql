-- One row per commune and period with a counted aggregate workbook: the one whose figures are the commune's (the
-- latest received, int_current_submissions), the period its targets are for and the period's poverty standard. What
-- `giamngheo withdraw` tells a commune's current submission by. A view: nothing is stored twice.
{{ config(materialized='view') }}

with submissions as (
    select * from {{ ref('int_current_submissions') }}
)

select
    period,
    commune_code,
    unit_structure,
    file_id,
    file_name,
    received_at,
    target_period,
    standard_code,
    is_synthetic
from submissions
