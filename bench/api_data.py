"""A large riskwatch database for the API bench: bulk Core inserts into the real tables.

The migrations create the schema; feeds go through `sync_feeds` and daily scores through
`refresh_snapshots`, as in service. Items, their sightings, events, their apps and their
member items are written in bulk, shaped like what the pipeline stores: every event is folded
from a few consecutive relevant items (`ev-<first item id>`), most items are irrelevant, and
apps are unevenly busy (the first app has about five times the events of the last).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from riskwatch.domain.items import FeedConfig
from riskwatch.domain.vocabulary import EVENT_TYPES
from riskwatch.services.risk import refresh_snapshots
from riskwatch.services.runtime import Runtime
from riskwatch.store.feeds import sync_feeds
from riskwatch.store.migrate import upgrade
from riskwatch.store.models import Event, EventAppRow, EventItem, Item, ItemSource

CHUNK = 20_000
FEEDS = 20
START = datetime(2015, 1, 1, tzinfo=UTC)
RELIEF = {"court_ruling_for_app", "ban_lifted", "enforcement_delay"}
JURISDICTIONS = ["US-federal", "US-MT", "US-TX", "US-NY", "IN", "CA", "AU", "EU", "NP", "GB"]
NOT_RELEVANT = {"apps": [], "confidence": 0.0, "direction": None, "event_type": None,
                "evidence": [], "jurisdiction": None, "relevant": False}


@dataclass(frozen=True)
class Shape:
    items: int
    events: int
    apps: tuple[str, ...]
    today: date
    class_share: float = 0.05  # events aimed at a class of apps: they concern every app
    seed: int = 11


@dataclass(frozen=True)
class _Event:
    id: str
    slug: str
    event_type: str
    jurisdiction: str
    first_item: int
    members: int
    class_level: bool

    @property
    def direction(self) -> str:
        return "relief" if self.event_type in RELIEF else "escalation"


def build(runtime: Runtime, shape: Shape) -> None:
    """Fill an empty database; prints progress, takes a few minutes for a million items."""
    upgrade(runtime.database)
    rng = random.Random(shape.seed)
    feeds = [FeedConfig(id=f"feed-{n:02d}", url=f"https://news{n}.example/rss", kind="news",
                        title=f"Outlet {n}", credibility=1 + n % 3, interval_seconds=900)
             for n in range(FEEDS)]
    with runtime.database.writing() as session:
        sync_feeds(session, feeds)
    events = _plan_events(shape, rng)
    members = {event.first_item + k: event for event in events for k in range(event.members)}
    step = (datetime.combine(shape.today, datetime.min.time(), UTC) - START) / shape.items
    published = [START + step * n for n in range(shape.items + 1)]
    _insert(runtime, Item, (_item(n, published[n], members.get(n))
                            for n in range(1, shape.items + 1)), "items")
    _insert(runtime, ItemSource, ({"id": n, "item_id": n, "feed_id": _feed(n),
                                   "source_key": _feed(n), "guid": f"bench-{n}",
                                   "url": f"https://news.example/{n}",
                                   "seen_at": published[n] + timedelta(minutes=5)}
                                  for n in range(1, shape.items + 1)), "item sources")
    _insert(runtime, Event, (_event(e, published, shape.today) for e in events), "events")
    _insert(runtime, EventAppRow, _event_apps(events, shape.apps, published), "event apps")
    _insert(runtime, EventItem, (_membership(n, e, published[n])
                                 for n, e in sorted(members.items())), "event items")
    with runtime.database.writing() as session:
        refresh_snapshots(session, {slug: START.date() for slug in shape.apps}, shape.today)
    print("  daily snapshots done", flush=True)


def _plan_events(shape: Shape, rng: random.Random) -> list[_Event]:
    """Events in time order, each taking the next 1-5 relevant items, spread over all items."""
    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(shape.apps))]
    sizes = [rng.choice((1, 1, 2, 3, 3, 4, 5)) for _ in range(shape.events)]
    gap = (shape.items - sum(sizes)) // shape.events
    events, item = [], 1
    for size in sizes:
        item += rng.randrange(gap + 1)
        events.append(_Event(id=f"ev-{item}", slug=rng.choices(shape.apps, weights)[0],
                             event_type=rng.choice(EVENT_TYPES),
                             jurisdiction=rng.choice(JURISDICTIONS), first_item=item,
                             members=size, class_level=rng.random() < shape.class_share))
        item += size
    return events


def _feed(n: int) -> str:
    return f"feed-{n % FEEDS:02d}"


def _item(n: int, published: datetime, event: _Event | None) -> dict[str, Any]:
    subject = event.slug if event else "the city council"
    title = (f"{event.event_type.replace('_', ' ').capitalize()}: {subject} in "
             f"{event.jurisdiction} (report {n})" if event else
             f"Council approves budget for new bridges (report {n})")
    tags = NOT_RELEVANT if event is None else {
        "apps": [{"slug": event.slug, "via": "alias", "matched": event.slug}],
        "confidence": 0.9, "direction": event.direction, "event_type": event.event_type,
        "evidence": [{"kind": "event_type", "text": event.event_type}],
        "jurisdiction": event.jurisdiction, "relevant": True}
    return {"id": n, "fingerprint": f"{n:064x}", "feed_id": _feed(n), "guid": f"bench-{n}",
            "url": f"https://news.example/{n}", "title": title,
            "summary": f"{title}. Officials said the measure would be reviewed next month, "
                       f"and the company said it would comply while it appeals.",
            "published_at": published, "fetched_at": published + timedelta(minutes=5),
            "language": "en", "source_name": None, "relevant": event is not None,
            "tags": tags, "tagger_version": "bench"}


def _event(event: _Event, published: list[datetime], today: date) -> dict[str, Any]:
    first = published[event.first_item].date()
    last = published[event.first_item + event.members - 1].date()
    seen = datetime.combine(min(last, today), datetime.min.time(), UTC)
    return {"id": event.id, "event_type": event.event_type, "direction": event.direction,
            "jurisdiction": event.jurisdiction, "occurred_on": first,
            "title": f"{event.slug}: {event.event_type.replace('_', ' ')} in "
                     f"{event.jurisdiction}",
            "source_count": event.members, "credibility": 1 + event.first_item % 3,
            "provenance": "ingested", "curated_key": None, "sources": None, "case_key": None,
            "first_reported_on": first, "last_reported_on": last, "first_seen_at": seen,
            "updated_at": seen, "version": 1}


def _event_apps(events: list[_Event], apps: tuple[str, ...],
                published: list[datetime]) -> Iterator[dict[str, Any]]:
    for event in events:
        day = published[event.first_item].date()
        yield {"event_id": event.id, "slug": event.slug, "via": "direct", "occurred_on": day}
        if event.class_level:
            for slug in apps:
                if slug != event.slug:
                    yield {"event_id": event.id, "slug": slug, "via": "class",
                           "occurred_on": day}


def _membership(n: int, event: _Event, published: datetime) -> dict[str, Any]:
    return {"item_id": n, "event_id": event.id, "signal": {
        "item_id": str(n), "title": f"report {n}", "day": published.date().isoformat(),
        "apps": [[event.slug, "direct"]], "event_type": event.event_type,
        "direction": event.direction, "jurisdiction": event.jurisdiction,
        "credibility": 1 + n % 3, "source_id": _feed(n), "docket": None}}


def _insert(runtime: Runtime, table: type, rows: Iterator[dict[str, Any]], label: str) -> None:
    written = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            written += _flush(runtime, table, batch)
    written += _flush(runtime, table, batch)
    print(f"  {label}: {written:,}", flush=True)


def _flush(runtime: Runtime, table: type, batch: list[dict[str, Any]]) -> int:
    if not batch:
        return 0
    with runtime.database.writing() as session:
        session.execute(insert(table), batch)
    count = len(batch)
    batch.clear()
    return count
