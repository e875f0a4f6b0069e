"""Liveness for operators and load balancers: database, scheduler heartbeat, failing feeds."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from riskwatch.api.context import runtime
from riskwatch.store.models import Feed
from riskwatch.store.workers import latest_heartbeat

blp = Blueprint("health", __name__, description="Service health.")


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"description": "ok or degraded"})
    database = fields.String(required=True)
    scheduler_heartbeat_age_seconds = fields.Float(allow_none=True)
    failing_feeds = fields.Integer(allow_none=True)


@blp.route("/healthz")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="The database is unreachable.")
    def get(self) -> Any:
        """Is the service able to answer, and is a scheduler alive?"""
        rt = runtime()
        try:
            with rt.database.reading() as session:
                failing = session.scalar(select(func.count()).select_from(Feed).where(
                    Feed.enabled.is_(True), Feed.consecutive_errors > 0))
                beat = latest_heartbeat(session)
        except SQLAlchemyError as exc:
            body = {"status": "degraded", "database": f"unreachable: {type(exc).__name__}",
                    "scheduler_heartbeat_age_seconds": None, "failing_feeds": None}
            return body, 503
        age = (rt.clock() - beat).total_seconds() if beat else None
        return {"status": "ok", "database": "ok", "scheduler_heartbeat_age_seconds": age,
                "failing_feeds": failing}
