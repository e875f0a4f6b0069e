"""Apps: the catalog with current scores, each app's timeline (JSON and Atom) and its risk."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Response, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
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
from riskwatch.domain.scores import DailyScore
from riskwatch.domain.vocabulary import level_for
from riskwatch.scoring.model import score_history
from riskwatch.services.catalog import app_catalog, find_app
from riskwatch.services.risk import score_of
from riskwatch.store.events import events_for_app, last_event_days
from riskwatch.store.risk import snapshot_on, snapshot_range
from riskwatch.tagging.catalog import App

blp = Blueprint("apps", __name__, url_prefix="/api/v1/apps",
                description="Tracked apps, their timelines and their risk scores.")

MAX_HISTORY_DAYS = 3660


class AppListArgsSchema(PageArgsSchema):
    sort = fields.String(load_default="-score", validate=validate.OneOf(
        ["score", "-score", "slug", "-slug"]), metadata={
        "description": "Order: -score (highest first, default), score, slug or -slug."})


class AppSummarySchema(Schema):
    slug = fields.String()
    name = fields.String()
    owner = fields.String()
    parent = fields.String()
    score = fields.Float()
    level = fields.String()
    scored_on = fields.Date(allow_none=True, metadata={
        "description": "The day of the materialised score shown."})
    trend_7d = fields.Float()
    last_event_on = fields.Date(allow_none=True)


class AppPageSchema(PageSchema):
    apps = fields.List(fields.Nested(AppSummarySchema), required=True)


class AppDetailSchema(AppSummarySchema):
    aliases = fields.List(fields.String())
    classes = fields.List(fields.String())
    country_of_control = fields.String()


class ContributionSchema(Schema):
    event_id = fields.String()
    title = fields.String()
    occurred_on = fields.String()
    event_type = fields.String()
    direction = fields.String()
    jurisdiction = fields.String(allow_none=True)
    via = fields.String()
    points = fields.Float()
    raw = fields.Float()
    factors = fields.Dict(keys=fields.String(), values=fields.Float())


class RiskSchema(Schema):
    app = fields.String()
    as_of = fields.String()
    score = fields.Float()
    level = fields.String()
    trend = fields.Dict(keys=fields.String(), values=fields.Float(), metadata={
        "description": "Change over 7 and 30 days (keys 7d, 30d)."})
    contributions = fields.List(fields.Nested(ContributionSchema))


class RiskArgsSchema(Schema):
    as_of = fields.Date(metadata={"description": "Score as of this day; default today."})


class HistoryArgsSchema(Schema):
    since = fields.Date(metadata={"description": "First day; default a year before `until`."})
    until = fields.Date(metadata={"description": "Last day; default today."})

    @validates_schema
    def _span(self, data: dict[str, Any], **_: Any) -> None:
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError("must not be after 'until'", field_name="since")
        if since and until and (until - since).days > MAX_HISTORY_DAYS:
            raise ValidationError(f"at most {MAX_HISTORY_DAYS} days per request",
                                  field_name="since")


class DailyScoreSchema(Schema):
    day = fields.Date()
    score = fields.Float()
    level = fields.String()


class HistorySchema(Schema):
    app = fields.String()
    since = fields.Date()
    until = fields.Date()
    series = fields.List(fields.Nested(DailyScoreSchema))


def _app_or_404(slug: str) -> App:
    app = find_app(slug)
    if app is None:
        abort(404, message=f"no app {slug!r} in the catalog")
    return app


def _summary(app: App, session: Session, today: date,
             last_events: dict[str, date]) -> dict[str, Any]:
    now = snapshot_on(session, app.slug, today)
    week_ago = snapshot_on(session, app.slug, today - timedelta(days=7))
    score = now.score if now else 0.0
    return {"slug": app.slug, "name": app.name, "owner": app.owner, "parent": app.parent,
            "score": round(score, 2), "level": now.level if now else level_for(0.0),
            "scored_on": now.as_of if now else None,
            "trend_7d": round(score - (week_ago.score if week_ago else 0.0), 2),
            "last_event_on": last_events.get(app.slug)}


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
            last_events = last_event_days(session, DIRECT_VIAS)
            rows = [_summary(app, session, rt.clock().date(), last_events)
                    for app in app_catalog().apps]
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
            body = _summary(app, session, rt.clock().date(),
                            last_event_days(session, DIRECT_VIAS))
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
        if not body["events"]:
            feed.updated(runtime().clock())
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
        with rt.database.reading() as session:
            return score_of(session, slug, args.get("as_of") or rt.clock().date()).to_json()


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
        if (until - since).days > MAX_HISTORY_DAYS:
            abort(422, message="since: at most 3660 days per request",
                  errors={"query": {"since": [f"at most {MAX_HISTORY_DAYS} days per request"]}})
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
                "series": series}


def _fill(since: date, until: date, stored: dict[date, DailyScore],
          tail: list[DailyScore]) -> list[DailyScore]:
    """Days before the first snapshot had no event yet: zero, low."""
    by_day = {**stored, **{d.day: d for d in tail}}
    zero = level_for(0.0)
    return [by_day.get(since + timedelta(days=i),
                       DailyScore(since + timedelta(days=i), 0.0, zero))
            for i in range((until - since).days + 1)]
