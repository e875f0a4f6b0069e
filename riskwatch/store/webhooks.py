"""Subscriptions and the delivery outbox: rows in, due rows claimed, attempts recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from riskwatch.store.models import Delivery, DeliveryAttempt, Subscription

PENDING, SUCCEEDED, FAILED = "pending", "succeeded", "failed"


def active_subscriptions(session: Session) -> list[Subscription]:
    return list(session.scalars(select(Subscription).where(Subscription.enabled.is_(True))
                                .order_by(Subscription.id)))


def enqueue(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Outbox rows: in the caller's transaction, so they commit with what caused them."""
    if rows:
        session.execute(insert(Delivery), list(rows))


def claim_due(session: Session, owner: str, now: datetime, lease_seconds: int,
              limit: int) -> list[Delivery]:
    """Take up to `limit` due deliveries whose lease is free or expired.

    The chosen rows are locked FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite's write transaction
    is exclusive anyway), so two workers claiming at once take different rows instead of
    waiting on each other; the lease written on them keeps every other worker off until it
    is recorded or, if this worker dies, until it expires.
    """
    free = or_(Delivery.lease_expires_at.is_(None), Delivery.lease_expires_at < now)
    due = (select(Delivery.id).join(Subscription, Subscription.id == Delivery.subscription_id)
           .where(Delivery.status == PENDING, Delivery.next_attempt_at <= now, free,
                  Subscription.enabled.is_(True))
           .order_by(Delivery.next_attempt_at, Delivery.id).limit(limit)
           .with_for_update(of=Delivery, skip_locked=True))
    taken = list(session.scalars(
        update(Delivery).where(Delivery.id.in_(list(session.scalars(due))))
        .values(lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_seconds))
        .returning(Delivery.id).execution_options(synchronize_session=False)))
    if not taken:
        return []
    return list(session.scalars(select(Delivery).where(Delivery.id.in_(taken))
                                .order_by(Delivery.id)))


def record_attempt(session: Session, delivery_id: int, *, attempted_at: datetime,
                   status_code: int | None, latency_ms: float, excerpt: str | None,
                   error: str | None) -> None:
    session.add(DeliveryAttempt(delivery_id=delivery_id, attempted_at=attempted_at,
                                status_code=status_code, latency_ms=latency_ms,
                                response_excerpt=excerpt, error=error))


def attempts_of(session: Session, delivery_ids: Sequence[int]) -> dict[int, list[DeliveryAttempt]]:
    found: dict[int, list[DeliveryAttempt]] = {}
    if delivery_ids:
        for attempt in session.scalars(select(DeliveryAttempt)
                                       .where(DeliveryAttempt.delivery_id.in_(delivery_ids))
                                       .order_by(DeliveryAttempt.id)):
            found.setdefault(attempt.delivery_id, []).append(attempt)
    return found


def delivery_counts(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Delivery.status, func.count())
                                .group_by(Delivery.status)).all())
