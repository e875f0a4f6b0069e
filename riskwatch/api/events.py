"""Events across apps, and the reading of events that the timelines share."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from riskwatch.api.context import runtime
from riskwatch.api.pagination import SortKey, link_header, paginate
from riskwatch.api.schemas import EventDetailSchema, EventFilterSchema, EventPageSchema
from riskwatch.store.events import event_filters, sources_of
from riskwatch.store.models import Event, Item

blp = Blueprint("events", __name__, url_prefix="/api/v1/events",
                description="Events: one per real-world happening, however many reported it.")

TOP_SOURCES = 3
DIRECT_VIAS = ("direct", "owner")
ALL_VIAS = ("direct", "owner", "class")
EVENT_ORDER = SortKey((Event.occurred_on, Event.id), (date, str))


class EventListArgsSchema(EventFilterSchema):
    app = fields.String(validate=validate.Length(1, 64), metadata={
        "description": "Only events concerning this app."})


def _source(item: Item | None, credibility: int, url: str | None = None) -> dict[str, Any]:
    if item is None:
        return {"item_id": None, "title": None, "url": url, "outlet": None,
                "published_at": None, "credibility": credibility}
    return {"item_id": item.id, "title": item.title, "url": item.url,
            "outlet": item.source_name or item.feed_id,
            "published_at": item.published_at or item.fetched_at, "credibility": credibility}


def _sources(event: Event, pairs: list[tuple[Item, int]], limit: int | None) -> list[Any]:
    found = [_source(item, tier) for item, tier in pairs]
    curated = [_source(None, event.credibility, url) for url in (event.sources or [])]
    together = curated + found
    return together if limit is None else together[:limit]


def _event_body(event: Event, pairs: list[tuple[Item, int]], limit: int | None) -> dict[str, Any]:
    body = {name: getattr(event, name) for name in (
        "id", "event_type", "direction", "jurisdiction", "occurred_on", "title", "provenance",
        "source_count", "credibility", "case_key", "first_seen_at", "updated_at")}
    body["apps"] = [{"slug": a.slug, "via": a.via} for a in event.apps]
    body["top_sources"] = _sources(event, pairs, TOP_SOURCES)
    if limit is None:
        body["sources"] = _sources(event, pairs, None)
    return body


def event_page(session: Session, args: dict[str, Any], *, app: str | None) -> Any:
    """One page of events matching the filters, newest first, each with its top sources."""
    vias = ALL_VIAS if args.get("include_class_level") else DIRECT_VIAS
    conditions = event_filters(
        app=app, vias=vias if app else None, since=args.get("since"),
        until=args.get("until"), event_types=args.get("event_type"),
        jurisdiction=args.get("jurisdiction"), direction=args.get("direction"))
    query = select(Event).options(selectinload(Event.apps)).where(*conditions)
    rows, cursor = paginate(session, query, EVENT_ORDER, args,
                            lambda e: (e.occurred_on, e.id))
    sources = sources_of(session, [e.id for e in rows], per_event=TOP_SOURCES)
    body = {"events": [_event_body(e, sources.get(e.id, []), TOP_SOURCES) for e in rows],
            "next_cursor": cursor}
    return body, 200, link_header(cursor)


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
            event = session.get(Event, event_id, options=[selectinload(Event.apps)])
            if event is None:
                abort(404, message=f"no event with id {event_id!r}")
            pairs = sources_of(session, [event.id]).get(event.id, [])
            return _event_body(event, pairs, None)
