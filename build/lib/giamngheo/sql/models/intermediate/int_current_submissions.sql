-- One row per commune and period: the counted aggregate workbook whose figures are the commune's (the latest
-- received), the period its targets are for, and the poverty standard of the period.
{{ latest_counted('aggregate') }}
