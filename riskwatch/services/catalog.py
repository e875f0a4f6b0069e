"""The app catalog as the rest of the service sees it: the tagger's, loaded once."""

from __future__ import annotations

from riskwatch.tagging import default_tagger
from riskwatch.tagging.catalog import App, Catalog


def app_catalog() -> Catalog:
    return default_tagger().catalog


def find_app(slug: str) -> App | None:
    return next((app for app in app_catalog().apps if app.slug == slug), None)
