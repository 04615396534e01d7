-- One row per district and period (before the 2025 reform) with household registers: their counts summed over its
-- communes that sent one, and the rates recomputed from the sums.
{{ register_by_area('district') }}
