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

    Each row is taken by a conditional UPDATE, so of two workers exactly one gets it; a
    worker that dies leaves a lease that simply expires.
    """
    free = or_(Delivery.lease_expires_at.is_(None), Delivery.lease_expires_at < now)
    candidates = list(session.scalars(
        select(Delivery.id).join(Subscription, Subscription.id == Delivery.subscription_id)
        .where(Delivery.status == PENDING, Delivery.next_attempt_at <= now, free,
               Subscription.enabled.is_(True))
        .order_by(Delivery.next_attempt_at, Delivery.id).limit(limit)))
    taken = []
    for delivery_id in candidates:
        result = session.execute(
            update(Delivery).where(Delivery.id == delivery_id, Delivery.status == PENDING, free)
            .values(lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_seconds))
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            taken.append(delivery_id)
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


def deliveries_of(session: Session, subscription_id: str, *, after: int | None,
                  limit: int) -> list[Delivery]:
    query = select(Delivery).where(Delivery.subscription_id == subscription_id)
    if after is not None:
        query = query.where(Delivery.id < after)
    return list(session.scalars(query.order_by(Delivery.id.desc()).limit(limit)))


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
