"""Feed health: what each feed last did and when it will be polled again."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

from riskwatch.api.auth import SECURITY, require_admin
from riskwatch.api.context import runtime
from riskwatch.services.polling import poll_feed
from riskwatch.store.feeds import feed_status, list_feeds
from riskwatch.store.models import Feed

blp = Blueprint("feeds", __name__, url_prefix="/api/v1/feeds",
                description="Feed health: polling state of every configured feed.")


class FeedHealthSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)
    kind = fields.String(required=True)
    credibility = fields.Integer(required=True)
    interval_seconds = fields.Integer(required=True)
    enabled = fields.Boolean(required=True)
    status = fields.String(required=True, metadata={
        "description": "ok, failing, disabled, gone or pending (never polled)"})
    disabled_reason = fields.String(allow_none=True)
    permanent_url = fields.String(allow_none=True)
    last_fetch_at = fields.DateTime(allow_none=True)
    last_ok_at = fields.DateTime(allow_none=True)
    last_status = fields.Integer(allow_none=True)
    consecutive_errors = fields.Integer(required=True)
    last_error = fields.String(allow_none=True)
    last_warning = fields.String(allow_none=True)
    next_fetch_at = fields.DateTime(allow_none=True)
    items_seen = fields.Integer(required=True)


class FeedListSchema(Schema):
    feeds = fields.List(fields.Nested(FeedHealthSchema), required=True)


def feed_health(feed: Feed) -> dict[str, Any]:
    names = FeedHealthSchema().fields.keys() - {"status"}
    return {**{name: getattr(feed, name) for name in names}, "status": feed_status(feed)}


@blp.route("")
class FeedList(MethodView):
    @blp.response(200, FeedListSchema)
    def get(self) -> dict[str, Any]:
        """Every configured feed with its health."""
        with runtime().database.reading() as session:
            return {"feeds": [feed_health(feed) for feed in list_feeds(session)]}


@blp.route("/<string:feed_id>")
class FeedDetail(MethodView):
    @blp.response(200, FeedHealthSchema)
    def get(self, feed_id: str) -> dict[str, Any]:
        """One feed's health."""
        with runtime().database.reading() as session:
            feed = session.get(Feed, feed_id)
            if feed is None:
                abort(404, message=f"no feed with id {feed_id!r}")
            return feed_health(feed)


class RefreshSchema(Schema):
    feed_id = fields.String(required=True)
    status = fields.String(required=True, metadata={
        "description": "ok, not_modified, error, gone, or skipped (another poll holds it)"})
    new_items = fields.Integer(required=True)
    new_sightings = fields.Integer(required=True)
    error = fields.String(allow_none=True)
    warning = fields.String(allow_none=True)
    feed = fields.Nested(FeedHealthSchema, required=True)


@blp.route("/<string:feed_id>/refresh")
class FeedRefresh(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, RefreshSchema)
    @require_admin
    def post(self, feed_id: str) -> dict[str, Any]:
        """Poll the feed now, through the same pipeline as the scheduler (admin key)."""
        rt = runtime()
        with rt.database.reading() as session:
            if session.get(Feed, feed_id) is None:
                abort(404, message=f"no feed with id {feed_id!r}")
        outcome = poll_feed(rt, feed_id, force=True)
        with rt.database.reading() as session:
            health = feed_health(session.get(Feed, feed_id))
        return {"feed_id": feed_id, "status": outcome.status, "new_items": outcome.new_items,
                "new_sightings": outcome.new_sightings, "error": outcome.error,
                "warning": outcome.warning, "feed": health}
