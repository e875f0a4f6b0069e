"""poll_feed: the one place where fetching, parsing, tagging and storing meet.

The scheduler, `riskwatch fetch` and `POST /feeds/{id}/refresh` all call this function.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from riskwatch.domain.items import ParsedFeed
from riskwatch.ingest.errors import ParseError
from riskwatch.ingest.fetch import FetchError, FetchResult, Validators, fetch_feed
from riskwatch.ingest.schedule import next_after_failure, next_after_success
from riskwatch.services.runtime import Runtime
from riskwatch.services.storing import store_batch
from riskwatch.store.feeds import claim_feed, feed_config, release_feed

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class PollOutcome:
    feed_id: str
    status: str  # ok | not_modified | error | skipped | gone
    new_items: int = 0
    new_sightings: int = 0
    error: str | None = None
    warning: str | None = None


def poll_feed(runtime: Runtime, feed_id: str, *, force: bool = False) -> PollOutcome:
    """Poll one feed if it is due (or `force`), and record the outcome on the feed row.

    Never raises for anything the feed or the network does: every failure becomes the
    feed's `last_error` and a back-off, and items already stored are never touched.
    """
    db, now = runtime.database, runtime.clock()
    # Longer than the worst case of one poll (fetch deadline + parse timeout), so a live poller
    # never loses its lease, short enough that a crashed one's feeds are picked up soon.
    lease = int(runtime.settings.fetch_total_timeout + runtime.settings.parse_timeout
                + runtime.settings.lease_margin_seconds)
    with db.writing() as session:
        feed = claim_feed(session, feed_id, runtime.worker_id, now, lease, force=force)
        if feed is None:
            return PollOutcome(feed_id, "skipped")
        config = feed_config(feed)
        validators = Validators(feed.etag, feed.last_modified)
    try:
        fetched = fetch_feed(runtime.http, config, validators, runtime.fetch_limits, now=now)
        parsed = None if fetched.not_modified else runtime.sandbox.parse(
            fetched.body, headers=fetched.headers, base_url=fetched.url, now=now)
    except (FetchError, ParseError) as exc:
        return _record_failure(runtime, feed_id, exc)
    except Exception as exc:  # a bug must not stop the scheduler; it is logged and recorded
        log.exception("poll of feed %r failed unexpectedly", feed_id)
        return _record_failure(runtime, feed_id, exc)
    return _record_success(runtime, feed_id, fetched, parsed)


def _record_success(runtime: Runtime, feed_id: str, fetched: FetchResult,
                    parsed: ParsedFeed | None) -> PollOutcome:
    now = runtime.clock()
    with runtime.database.writing() as session:
        feed = release_feed(session, feed_id, runtime.worker_id)
        if feed is None:  # our lease expired and another poller took over: it will record
            return PollOutcome(feed_id, "skipped")
        result = None
        ttl = None
        if parsed is not None:
            result, _ = store_batch(session, parsed.items, source_key=feed_id,
                                    feed_id=feed_id, source_name=feed.title, now=now,
                                    api_base=runtime.settings.public_url)
            ttl = parsed.ttl_seconds
            feed.last_warning = parsed.warning
            feed.items_seen += len(result.new_item_ids)
            feed.etag, feed.last_modified = (fetched.validators.etag,
                                             fetched.validators.last_modified)
        feed.ttl_seconds = ttl if ttl is not None else feed.ttl_seconds
        feed.last_fetch_at = feed.last_ok_at = now
        feed.fetches_total += 1
        feed.last_status = fetched.status
        feed.consecutive_errors, feed.last_error = 0, None
        if fetched.permanent_url and fetched.permanent_url != feed.url:
            feed.permanent_url = fetched.permanent_url
        feed.next_fetch_at = next_after_success(
            now, feed.interval_seconds, ttl=feed.ttl_seconds,
            max_age=fetched.max_age_seconds, rng=runtime.rng)
    if result is None:
        return PollOutcome(feed_id, "not_modified")
    return PollOutcome(feed_id, "ok", len(result.new_item_ids), result.new_sightings,
                       warning=feed.last_warning)


def _record_failure(runtime: Runtime, feed_id: str, exc: Exception) -> PollOutcome:
    now = runtime.clock()
    message = str(exc) if isinstance(exc, FetchError | ParseError) else (
        f"internal: {type(exc).__name__}: {exc}")
    with runtime.database.writing() as session:
        feed = release_feed(session, feed_id, runtime.worker_id)
        if feed is None:
            return PollOutcome(feed_id, "skipped")
        feed.last_fetch_at = now
        feed.fetches_total += 1
        feed.errors_total += 1
        feed.last_error = message[:2000]
        feed.consecutive_errors += 1
        feed.last_status = getattr(exc, "status", None)
        if getattr(exc, "gone", False):
            feed.disabled_reason = f"{message} (410 Gone: the publisher removed this feed)"
            return PollOutcome(feed_id, "gone", error=message)
        feed.next_fetch_at = next_after_failure(
            now, feed.interval_seconds, feed.consecutive_errors,
            retry_after=getattr(exc, "retry_after_seconds", None),
            cap=runtime.settings.max_backoff_seconds, rng=runtime.rng)
    return PollOutcome(feed_id, "error", error=message)
