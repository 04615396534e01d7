-- One row per district, period and deprivation indicator (before the 2025 reform): poor households and those
-- deprived on the indicator summed over its communes, and the deprivation rate recomputed from the sums.
{{ deprivation_by_area('district') }}
