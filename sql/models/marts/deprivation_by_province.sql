-- One row per province, period and deprivation indicator: poor households and those
-- deprived on the indicator summed over its communes, and the deprivation rate recomputed from the sums.
{{ deprivation_by_area('province') }}
