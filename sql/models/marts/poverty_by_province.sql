-- One row per province and period: household counts summed over its communes (legacy provinces before the 2025
-- reform, 2025 provinces after), rates recomputed from the sums, and the fall in the poverty rate since the
-- previous year when that year used the same unit structure.
{{ poverty_by_area('province') }}
