-- One row per commune and reporting period: the targets it set for the next period.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook='{{ forget_affected() }}') }}

with figures as (
    {{ current_figures('targets', ['period', 'target_period', 'commune_code']) }}
)

select
    period,
    target_period,
    commune_code,
    {{ pivot_figures(var('target_measures'), 'target_') }}
from figures
group by period, target_period, commune_code
