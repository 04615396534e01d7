-- One row per national poverty standard and the years it applies to.
select
    standard_code,
    legal_basis,
    cast(first_year as integer) as first_year,
    cast(last_year as integer) as last_year
from {{ ref('poverty_standards') }}
