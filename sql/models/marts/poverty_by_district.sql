-- One row per district and period (before the 2025 reform): household counts summed over its communes, rates
-- recomputed from the sums (never averaged), and the fall in the poverty rate since the previous year in points
-- (from that year's row, else from the communes' counts at the start of the period when every commune gives them).
{{ poverty_by_area('district') }}
