"""Schemas shared by several blueprints: events with their sources, and their filters."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from riskwatch.api.pagination import PageArgsSchema, PageSchema
from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES

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

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("must not be after 'until'", field_name="since")


class SourceItemSchema(Schema):
    item_id = fields.Integer(allow_none=True,
                             metadata={"description": "Null for a curated source."})
    title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    outlet = fields.String(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    credibility = fields.Integer(metadata={"description": "1 primary, 2 outlet, 3 aggregator."})


class EventAppSchema(Schema):
    slug = fields.String()
    via = fields.String(metadata={"description": "direct, owner or class"})


class EventSchema(Schema):
    id = fields.String()
    event_type = fields.String()
    direction = fields.String()
    jurisdiction = fields.String(allow_none=True)
    occurred_on = fields.Date()
    title = fields.String()
    provenance = fields.String(metadata={"description": "curated or ingested"})
    source_count = fields.Integer()
    credibility = fields.Integer()
    case_key = fields.String(allow_none=True, metadata={
        "description": "Court and docket number; events of one case share it."})
    apps = fields.List(fields.Nested(EventAppSchema))
    first_seen_at = fields.DateTime()
    updated_at = fields.DateTime()
    top_sources = fields.List(fields.Nested(SourceItemSchema))


class EventDetailSchema(EventSchema):
    sources = fields.List(fields.Nested(SourceItemSchema), metadata={
        "description": "Every source item, best tier first."})


class EventPageSchema(PageSchema):
    events = fields.List(fields.Nested(EventSchema), required=True)
