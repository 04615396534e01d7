-- One row per commune and period that sent a household register: the counted one whose households are the
-- commune's (the latest received), the period its targets are for, and the poverty standard of the period.
{{ latest_counted('register') }}
