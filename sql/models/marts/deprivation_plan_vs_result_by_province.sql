-- One row per province, period and deprivation indicator, result against plan: poor and deprived households of
-- the period summed over every commune with figures, those of the next period's plan summed only when each of them
-- has a plan (null otherwise, with how many have one), rates recomputed from the sums, and the planned fall.
{{ deprivation_plan_vs_result_by_area('province') }}
