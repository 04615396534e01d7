"""Reading, normalising and resolving what communes send."""
