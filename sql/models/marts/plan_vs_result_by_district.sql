-- One row per district and reporting period (before the 2025 reform): results summed over every commune with
-- figures, next-period targets summed over them only when each has a plan (null otherwise, with how many have one),
-- rates recomputed from the sums, the fall since the previous year, and the planned fall in percentage points and
-- in households.
{{ plan_vs_result_by_area('district') }}
