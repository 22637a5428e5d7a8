"""Practice cases: the catalogue derived from an index version, and comparisons between cases."""
