"""Counts for monitoring, read at scrape time so every process reports the same numbers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskwatch.store.models import Event, Feed, Item


@dataclass(frozen=True, slots=True)
class FeedCounters:
    feed_id: str
    fetches_total: int
    errors_total: int
    consecutive_errors: int
    items_seen: int


@dataclass(frozen=True, slots=True)
class Totals:
    items: int
    relevant_items: int
    events: int
    feeds: tuple[FeedCounters, ...]


def totals(session: Session) -> Totals:
    items = session.scalar(select(func.count()).select_from(Item)) or 0
    relevant = session.scalar(select(func.count()).select_from(Item)
                              .where(Item.relevant.is_(True))) or 0
    events = session.scalar(select(func.count()).select_from(Event)) or 0
    feeds = tuple(FeedCounters(*row) for row in session.execute(
        select(Feed.id, Feed.fetches_total, Feed.errors_total, Feed.consecutive_errors,
               Feed.items_seen).order_by(Feed.id)))
    return Totals(items, relevant, events, feeds)
