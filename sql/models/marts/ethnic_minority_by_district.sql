-- One row per district and period (before the 2025 reform): ethnic-minority (DTTS) counts summed over its
-- communes, rates recomputed from the sums, and the fall in their poverty rate since the previous year in points.
{{ ethnic_minority_by_area('district') }}
