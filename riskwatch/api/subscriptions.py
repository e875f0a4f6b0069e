"""Webhook subscriptions and their delivery log. Every route needs an API key; a
subscription belongs to the key that created it (an admin key sees all)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, ValidationError, fields, validate, validates
from sqlalchemy import select
from sqlalchemy.orm import Session

from riskwatch.alerts.messages import DEFAULT_TYPES, MESSAGE_TYPES
from riskwatch.alerts.signing import new_secret
from riskwatch.alerts.targets import UnsafeTarget, resolve_target
from riskwatch.api.auth import SECURITY, current_caller, require_key
from riskwatch.api.context import runtime
from riskwatch.api.pagination import PageArgsSchema, PageSchema, SortKey, link_header, paginate
from riskwatch.api.schemas import JURISDICTION
from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES, LEVELS
from riskwatch.services.alerting import enqueue_ping
from riskwatch.services.catalog import app_catalog
from riskwatch.store.models import Delivery, Subscription
from riskwatch.store.webhooks import PENDING, attempts_of

blp = Blueprint("subscriptions", __name__, url_prefix="/api/v1",
                description="Webhook subscriptions: signed alerts for matching events and "
                            "level changes (Standard Webhooks).")

ROTATION_OVERLAP = timedelta(hours=24)
LEVEL_NAMES = [name for name, _ in LEVELS]


class FilterSchema(Schema):
    apps = fields.List(fields.String(), load_default=list, metadata={
        "description": "App slugs; empty means every app."})
    event_types = fields.List(fields.String(validate=validate.OneOf(EVENT_TYPES)),
                              load_default=list)
    jurisdictions = fields.List(fields.String(validate=JURISDICTION), load_default=list)
    directions = fields.List(fields.String(validate=validate.OneOf(DIRECTIONS)),
                             load_default=list)
    min_level = fields.String(load_default=None, allow_none=True,
                              validate=validate.OneOf(LEVEL_NAMES), metadata={
                                  "description": "Only when the app is at this level or above."})
    include_class_level = fields.Boolean(load_default=False)

    @validates("apps")
    def _known_apps(self, value: list[str], **_: Any) -> None:
        known = {app.slug for app in app_catalog().apps}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValidationError(f"unknown app(s): {', '.join(unknown)}")


class SubscriptionInputSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(1, 2000))
    description = fields.String(load_default="", validate=validate.Length(max=500))
    filter = fields.Nested(FilterSchema, load_default=dict)
    types = fields.List(fields.String(validate=validate.OneOf(MESSAGE_TYPES)),
                        load_default=lambda: list(DEFAULT_TYPES),
                        validate=validate.Length(min=1))


class SubscriptionSchema(Schema):
    id = fields.String()
    url = fields.String()
    description = fields.String()
    filter = fields.Dict()
    types = fields.List(fields.String())
    enabled = fields.Boolean()
    disabled_reason = fields.String(allow_none=True)
    disabled_at = fields.DateTime(allow_none=True)
    failing_since = fields.DateTime(allow_none=True)
    last_success_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class CreatedSubscriptionSchema(SubscriptionSchema):
    secret = fields.String(metadata={"description": "The signing secret: shown only now."})


class SubscriptionPageSchema(PageSchema):
    subscriptions = fields.List(fields.Nested(SubscriptionSchema), required=True)


class SecretSchema(Schema):
    secret = fields.String()
    previous_secret_valid_until = fields.DateTime()


class PingSchema(Schema):
    message_id = fields.String(metadata={"description": "The webhook-id the ping carries."})


class AttemptSchema(Schema):
    attempted_at = fields.DateTime()
    status_code = fields.Integer(allow_none=True)
    latency_ms = fields.Float()
    response_excerpt = fields.String(allow_none=True)
    error = fields.String(allow_none=True)


class DeliverySchema(Schema):
    id = fields.Integer()
    message_id = fields.String()
    subscription_id = fields.String()
    type = fields.String()
    status = fields.String(metadata={"description": "pending, succeeded or failed"})
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime(allow_none=True)
    last_attempt_at = fields.DateTime(allow_none=True)
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    attempt_log = fields.List(fields.Nested(AttemptSchema))


class DeliveryPageSchema(PageSchema):
    deliveries = fields.List(fields.Nested(DeliverySchema), required=True)


SUBSCRIPTION_ORDER = SortKey((Subscription.id,), (str,))
DELIVERY_ORDER = SortKey((Delivery.id,), (int,))


def _check_url(url: str) -> None:
    try:
        resolve_target(url, allow_private=runtime().settings.webhook_allow_private)
    except UnsafeTarget as exc:
        abort(422, message=str(exc), errors={"json": {"url": [str(exc)]}})


def _owned(session: Session, subscription_id: str) -> Subscription:
    caller = current_caller()
    row = session.get(Subscription, subscription_id)
    if row is None or not (caller.admin or row.owner_key_id == caller.key_id):
        abort(404, message=f"no subscription with id {subscription_id!r}")
    return row


def _with_attempts(session: Session, rows: list[Delivery]) -> list[dict[str, Any]]:
    attempts = attempts_of(session, [row.id for row in rows])
    names = DeliverySchema().fields.keys() - {"attempt_log"}
    return [{**{name: getattr(row, name) for name in names},
             "attempt_log": attempts.get(row.id, [])} for row in rows]


@blp.route("/subscriptions")
class SubscriptionList(MethodView):
    @blp.doc(security=SECURITY)
    @blp.arguments(SubscriptionInputSchema)
    @blp.response(201, CreatedSubscriptionSchema)
    @require_key
    def post(self, data: dict[str, Any]) -> Any:
        """Subscribe an endpoint; the answer carries the signing secret, shown this once."""
        _check_url(data["url"])
        rt = runtime()
        now = rt.clock()
        row = Subscription(id="sub_" + secrets.token_urlsafe(12), owner_key_id=current_caller()
                           .key_id, url=data["url"], description=data["description"],
                           filter=data["filter"], types=sorted(set(data["types"])),
                           secret=new_secret(), enabled=True, created_at=now, updated_at=now)
        with rt.database.writing() as session:
            session.add(row)
        return row

    @blp.doc(security=SECURITY)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, SubscriptionPageSchema)
    @require_key
    def get(self, args: dict[str, Any]) -> Any:
        """Your subscriptions (an admin key sees everyone's)."""
        caller = current_caller()
        query = select(Subscription)
        if not caller.admin:
            query = query.where(Subscription.owner_key_id == caller.key_id)
        with runtime().database.reading() as session:
            rows, cursor = paginate(session, query, SUBSCRIPTION_ORDER, args,
                                    lambda s: (s.id,))
        return {"subscriptions": rows, "next_cursor": cursor}, 200, link_header(cursor)


@blp.route("/subscriptions/<string:subscription_id>")
class SubscriptionDetail(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, SubscriptionSchema)
    @require_key
    def get(self, subscription_id: str) -> Any:
        """One subscription (its secret is never shown again)."""
        with runtime().database.reading() as session:
            return _owned(session, subscription_id)

    @blp.doc(security=SECURITY)
    @blp.arguments(SubscriptionInputSchema(partial=True))
    @blp.response(200, SubscriptionSchema)
    @require_key
    def patch(self, data: dict[str, Any], subscription_id: str) -> Any:
        """Change the URL, description, filter or message types."""
        if "url" in data:
            _check_url(data["url"])
        rt = runtime()
        with rt.database.writing() as session:
            row = _owned(session, subscription_id)
            for name in ("url", "description", "filter"):
                if name in data:
                    setattr(row, name, data[name])
            if "types" in data:
                row.types = sorted(set(data["types"]))
            row.updated_at = rt.clock()
        return row

    @blp.doc(security=SECURITY)
    @blp.response(204)
    @require_key
    def delete(self, subscription_id: str) -> None:
        """Delete the subscription and its delivery log."""
        with runtime().database.writing() as session:
            session.delete(_owned(session, subscription_id))


@blp.route("/subscriptions/<string:subscription_id>/rotate-secret")
class RotateSecret(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, SecretSchema)
    @require_key
    def post(self, subscription_id: str) -> Any:
        """A new secret; the old one keeps signing alongside it for 24 hours."""
        rt = runtime()
        now = rt.clock()
        with rt.database.writing() as session:
            row = _owned(session, subscription_id)
            row.previous_secret, row.previous_secret_until = row.secret, now + ROTATION_OVERLAP
            row.secret, row.updated_at = new_secret(), now
            return {"secret": row.secret,
                    "previous_secret_valid_until": row.previous_secret_until}


@blp.route("/subscriptions/<string:subscription_id>/test")
class TestPing(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(202, PingSchema)
    @require_key
    def post(self, subscription_id: str) -> Any:
        """Queue a signed `ping` to the endpoint."""
        rt = runtime()
        with rt.database.writing() as session:
            row = _owned(session, subscription_id)
            return {"message_id": enqueue_ping(session, row, rt.clock())}


@blp.route("/subscriptions/<string:subscription_id>/enable")
class Enable(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, SubscriptionSchema)
    @require_key
    def post(self, subscription_id: str) -> Any:
        """Re-enable a disabled subscription; its pending messages go out again."""
        rt = runtime()
        with rt.database.writing() as session:
            row = _owned(session, subscription_id)
            row.enabled, row.disabled_reason, row.disabled_at = True, None, None
            row.failing_since, row.updated_at = None, rt.clock()
            return row


@blp.route("/subscriptions/<string:subscription_id>/deliveries")
class DeliveryList(MethodView):
    @blp.doc(security=SECURITY)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, DeliveryPageSchema)
    @require_key
    def get(self, args: dict[str, Any], subscription_id: str) -> Any:
        """The delivery log, newest first, with every attempt."""
        with runtime().database.reading() as session:
            _owned(session, subscription_id)
            query = select(Delivery).where(Delivery.subscription_id == subscription_id)
            rows, cursor = paginate(session, query, DELIVERY_ORDER, args, lambda d: (d.id,))
            body = {"deliveries": _with_attempts(session, rows), "next_cursor": cursor}
        return body, 200, link_header(cursor)


@blp.route(f"/deliveries/<int(max={2 ** 63 - 1}):delivery_id>/retry")
class RetryDelivery(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, DeliverySchema)
    @require_key
    def post(self, delivery_id: int) -> Any:
        """Send a delivery again now, whatever its state (same webhook-id)."""
        rt = runtime()
        with rt.database.writing() as session:
            row = session.get(Delivery, delivery_id)
            if row is None:
                abort(404, message=f"no delivery with id {delivery_id}")
            _owned(session, row.subscription_id)
            row.status, row.next_attempt_at = PENDING, rt.clock()
            row.lease_owner = row.lease_expires_at = None
            return _with_attempts(session, [row])[0]

