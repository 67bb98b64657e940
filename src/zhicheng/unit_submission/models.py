"""Models of the unit_submission app."""
