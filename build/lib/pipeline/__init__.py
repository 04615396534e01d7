"""The pipeline as plain functions, with no Prefect in it: ``stages`` (read → resolve and validate → quarantine →
load and model → check → publish) and ``run_period``, which runs them for a period. The Prefect flows, the CLI and
the tests all call these."""
