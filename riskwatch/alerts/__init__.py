"""Webhook alerts: what a message says, who wants it, how it is signed and retried, and the
HTTP send. Everything but `targets` resolution and `sender` is a pure function of values."""
