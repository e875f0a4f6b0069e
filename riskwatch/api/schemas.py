"""Schemas shared by several blueprints: events with their sources, and their filters."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from riskwatch.api.pagination import PageArgsSchema, PageSchema
from riskwatch.domain.events import APP_VIAS, CREDIBILITY_TIERS, PROVENANCES
from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES

TOP_SOURCES = 3
JURISDICTION = validate.Regexp(r"^(US-federal|US-[A-Z]{2}|EU|[A-Z]{2})$",
                               error="not a jurisdiction code (US-federal, US-XX, EU or ISO)")


class EventFilterSchema(PageArgsSchema):
    since = fields.Date(metadata={"description": "Events on or after this day."})
    until = fields.Date(metadata={"description": "Events on or before this day."})
    event_type = fields.List(fields.String(validate=validate.OneOf(EVENT_TYPES)), metadata={
        "description": "Repeatable: only these event types."})
    jurisdiction = fields.String(validate=JURISDICTION)
    direction = fields.String(validate=validate.OneOf(DIRECTIONS))
    include_class_level = fields.Boolean(load_default=False, metadata={
        "description": "Also events aimed at a whole class of apps (e.g. 'Chinese-owned')."})
    case = fields.String(validate=validate.Length(min=1, max=120), metadata={
        "description": "Only the events of one court case (an event's `case_key`, e.g. "
                       "'cadc:24-1113'): its filings and rulings together."})

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("must not be after 'until'", field_name="since")


CREDIBILITY = validate.OneOf(CREDIBILITY_TIERS)


class SourceItemSchema(Schema):
    item_id = fields.Integer(required=True, allow_none=True,
                             metadata={"description": "Null for a curated source."})
    title = fields.String(required=True, allow_none=True)
    url = fields.String(required=True, allow_none=True)
    outlet = fields.String(required=True, allow_none=True, metadata={
        "description": "Outlet or feed name; for a curated source, the host of its URL."})
    published_at = fields.DateTime(required=True, allow_none=True)
    credibility = fields.Integer(required=True, validate=CREDIBILITY, metadata={
        "description": "1 primary (court, government, curated), 2 outlet, 3 aggregator."})


class EventAppSchema(Schema):
    slug = fields.String(required=True)
    via = fields.String(required=True, validate=validate.OneOf(APP_VIAS), metadata={
        "description": "How the event concerns the app: it names the app, its owner, or a "
                       "class of apps it belongs to."})


class EventSchema(Schema):
    id = fields.String(required=True)
    event_type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    jurisdiction = fields.String(required=True, allow_none=True)
    occurred_on = fields.Date(required=True)
    title = fields.String(required=True)
    provenance = fields.String(required=True, validate=validate.OneOf(PROVENANCES))
    source_count = fields.Integer(required=True, metadata={
        "description": "Distinct sources corroborating the event (outlets, or a curated "
                       "entry's citations); `sources` may list more, e.g. two items of one "
                       "outlet."})
    credibility = fields.Integer(required=True, validate=CREDIBILITY)
    case_key = fields.String(required=True, allow_none=True, metadata={
        "description": "Court and docket number; events of one case share it."})
    apps = fields.List(fields.Nested(EventAppSchema), required=True)
    first_seen_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    top_sources = fields.List(fields.Nested(SourceItemSchema), required=True, metadata={
        "description": f"The {TOP_SOURCES} best sources: best tier first, then earliest."})


class EventDetailSchema(EventSchema):
    sources = fields.List(fields.Nested(SourceItemSchema), required=True, metadata={
        "description": "Every source item, best tier first."})


class EventPageSchema(PageSchema):
    events = fields.List(fields.Nested(EventSchema), required=True)
