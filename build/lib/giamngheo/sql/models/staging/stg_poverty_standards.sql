-- One row per national poverty standard: the years it applies to, its income lines (VND per person per month) for
-- rural communes and for wards and towns, the upper line and the average-living-standard band where it has them,
-- and how many deprivations make a household poor.
select
    standard_code,
    legal_basis,
    cast(first_year as integer) as first_year,
    cast(last_year as integer) as last_year,
    cast(rural_income_line_vnd as bigint) as rural_income_line_vnd,
    cast(urban_income_line_vnd as bigint) as urban_income_line_vnd,
    cast(nullif(rural_upper_line_vnd, '') as bigint) as rural_upper_line_vnd,
    cast(nullif(urban_upper_line_vnd, '') as bigint) as urban_upper_line_vnd,
    cast(deprivation_threshold as integer) as deprivation_threshold,
    cast(nullif(rural_average_upper_vnd, '') as bigint) as rural_average_upper_vnd,
    cast(nullif(urban_average_upper_vnd, '') as bigint) as urban_average_upper_vnd
from {{ ref('poverty_standards') }}
