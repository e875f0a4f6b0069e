"""APScheduler jobs that call services; started only by `riskwatch serve` and `riskwatch scheduler`.

Never started by create_app: every gunicorn worker would start its own copy.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from riskwatch.domain.items import FeedConfig
from riskwatch.services.alerting import Dispatcher
from riskwatch.services.polling import poll_feed
from riskwatch.services.risk import extend_snapshots
from riskwatch.services.runtime import Runtime
from riskwatch.services.workers import HEARTBEAT_SECONDS, heartbeat
from riskwatch.store.feeds import abandoned_feed_ids

log = logging.getLogger(__name__)

START_SPREAD_SECONDS = 30
DISPATCH_SECONDS = 1
RECOVER_SECONDS = 10
HOUSEKEEPING = "housekeeping"
HOUSEKEEPING_THREADS = 4


def build_scheduler(runtime: Runtime, feeds: Sequence[FeedConfig], dispatcher: Dispatcher, *,
                    start_spread_seconds: float = START_SPREAD_SECONDS) -> BackgroundScheduler:
    """One job per enabled feed at its interval, with jitter, never overlapping itself.

    Each poll runs in a thread pool with its own timeouts, so a hung feed holds one thread
    for at most its deadline and never delays the others. Back-off and Retry-After live in
    the database: a job that fires early for a failing feed finds it not yet due and skips.
    First polls are spread over `start_spread_seconds` so a restart does not hit every feed
    in the same second.
    """
    scheduler = BackgroundScheduler(
        # Housekeeping has threads of its own: feeds hanging on every poll thread must not
        # stop the heartbeat (others would think this process dead) or the webhook sends.
        executors={"default": ThreadPoolExecutor(runtime.settings.poll_threads),
                   HOUSEKEEPING: ThreadPoolExecutor(HOUSEKEEPING_THREADS)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        timezone="UTC")
    now = runtime.clock()
    for feed in feeds:
        if not feed.enabled:
            continue
        first = now + timedelta(seconds=runtime.rng.uniform(0, start_spread_seconds))
        scheduler.add_job(
            _poll_job, IntervalTrigger(seconds=feed.interval_seconds,
                                       jitter=max(1, feed.interval_seconds // 10)),
            args=(runtime, feed.id), id=f"poll:{feed.id}", name=f"poll {feed.id}",
            next_run_time=first)
    scheduler.add_job(heartbeat, IntervalTrigger(seconds=HEARTBEAT_SECONDS), args=(runtime,),
                      id="heartbeat", name="scheduler heartbeat", next_run_time=now,
                      executor=HOUSEKEEPING)
    # Sends happen on the dispatcher's own pool; this job only hands it what is due.
    scheduler.add_job(dispatcher.submit_due, IntervalTrigger(seconds=DISPATCH_SECONDS),
                      id="webhooks", name="webhook dispatch", next_run_time=now,
                      executor=HOUSEKEEPING)
    scheduler.add_job(_extend_scores, IntervalTrigger(hours=1), args=(runtime,),
                      id="scores", name="carry daily scores to today",
                      executor=HOUSEKEEPING)
    scheduler.add_job(_recover_abandoned, IntervalTrigger(seconds=RECOVER_SECONDS),
                      args=(runtime, scheduler), id="recover",
                      name="poll feeds whose poller died holding the lease",
                      executor=HOUSEKEEPING)
    return scheduler


def _extend_scores(runtime: Runtime) -> None:
    with runtime.database.writing() as session:
        extend_snapshots(session, runtime.clock().date())


def _recover_abandoned(runtime: Runtime, scheduler: BaseScheduler) -> None:
    """Poll now, each on the pool, the feeds whose lease ran out before their poll was
    recorded: another scheduler died mid-poll, and our own timer for the feed may have fired
    (and skipped it) while that lease was live."""
    with runtime.database.reading() as session:
        feed_ids = abandoned_feed_ids(session, runtime.clock())
    for feed_id in feed_ids:
        scheduler.add_job(_poll_job, args=(runtime, feed_id), id=f"recover:{feed_id}",
                          name=f"recover {feed_id}", replace_existing=True)


def _poll_job(runtime: Runtime, feed_id: str) -> None:
    outcome = poll_feed(runtime, feed_id)
    if outcome.status == "error":
        log.warning("%s", outcome.error)
    elif outcome.status == "ok":
        log.info("feed %r: %d new items", feed_id, outcome.new_items)
