"""Apps: the catalog with current scores, each app's timeline (JSON and Atom) and its risk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Response, jsonify, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate
from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import Session

from riskwatch.api.context import runtime
from riskwatch.api.events import DIRECT_VIAS, event_page
from riskwatch.api.pagination import (
    PageArgsSchema,
    PageSchema,
    decode_cursor,
    encode_cursor,
    link_header,
)
from riskwatch.api.schemas import EventFilterSchema, EventPageSchema
from riskwatch.domain.events import APP_VIAS
from riskwatch.domain.scores import DailyScore
from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES, LEVELS, level_for
from riskwatch.scoring.model import score_history
from riskwatch.services.catalog import app_catalog, find_app
from riskwatch.services.risk import risk_of
from riskwatch.store.events import events_for_app
from riskwatch.store.models import EventAppRow, RiskSnapshot
from riskwatch.store.risk import snapshot_on, snapshot_range
from riskwatch.tagging.catalog import App

blp = Blueprint("apps", __name__, url_prefix="/api/v1/apps",
                description="Tracked apps, their timelines and their risk scores.")

MAX_HISTORY_DAYS = 3660
LEVEL_NAMES = [name for name, _ in LEVELS]


class AppListArgsSchema(PageArgsSchema):
    sort = fields.String(load_default="-score", validate=validate.OneOf(
        ["score", "-score", "slug", "-slug"]), metadata={
        "description": "Order: -score (highest first, default), score, slug or -slug."})


class AppSummarySchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    owner = fields.String(required=True, metadata={"description": "Owning company (slug)."})
    parent = fields.String(required=True, metadata={
        "description": "Top of the owner's ownership chain (slug)."})
    score = fields.Float(required=True, metadata={"description": "0-100, as of today."})
    level = fields.String(required=True, validate=validate.OneOf(LEVEL_NAMES))
    scored_on = fields.Date(required=True, allow_none=True, metadata={
        "description": "The day of the materialised score shown; null before any event."})
    trend_7d = fields.Float(required=True, metadata={"description": "Change over 7 days."})
    last_event_on = fields.Date(required=True, allow_none=True, metadata={
        "description": "Day of the latest event naming the app or its owner."})


class AppPageSchema(PageSchema):
    apps = fields.List(fields.Nested(AppSummarySchema), required=True)


class AppDetailSchema(AppSummarySchema):
    aliases = fields.List(fields.String(), required=True)
    classes = fields.List(fields.String(), required=True)
    country_of_control = fields.String(required=True)


# The risk bodies are the domain's own JSON (Score.to_json, DailyScore.to_json), which writes
# days as ISO strings and rounds points; these schemas document that JSON without redoing it.
ISO_DAY = {"format": "date"}


class ContributionSchema(Schema):
    event_id = fields.String(required=True)
    title = fields.String(required=True)
    occurred_on = fields.String(required=True, metadata=ISO_DAY)
    event_type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    jurisdiction = fields.String(required=True, allow_none=True)
    via = fields.String(required=True, validate=validate.OneOf(APP_VIAS))
    points = fields.Float(required=True, metadata={"description": "Signed: relief is negative."})
    raw = fields.Float(required=True, metadata={
        "description": "Product of the factors, before the saturating transform."})
    factors = fields.Dict(keys=fields.String(), values=fields.Float(), required=True,
                          metadata={"description": "The multipliers behind the points."})


class RiskSchema(Schema):
    app = fields.String(required=True)
    as_of = fields.String(required=True, metadata=ISO_DAY)
    score = fields.Float(required=True)
    level = fields.String(required=True, validate=validate.OneOf(LEVEL_NAMES))
    trend = fields.Dict(keys=fields.String(), values=fields.Float(), required=True, metadata={
        "description": "Change over 7 and 30 days (keys 7d, 30d)."})
    contributions = fields.List(fields.Nested(ContributionSchema), required=True)


class RiskArgsSchema(Schema):
    as_of = fields.Date(metadata={"description": "Score as of this day; default today."})


class HistoryArgsSchema(Schema):
    since = fields.Date(metadata={"description": "First day; default a year before `until`."})
    until = fields.Date(metadata={"description": "Last day; default today."})


class DailyScoreSchema(Schema):
    day = fields.String(required=True, metadata=ISO_DAY)
    score = fields.Float(required=True)
    level = fields.String(required=True, validate=validate.OneOf(LEVEL_NAMES))


class HistorySchema(Schema):
    app = fields.String(required=True)
    since = fields.Date(required=True)
    until = fields.Date(required=True)
    series = fields.List(fields.Nested(DailyScoreSchema), required=True, metadata={
        "description": "One score per day from `since` to `until`, oldest first."})


def _app_or_404(slug: str) -> App:
    app = find_app(slug)
    if app is None:
        abort(404, message=f"no app {slug!r} in the catalog")
    return app


def _summaries(session: Session, apps: Sequence[App], today: date) -> list[dict[str, Any]]:
    """Every app's score today and a week ago and its last event day, in one statement.

    Each value is one index seek (the latest snapshot on or before a day, the newest
    membership), where two queries per app and a scan of all memberships would grow with the
    history.
    """
    catalog = union_all(*(select(literal(app.slug).label("slug")) for app in apps)).subquery()

    def latest(column: Any, day: date) -> Any:
        return (select(column).where(RiskSnapshot.app == catalog.c.slug,
                                     RiskSnapshot.as_of <= day)
                .order_by(RiskSnapshot.as_of.desc()).limit(1).scalar_subquery())

    last_event = (select(EventAppRow.occurred_on)
                  .where(EventAppRow.slug == catalog.c.slug, EventAppRow.via.in_(DIRECT_VIAS))
                  .order_by(EventAppRow.occurred_on.desc()).limit(1).scalar_subquery())
    rows = {row.slug: row for row in session.execute(select(
        catalog.c.slug, latest(RiskSnapshot.as_of, today).label("scored_on"),
        latest(RiskSnapshot.score, today).label("score"),
        latest(RiskSnapshot.level, today).label("level"),
        latest(RiskSnapshot.score, today - timedelta(days=7)).label("week_ago"),
        last_event.label("last_event_on")))}
    return [_summary(app, rows[app.slug]) for app in apps]


def _summary(app: App, row: Any) -> dict[str, Any]:
    """Before its first event an app has no snapshot: it scores zero."""
    score = row.score or 0.0
    return {"slug": app.slug, "name": app.name, "owner": app.owner, "parent": app.parent,
            "score": round(score, 2), "level": row.level or level_for(0.0),
            "scored_on": row.scored_on, "trend_7d": round(score - (row.week_ago or 0.0), 2),
            "last_event_on": row.last_event_on}


_SORTS = {"score": ("score", False), "-score": ("score", True), "slug": ("slug", False),
          "-slug": ("slug", True)}


@blp.route("")
class AppList(MethodView):
    @blp.arguments(AppListArgsSchema, location="query")
    @blp.response(200, AppPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Every app in the catalog with its current score, level, 7-day trend, last event."""
        rt = runtime()
        with rt.database.reading() as session:
            rows = _summaries(session, app_catalog().apps, rt.clock().date())
        field, descending = _SORTS[args["sort"]]
        # Slug breaks ties, so the order and the cursor are total.
        rows.sort(key=lambda r: (-r[field] if descending and field == "score" else r[field],
                                 r["slug"]), reverse=descending and field == "slug")
        start = 0
        if args.get("cursor"):
            (after,) = decode_cursor(args["cursor"], (str,))
            start = next((i + 1 for i, r in enumerate(rows) if r["slug"] == after), len(rows))
        page = rows[start:start + args["limit"]]
        more = start + args["limit"] < len(rows)
        cursor = encode_cursor([page[-1]["slug"]]) if more and page else None
        return {"apps": page, "next_cursor": cursor}, 200, link_header(cursor)


@blp.route("/<string:slug>")
class AppDetail(MethodView):
    @blp.response(200, AppDetailSchema)
    def get(self, slug: str) -> Any:
        """Catalog data (aliases, owner, parent, classes) with the current score and level."""
        app = _app_or_404(slug)
        rt = runtime()
        with rt.database.reading() as session:
            [body] = _summaries(session, [app], rt.clock().date())
        return {**body, "aliases": list(app.aliases), "classes": list(app.classes),
                "country_of_control": app.country_of_control}


@blp.route("/<string:slug>/timeline")
class Timeline(MethodView):
    @blp.arguments(EventFilterSchema, location="query")
    @blp.response(200, EventPageSchema)
    def get(self, args: dict[str, Any], slug: str) -> Any:
        """The app's events, newest first, each with its top sources."""
        _app_or_404(slug)
        with runtime().database.reading() as session:
            return event_page(session, args, app=slug)


@blp.route("/<string:slug>/timeline.atom")
class TimelineAtom(MethodView):
    @blp.arguments(EventFilterSchema, location="query")
    @blp.response(200, content_type="application/atom+xml", description="An Atom 1.0 feed.")
    def get(self, args: dict[str, Any], slug: str) -> Any:
        """The app's timeline as an Atom feed, for feed readers."""
        app = _app_or_404(slug)
        with runtime().database.reading() as session:
            body, _, headers = event_page(session, args, app=slug)
        feed = FeedGenerator()
        feed.id(f"tag:riskwatch,2025:apps/{slug}/timeline")
        feed.title(f"riskwatch: regulatory timeline of {app.name}")
        feed.link(href=request.url, rel="self")
        feed.link(href=url_for("apps.Timeline", slug=slug, _external=True), rel="alternate")
        feed.language("en")
        for event in reversed(body["events"]):
            entry = feed.add_entry()
            entry.id(f"tag:riskwatch,2025:events/{event['id']}")
            entry.title(event["title"])
            entry.link(href=url_for("events.EventDetail", event_id=event["id"], _external=True))
            entry.updated(event["updated_at"])
            entry.published(event["first_seen_at"])
            entry.summary(f"{event['occurred_on']}: {event['event_type'].replace('_', ' ')} "
                          f"({event['direction']}, {event['jurisdiction'] or 'no jurisdiction'}"
                          f"), {event['source_count']} source(s)")
        # A stable <updated> keeps the body, hence its ETag, the same until an event changes.
        feed.updated(max((e["updated_at"] for e in body["events"]), default=datetime.combine(
            runtime().clock().date(), time(), UTC)))
        return Response(feed.atom_str(pretty=True), content_type="application/atom+xml",
                        headers=headers)


@blp.route("/<string:slug>/risk")
class Risk(MethodView):
    @blp.arguments(RiskArgsSchema, location="query")
    @blp.response(200, RiskSchema)
    def get(self, args: dict[str, Any], slug: str) -> Any:
        """Score, level, 7/30-day trend and the contributions of every event behind it."""
        _app_or_404(slug)
        rt = runtime()
        today = rt.clock().date()
        with rt.database.reading() as session:
            body = risk_of(session, slug, args.get("as_of") or today, today)
        # Already the domain's JSON (see ISO_DAY): dumping a busy app's thousands of
        # contributions through the schema again would cost a quarter of the request.
        return jsonify(body)


@blp.route("/<string:slug>/risk/history")
class RiskHistory(MethodView):
    @blp.arguments(HistoryArgsSchema, location="query")
    @blp.response(200, HistorySchema)
    def get(self, args: dict[str, Any], slug: str) -> Any:
        """The app's daily score between two days (at most ten years per request)."""
        _app_or_404(slug)
        rt = runtime()
        until = args.get("until") or rt.clock().date()
        since = args.get("since") or until - timedelta(days=365)
        _check_span(since, until)
        with rt.database.reading() as session:
            stored = {s.as_of: DailyScore(s.as_of, s.score, s.level)
                      for s in snapshot_range(session, slug, since, until)}
            prior = snapshot_on(session, slug, since)
            last = max(stored, default=prior.as_of if prior else None)
            tail: list[DailyScore] = []
            if last is not None and last < until:
                # Days after the last materialised one: decay since then, computed now.
                tail = score_history(slug, events_for_app(session, slug, until=until),
                                     last + timedelta(days=1), until)
        series = _fill(since, until, stored, tail)
        return {"app": slug, "since": since, "until": until,
                "series": [day.to_json() for day in series]}


def _check_span(since: date, until: date) -> None:
    """After the defaults are applied, so `since` alone cannot pass `until` unnoticed."""
    if since > until:
        problem = "must not be after 'until'"
    elif (until - since).days > MAX_HISTORY_DAYS:
        problem = f"at most {MAX_HISTORY_DAYS} days per request"
    else:
        return
    abort(422, message=f"since: {problem}", errors={"query": {"since": [problem]}})


def _fill(since: date, until: date, stored: dict[date, DailyScore],
          tail: list[DailyScore]) -> list[DailyScore]:
    """Days before the first snapshot had no event yet: zero, low."""
    by_day = {**stored, **{d.day: d for d in tail}}
    zero = level_for(0.0)
    return [by_day.get(since + timedelta(days=i),
                       DailyScore(since + timedelta(days=i), 0.0, zero))
            for i in range((until - since).days + 1)]
