"""Plain values shared by every layer; nothing here does I/O or imports another riskwatch package."""
