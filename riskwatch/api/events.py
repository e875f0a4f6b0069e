"""Events across apps, and the reading of events that the timelines share."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import fields, validate
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from riskwatch.api.context import runtime
from riskwatch.api.pagination import SortKey, link_header, paginate
from riskwatch.api.schemas import (
    TOP_SOURCES,
    EventDetailSchema,
    EventFilterSchema,
    EventPageSchema,
)
from riskwatch.domain.events import APP_VIAS, CREDIBILITY_TIERS
from riskwatch.store.events import event_filters
from riskwatch.store.models import Event, EventAppRow, EventItem, Item

blp = Blueprint("events", __name__, url_prefix="/api/v1/events",
                description="Events: one per real-world happening, however many reported it.")

# A timeline shows events naming the app or its owner; class-level ones only on request.
DIRECT_VIAS = ("direct", "owner")
EVENT_ORDER = SortKey((Event.occurred_on, Event.id), (date, str))
# A membership carries its event's day, so one app's events are ordered by its own index
# (slug, occurred_on, event_id): a page costs the same at any depth.
APP_EVENT_ORDER = SortKey((EventAppRow.occurred_on, EventAppRow.event_id), (date, str))


EVENT_FIELDS = ("id", "event_type", "direction", "jurisdiction", "occurred_on", "title",
                "provenance", "source_count", "credibility", "case_key", "first_seen_at",
                "updated_at")
LOWEST_TIER = max(CREDIBILITY_TIERS)


class EventListArgsSchema(EventFilterSchema):
    app = fields.String(validate=validate.Length(1, 64), metadata={
        "description": "Only events concerning this app."})


def _apps_of(session: Session, event_ids: list[str]) -> dict[str, list[dict[str, str]]]:
    """Which apps each event concerns. Plain rows: a page of class-level events names
    hundreds of memberships, and ORM objects for them cost more than the rest of the page."""
    found: dict[str, list[dict[str, str]]] = {event_id: [] for event_id in event_ids}
    for event_id, slug, via in session.execute(
            select(EventAppRow.event_id, EventAppRow.slug, EventAppRow.via)
            .where(EventAppRow.event_id.in_(event_ids))
            .order_by(EventAppRow.event_id, EventAppRow.slug)):
        found[event_id].append({"slug": slug, "via": via})
    return found


def _items_of(session: Session, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each event's source items, best tier first, then earliest: only the columns shown."""
    found: dict[str, list[dict[str, Any]]] = {event_id: [] for event_id in event_ids}
    for row in session.execute(
            select(EventItem.event_id, EventItem.signal["credibility"].as_integer(), Item.id,
                   Item.title, Item.url, Item.source_name, Item.feed_id, Item.published_at,
                   Item.fetched_at)
            .join(Item, Item.id == EventItem.item_id).where(EventItem.event_id.in_(event_ids))):
        event_id, tier, item_id, title, url, outlet, feed_id, published, fetched = row
        found[event_id].append({"item_id": item_id, "title": title, "url": url,
                                "outlet": outlet or feed_id, "published_at": published or fetched,
                                "credibility": tier or LOWEST_TIER})
    for sources in found.values():
        sources.sort(key=lambda s: (s["credibility"], s["published_at"], s["item_id"]))
    return found


def _citation(url: str, credibility: int) -> dict[str, Any]:
    """A curated source is a bare URL: its host is the best outlet name there is."""
    return {"item_id": None, "title": None, "url": url, "outlet": urlsplit(url).hostname,
            "published_at": None, "credibility": credibility}


def _event_bodies(session: Session, events: list[Event], *,
                  every_source: bool = False) -> list[dict[str, Any]]:
    """Events as the API shows them: with their apps and top sources (and all, on request)."""
    ids = [event.id for event in events]
    apps, items = _apps_of(session, ids), _items_of(session, ids)
    bodies = []
    for event in events:
        body = {name: getattr(event, name) for name in EVENT_FIELDS}
        sources = [_citation(url, event.credibility) for url in event.sources or ()]
        sources += items[event.id]
        body["apps"] = apps[event.id]
        body["top_sources"] = sources[:TOP_SOURCES]
        if every_source:
            body["sources"] = sources
        bodies.append(body)
    return bodies


def event_page(session: Session, args: dict[str, Any], *, app: str | None) -> Any:
    """One page of events matching the filters, newest first, each with its top sources."""
    query, order = _events_query(args, app)
    rows, cursor = paginate(session, query, order, args, lambda e: (e.occurred_on, e.id))
    body = {"events": _event_bodies(session, rows), "next_cursor": cursor}
    return body, 200, link_header(cursor)


def _events_query(args: dict[str, Any], app: str | None) -> tuple[Select[Any], SortKey]:
    """Across apps the events' own index orders the list; for one app its memberships'."""
    query = select(Event).where(*event_filters(
        event_types=args.get("event_type"), jurisdiction=args.get("jurisdiction"),
        direction=args.get("direction"), case_key=args.get("case")))
    order, day = EVENT_ORDER, Event.occurred_on
    if app is not None:
        vias = APP_VIAS if args.get("include_class_level") else DIRECT_VIAS
        query = query.join(EventAppRow, EventAppRow.event_id == Event.id).where(
            EventAppRow.slug == app, EventAppRow.via.in_(vias))
        order, day = APP_EVENT_ORDER, EventAppRow.occurred_on
    if "since" in args:
        query = query.where(day >= args["since"])
    if "until" in args:
        query = query.where(day <= args["until"])
    return query, order


@blp.route("")
class EventList(MethodView):
    @blp.arguments(EventListArgsSchema, location="query")
    @blp.response(200, EventPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Events across apps, newest first, with the timeline's filters plus `app`."""
        with runtime().database.reading() as session:
            return event_page(session, args, app=args.get("app"))


@blp.route("/<string:event_id>")
class EventDetail(MethodView):
    @blp.response(200, EventDetailSchema)
    def get(self, event_id: str) -> Any:
        """One event with every source item."""
        with runtime().database.reading() as session:
            event = session.get(Event, event_id)
            if event is None:
                abort(404, message=f"no event with id {event_id!r}")
            [body] = _event_bodies(session, [event], every_source=True)
            return body
