"""Plain values shared by every layer: no I/O, no imports from other riskwatch packages."""
