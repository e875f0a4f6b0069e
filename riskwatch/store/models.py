"""The tables. One class per table; the Alembic migrations must always agree with these."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from riskwatch.store.types import BigId, JSONType, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    credibility: Mapped[int] = mapped_column(Integer, default=2)
    interval_seconds: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when the feed itself says to stop (410 Gone); feeds.yaml cannot silently undo it.
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    permanent_url: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    ttl_seconds: Mapped[int | None] = mapped_column(Integer)
    last_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    consecutive_errors: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_warning: Mapped[str | None] = mapped_column(Text)
    next_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    fetches_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    errors_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    feed_id: Mapped[str | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    guid: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    language: Mapped[str | None] = mapped_column(String(35))
    source_name: Mapped[str | None] = mapped_column(String(200))
    docket_court: Mapped[str | None] = mapped_column(String(32))
    docket_number: Mapped[str | None] = mapped_column(String(64))
    docket: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    relevant: Mapped[bool | None] = mapped_column(Boolean)
    tags: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    tagger_version: Mapped[str | None] = mapped_column(String(32))

    sources: Mapped[list[ItemSource]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemSource.id")

    __table_args__ = (
        Index("ix_items_fetched_at_id", "fetched_at", "id"),
        Index("ix_items_relevant_published", "relevant", "published_at"),
        Index("ix_items_docket", "docket_court", "docket_number"),
    )


class ItemSource(Base):
    """One sighting of an item in one feed: the same story in two feeds is one item, two rows."""

    __tablename__ = "item_sources"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    item_id: Mapped[int] = mapped_column(BigId, ForeignKey("items.id", ondelete="CASCADE"),
                                         index=True)
    feed_id: Mapped[str | None] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    # Backfilled items have no feed; their outlet name stands in for it.
    source_key: Mapped[str] = mapped_column(String(200))
    guid: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)

    item: Mapped[Item] = relationship(back_populates="sources")

    __table_args__ = (UniqueConstraint("source_key", "guid"),)


class Worker(Base):
    """A running scheduler process; its heartbeat tells /healthz and other schedulers it lives."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Event(Base):
    """One real-world happening; `version` grows whenever what a subscriber saw changes."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(16))
    jurisdiction: Mapped[str | None] = mapped_column(String(16))
    occurred_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    source_count: Mapped[int] = mapped_column(Integer, default=0)
    credibility: Mapped[int] = mapped_column(Integer)
    provenance: Mapped[str] = mapped_column(String(16))
    curated_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    sources: Mapped[list[str] | None] = mapped_column(JSONType)
    case_key: Mapped[str | None] = mapped_column(String(120), index=True)
    first_reported_on: Mapped[date | None] = mapped_column(Date)
    last_reported_on: Mapped[date | None] = mapped_column(Date)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    apps: Mapped[list[EventAppRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventAppRow.slug")

    __table_args__ = (
        Index("ix_events_candidates", "event_type", "direction", "jurisdiction",
              "last_reported_on"),
        Index("ix_events_occurred_on_id", "occurred_on", "id"),
    )


class EventAppRow(Base):
    """Which apps an event concerns and how: named directly, through the owner, or a class."""

    __tablename__ = "event_apps"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    via: Mapped[str] = mapped_column(String(16))
    occurred_on: Mapped[date] = mapped_column(Date)

    event: Mapped[Event] = relationship(back_populates="apps")

    __table_args__ = (Index("ix_event_apps_slug_occurred", "slug", "occurred_on", "event_id"),)


class EventItem(Base):
    """An item's membership in its event, with the signal clustering compared it by."""

    __tablename__ = "event_items"

    item_id: Mapped[int] = mapped_column(BigId, ForeignKey("items.id", ondelete="CASCADE"),
                                         primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    signal: Mapped[dict[str, Any]] = mapped_column(JSONType)


class RiskSnapshot(Base):
    """An app's score as of one day, materialised so history queries are one range scan."""

    __tablename__ = "risk_snapshots"

    app: Mapped[str] = mapped_column(String(64), primary_key=True)
    as_of: Mapped[date] = mapped_column(Date, primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    level: Mapped[str] = mapped_column(String(16))
    # The full explanation (Score.to_json()), kept for the latest day only: that is the
    # one asked for on every page view, and it is costly to recompute for a busy app.
    explained: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class ApiKey(Base):
    """A key is shown once at creation; only its SHA-256 digest is kept."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Subscription(Base):
    """A webhook endpoint and what it wants to hear about; it belongs to one API key."""

    __tablename__ = "subscriptions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"),
                                              index=True)
    url: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    filter: Mapped[dict[str, Any]] = mapped_column(JSONType)
    types: Mapped[list[str]] = mapped_column(JSONType)
    # Kept so deliveries can be signed; never returned by the API after creation.
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delivery(Base):
    """One message to one subscription: the outbox row, written with the change that caused it.

    `message_id` is the webhook-id: the same on every retry, so receivers can deduplicate.
    """

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(40), unique=True)
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(16))  # pending | succeeded | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_deliveries_due", "status", "next_attempt_at"),
        Index("ix_deliveries_subscription", "subscription_id", "id"),
    )


class DeliveryAttempt(Base):
    """The log of every send: what the receiver said, how long it took, what went wrong."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(BigId,
                                             ForeignKey("deliveries.id", ondelete="CASCADE"),
                                             index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status_code: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[float] = mapped_column(Float)
    response_excerpt: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
