"""Feed rows: syncing them with feeds.yaml, leasing them for a poll, and recording outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from riskwatch.domain.items import FeedConfig
from riskwatch.store.conflicts import insert_or_skip
from riskwatch.store.models import Feed


def sync_feeds(session: Session, configs: Sequence[FeedConfig]) -> None:
    """Make the feeds table match feeds.yaml, keeping each feed's history and health.

    A feed removed from the file is disabled, not deleted, so its items keep their source.
    A changed URL forgets the old validators and redirect target: they belong to the old URL.
    """
    existing = {feed.id: feed for feed in session.scalars(select(Feed))}
    new = [config for config in configs if config.id not in existing]
    if new:
        # Schedulers starting together all find the feed missing; the first one adds it.
        session.execute(insert_or_skip(session, Feed, ("id",)), [
            {"id": c.id, "url": c.url, "kind": c.kind, "title": c.title,
             "credibility": c.credibility, "interval_seconds": c.interval_seconds,
             "enabled": c.enabled, "consecutive_errors": 0, "items_seen": 0,
             "fetches_total": 0, "errors_total": 0} for c in new])
    for config in configs:
        feed = existing.pop(config.id, None)
        if feed is None:
            continue
        if feed.url != config.url:
            feed.url, feed.etag, feed.last_modified, feed.permanent_url = (
                config.url, None, None, None)
            feed.disabled_reason = None
        feed.kind, feed.title = config.kind, config.title
        feed.credibility, feed.interval_seconds = config.credibility, config.interval_seconds
        feed.enabled = config.enabled
    for feed in existing.values():
        feed.enabled = False


def feed_config(feed: Feed) -> FeedConfig:
    """The row as the fetcher sees it: a recorded permanent redirect replaces the URL."""
    return FeedConfig(id=feed.id, url=feed.permanent_url or feed.url, kind=feed.kind,
                      title=feed.title, credibility=feed.credibility,
                      interval_seconds=feed.interval_seconds, enabled=feed.enabled)


def claim_feed(session: Session, feed_id: str, owner: str, now: datetime,
               lease_seconds: int, *, force: bool = False) -> Feed | None:
    """Take the feed's lease if it is due and nobody holds a live lease; None otherwise.

    The conditional UPDATE is the lock: of two pollers, exactly one sees a row changed. On
    PostgreSQL the row is picked FOR UPDATE SKIP LOCKED, so a poller whose colleague is busy
    with this feed's row (claiming it, or recording a poll) moves on at once instead of
    waiting for that transaction only to find the feed no longer due.
    """
    due = or_(Feed.next_fetch_at.is_(None), Feed.next_fetch_at <= now)
    conditions = [
        Feed.id == feed_id, Feed.enabled.is_(True), Feed.disabled_reason.is_(None),
        or_(Feed.lease_expires_at.is_(None), Feed.lease_expires_at < now),
    ]
    if not force:
        conditions.append(due)
    if session.scalar(select(Feed.id).where(*conditions)
                      .with_for_update(skip_locked=True)) is None:
        return None
    result = session.execute(
        update(Feed).where(*conditions)
        .values(lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    return session.get(Feed, feed_id, populate_existing=True)


def release_feed(session: Session, feed_id: str, owner: str) -> Feed | None:
    feed = session.get(Feed, feed_id, populate_existing=True)
    if feed is None or feed.lease_owner != owner:
        return None
    feed.lease_owner, feed.lease_expires_at = None, None
    return feed


def abandoned_feed_ids(session: Session, now: datetime) -> list[str]:
    """Feeds whose poller's lease ran out before it recorded the poll: it crashed or hung.

    Only those still due: a poll moves next_fetch_at only when it is recorded, so these are
    owed a poll now, not when some poller's own timer for the feed next fires.
    """
    return list(session.scalars(
        select(Feed.id).where(Feed.enabled.is_(True), Feed.disabled_reason.is_(None),
                              Feed.lease_owner.is_not(None), Feed.lease_expires_at < now,
                              or_(Feed.next_fetch_at.is_(None), Feed.next_fetch_at <= now))
        .order_by(Feed.lease_expires_at, Feed.id)))


def list_feeds(session: Session) -> list[Feed]:
    return list(session.scalars(select(Feed).order_by(Feed.id)))


def feed_status(feed: Feed) -> str:
    """One word for a person scanning a list: ok, failing, disabled, gone or pending."""
    if feed.disabled_reason:
        return "gone"
    if not feed.enabled:
        return "disabled"
    if feed.consecutive_errors:
        return "failing"
    return "ok" if feed.last_ok_at else "pending"
