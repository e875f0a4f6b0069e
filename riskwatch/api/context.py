"""Access to the app's Runtime from a request, without a module-level global."""

from __future__ import annotations

from flask import current_app

from riskwatch.services.runtime import Runtime

EXTENSION = "riskwatch"


def runtime() -> Runtime:
    return current_app.extensions[EXTENSION]
