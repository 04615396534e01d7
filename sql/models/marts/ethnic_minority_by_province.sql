-- One row per province and period: ethnic-minority (DTTS) counts summed over its communes, rates recomputed from
-- the sums, and the fall in their poverty rate since the previous year of the same unit structure in points.
{{ ethnic_minority_by_area('province') }}
