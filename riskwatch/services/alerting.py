"""Webhook alerts: messages written to the outbox with the change that caused them, and the
dispatcher that sends them.

Enqueueing happens inside the transaction that stores the items, events and scores, so a
crash between the change and its alert is impossible. Sending happens elsewhere, on a pool of
threads that never touches that transaction: a slow receiver holds one thread for at most
the timeout, and never delays ingestion or other receivers.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from riskwatch.alerts import retry
from riskwatch.alerts.matching import SubscriptionFilter, matches
from riskwatch.alerts.messages import (
    EVENT_CREATED,
    EVENT_UPDATED,
    Message,
    event_message,
    level_message,
    payload,
    ping_message,
)
from riskwatch.alerts.sender import AttemptResult, make_client, send
from riskwatch.alerts.signing import new_message_id, signed_headers
from riskwatch.alerts.targets import UnsafeTarget, resolve_target
from riskwatch.domain.vocabulary import LEVELS
from riskwatch.services.events import FoldResult
from riskwatch.services.risk import refresh_snapshots, score_of
from riskwatch.services.runtime import Runtime
from riskwatch.store import webhooks as outbox
from riskwatch.store.events import load_event
from riskwatch.store.models import Delivery, Event, Subscription
from riskwatch.store.risk import snapshot_on

log = logging.getLogger(__name__)
_LEVEL_RANK = {name: rank for rank, (name, _) in enumerate(LEVELS)}
MOVERS = 5


def _current_level(session: Session, slugs: Iterable[str], today: date) -> str | None:
    levels = [s.level for s in (snapshot_on(session, slug, today) for slug in slugs) if s]
    return max(levels, key=lambda level: _LEVEL_RANK[level], default=None)


def _address(session: Session, subscriptions: list[Subscription],
             messages: Iterable[Message], now: datetime) -> None:
    rows = []
    for message in messages:
        body = payload(message, now)
        for subscription in subscriptions:
            if matches(SubscriptionFilter.from_json(subscription.filter), subscription.types,
                       message):
                rows.append({"message_id": new_message_id(), "subscription_id": subscription.id,
                             "type": message.type, "payload": body, "status": outbox.PENDING,
                             "attempts": 0, "next_attempt_at": now, "created_at": now})
    outbox.enqueue(session, rows)


def refresh_and_alert(session: Session, folded: FoldResult, now: datetime,
                      api_base: str) -> None:
    """Refresh the touched apps' daily scores, then queue what subscribers must hear:
    new and changed events, and apps whose level today is not what it was.

    A level message fires only when the stored level for today changes, so recomputing the
    same scores again sends nothing.
    """
    today = now.date()
    subscriptions = outbox.active_subscriptions(session)
    if not subscriptions:  # nobody to tell: only the scores need refreshing
        refresh_snapshots(session, folded.touched, today)
        return
    before = {app: snapshot_on(session, app, today) for app in folded.touched}
    refresh_snapshots(session, folded.touched, today)
    messages: list[Message] = []
    for kind, event_ids in ((EVENT_CREATED, folded.created), (EVENT_UPDATED, folded.changed)):
        for event_id in sorted(event_ids):
            event = load_event(session, event_id)
            if event is None:  # merged away later in the same batch
                continue
            version = session.scalar(select(Event.version).where(Event.id == event_id))
            level = _current_level(session, [a.slug for a in event.apps], today)
            messages.append(event_message(kind, event, version=version or 1, level=level,
                                          api_base=api_base))
    for app, old in sorted(before.items()):
        new = snapshot_on(session, app, today)
        old_level = old.level if old else LEVELS[0][0]
        if new is None or new.level == old_level:
            continue
        score = score_of(session, app, today)
        moved = folded.created | folded.changed
        movers = [c for c in score.contributions if c.event_id in moved] or list(
            score.contributions[:MOVERS])
        messages.append(level_message(app, today.isoformat(),
                                      (old.score if old else 0.0, old_level),
                                      (new.score, new.level), movers[:MOVERS], api_base))
    _address(session, subscriptions, messages, now)


def enqueue_ping(session: Session, subscription: Subscription, now: datetime) -> str:
    message_id = new_message_id()
    outbox.enqueue(session, [{
        "message_id": message_id, "subscription_id": subscription.id, "type": "ping",
        "payload": payload(ping_message(subscription.id), now), "status": outbox.PENDING,
        "attempts": 0, "next_attempt_at": now, "created_at": now}])
    return message_id


@dataclass(frozen=True, slots=True)
class _Job:
    delivery_id: int
    message_id: str
    body: str
    attempts: int
    subscription_id: str
    url: str
    secrets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Outcome:
    job: _Job
    at: datetime
    result: AttemptResult
    refused: bool


class Dispatcher:
    """Claims due deliveries and sends them on a bounded pool, as many at once as it has free
    threads. Outcomes are written by one recorder thread in batches: a write transaction per
    send would make a thousand healthy receivers queue behind the database."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._sending = 0  # holding a thread: counts against the concurrency limit
        self._unrecorded = 0  # claimed and not yet recorded
        self._outcomes: list[_Outcome] = []
        self._changed = threading.Condition()
        self._closing = False
        self._pool = ThreadPoolExecutor(runtime.settings.webhook_concurrency,
                                        thread_name_prefix="webhook")
        self._recorder = threading.Thread(target=self._record_loop, name="webhook-recorder",
                                          daemon=True)
        self._recorder.start()

    @cached_property
    def client(self) -> httpx.Client:
        return make_client(self.runtime.settings.webhook_timeout, self.runtime.settings.user_agent)

    def submit_due(self) -> int:
        """Start sending what is due, without waiting; returns how many were started."""
        with self._changed:
            free = self.runtime.settings.webhook_concurrency - self._sending
        if free <= 0:
            return 0
        lease = int(self.runtime.settings.webhook_timeout * 2
                    + self.runtime.settings.lease_margin_seconds)
        now = self.runtime.clock()
        with self.runtime.database.writing() as session:
            claimed = outbox.claim_due(session, self.runtime.worker_id, now, lease, free)
            jobs = [self._job(session, delivery, now) for delivery in claimed]
        with self._changed:
            self._sending += len(jobs)
            self._unrecorded += len(jobs)
        for job in jobs:
            self._pool.submit(self._deliver, job)
        return len(jobs)

    def run_until_idle(self, max_rounds: int = 1000) -> None:
        """Send everything due now and wait until it is recorded (tests, benchmarks)."""
        for _ in range(max_rounds):
            started = self.submit_due()
            with self._changed:
                busy = self._unrecorded > 0
                self._changed.wait_for(lambda: self._unrecorded == 0)
            if not started and not busy:
                return

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._recorder.join()
        if "client" in self.__dict__:
            self.client.close()

    def _job(self, session: Session, delivery: Delivery, now: datetime) -> _Job:
        subscription = session.get(Subscription, delivery.subscription_id)
        secrets = [subscription.secret]
        if subscription.previous_secret and subscription.previous_secret_until and (
                subscription.previous_secret_until > now):
            secrets.append(subscription.previous_secret)
        return _Job(delivery.id, delivery.message_id,
                    json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False),
                    delivery.attempts, subscription.id, subscription.url, tuple(secrets))

    def _deliver(self, job: _Job) -> None:
        at = self.runtime.clock()
        try:
            try:
                target = resolve_target(job.url,
                                        allow_private=self.runtime.settings.webhook_allow_private)
            except UnsafeTarget as exc:
                outcome = _Outcome(job, at, AttemptResult(None, 0.0, None, f"refused: {exc}",
                                                          None), refused=True)
            else:
                headers = signed_headers(job.message_id, at, job.body, job.secrets)
                result = send(self.client, target, headers, job.body,
                              self.runtime.settings.webhook_timeout)
                outcome = _Outcome(job, at, result, refused=False)
        except Exception as exc:  # a bug must not strand the delivery: it is retried
            log.exception("webhook delivery %s failed unexpectedly", job.message_id)
            outcome = _Outcome(job, at, AttemptResult(None, 0.0, None, f"internal: {exc}",
                                                      None), refused=False)
        with self._changed:
            self._outcomes.append(outcome)
            self._sending -= 1
            self._changed.notify_all()

    def _record_loop(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._outcomes or self._closing)
                batch, self._outcomes = self._outcomes, []
                if not batch and self._closing:
                    return
            try:
                with self.runtime.database.writing() as session:
                    for outcome in batch:
                        self._record(session, outcome)
            except Exception:  # leases expire and the deliveries are sent again
                log.exception("recording %d webhook outcomes failed", len(batch))
            with self._changed:
                self._unrecorded -= len(batch)
                self._changed.notify_all()

    def _record(self, session: Session, outcome: _Outcome) -> None:
        settings = self.runtime.settings
        job, at, result = outcome.job, outcome.at, outcome.result
        kind = retry.FAIL if outcome.refused else retry.classify(result.status_code)
        now = self.runtime.clock()
        delivery = session.get(Delivery, job.delivery_id)
        if delivery is None or delivery.lease_owner != self.runtime.worker_id:
            return  # our lease expired and another worker owns it now
        subscription = session.get(Subscription, job.subscription_id)
        outbox.record_attempt(session, delivery.id, attempted_at=at,
                              status_code=result.status_code, latency_ms=result.latency_ms,
                              excerpt=result.excerpt, error=result.error)
        delivery.attempts += 1
        delivery.last_attempt_at = at
        delivery.last_status_code = result.status_code
        delivery.last_error = result.error or (
            None if kind == retry.SUCCESS else f"receiver answered {result.status_code}")
        delivery.lease_owner = delivery.lease_expires_at = None
        if kind == retry.SUCCESS:
            delivery.status, delivery.next_attempt_at = outbox.SUCCEEDED, None
            subscription.failing_since, subscription.last_success_at = None, now
            return
        delay = (retry.next_delay(delivery.attempts, settings.webhook_retry_schedule,
                                  self.runtime.rng, result.retry_after)
                 if kind == retry.RETRY else None)
        if delay is None:
            delivery.status, delivery.next_attempt_at = outbox.FAILED, None
        else:
            delivery.next_attempt_at = now + timedelta(seconds=delay)
        _note_failure(subscription, kind, result, now, settings.webhook_disable_after_seconds)


def _note_failure(subscription: Subscription, outcome: str, result: AttemptResult,
                  now: datetime, disable_after: int) -> None:
    if outcome == retry.GONE:
        _disable(subscription, now, "the receiver answered 410 Gone")
        return
    subscription.failing_since = subscription.failing_since or now
    if (now - subscription.failing_since).total_seconds() >= disable_after:
        _disable(subscription, now, f"every attempt failed since "
                                    f"{subscription.failing_since.isoformat()} "
                                    f"(last: {result.error or result.status_code})")


def _disable(subscription: Subscription, now: datetime, reason: str) -> None:
    subscription.enabled = False
    subscription.disabled_at, subscription.disabled_reason = now, reason
    subscription.updated_at = now
