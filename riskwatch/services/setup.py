"""Bringing a database to a usable state: migrations, feeds.yaml and the curated history."""

from __future__ import annotations

from dataclasses import dataclass

from riskwatch.domain.items import FeedConfig
from riskwatch.ingest.feeds_file import read_feeds_file
from riskwatch.scoring.curated import load_curated_events
from riskwatch.services.catalog import app_catalog
from riskwatch.services.history import HistoryResult, load_history
from riskwatch.services.risk import extend_snapshots
from riskwatch.services.runtime import Runtime
from riskwatch.store.feeds import sync_feeds
from riskwatch.store.migrate import upgrade


@dataclass(frozen=True, slots=True)
class Prepared:
    feeds: list[FeedConfig]
    history: HistoryResult | None


def prepare_database(runtime: Runtime, *, history: bool = False) -> Prepared:
    """Validate feeds.yaml and the history file first (a bad file changes nothing), then
    migrate, sync feeds, load the curated history when asked (idempotent), and carry every
    app's daily scores up to today."""
    feeds = read_feeds_file(runtime.settings.feeds_file)
    entries = (load_curated_events(allowed_apps={a.slug for a in app_catalog().apps})
               if history else None)
    upgrade(runtime.database)
    loaded = None
    with runtime.database.writing() as session:
        sync_feeds(session, feeds)
        if entries is not None:
            loaded = load_history(session, entries, runtime.clock())
        extend_snapshots(session, runtime.clock().date())
    return Prepared(feeds, loaded)
