"""giamngheo: consolidate commune poverty-reduction workbooks into a DuckDB warehouse and district tables."""

__version__ = "0.1.0"
