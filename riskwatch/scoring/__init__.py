"""Event clustering and the risk model: pure functions of events and a date."""
