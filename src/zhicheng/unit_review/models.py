"""Models of the unit_review app."""
