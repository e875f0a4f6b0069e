"""Bringing a database to a usable state: schema migrations and the feeds of feeds.yaml."""

from __future__ import annotations

from riskwatch.domain.items import FeedConfig
from riskwatch.ingest.feeds_file import read_feeds_file
from riskwatch.services.runtime import Runtime
from riskwatch.store.feeds import sync_feeds
from riskwatch.store.migrate import upgrade


def prepare_database(runtime: Runtime) -> list[FeedConfig]:
    """Validate feeds.yaml first (a bad file changes nothing), then migrate and sync feeds."""
    feeds = read_feeds_file(runtime.settings.feeds_file)
    upgrade(runtime.database)
    with runtime.database.writing() as session:
        sync_feeds(session, feeds)
    return feeds
