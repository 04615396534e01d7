-- One row per province and period with household registers: their counts summed over its communes that sent one,
-- and the rates recomputed from the sums.
{{ register_by_area('province') }}
