"""The `riskwatch` command line: one module per group of commands, gathered in `main`."""
