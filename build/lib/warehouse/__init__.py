"""The DuckDB warehouse: connection, loading the raw layer, and building the SQL models in ``sql/``."""
