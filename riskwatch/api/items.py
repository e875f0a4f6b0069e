"""Raw stored items, with their sources and the tagger's verdict and evidence."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from riskwatch.api.context import runtime
from riskwatch.api.pagination import PageArgsSchema, PageSchema, SortKey, link_header, paginate
from riskwatch.store.models import Item, ItemSource

blp = Blueprint("items", __name__, url_prefix="/api/v1/items",
                description="Stored items (articles and docket entries) and their tags.")


class ItemArgsSchema(PageArgsSchema):
    feed = fields.String(validate=validate.Length(1, 64), metadata={
        "description": "Only items seen in this feed."})
    relevant = fields.Boolean(metadata={"description": "Only (ir)relevant items."})
    since = fields.AwareDateTime(format="iso", default_timezone=UTC, metadata={
        "description": "Only items published (or first seen, when undated) at or after this "
                       "instant (ISO 8601; UTC when it has no offset)."})
    q = fields.String(validate=validate.Length(1, 200), metadata={
        "description": "Case-insensitive text search in title and summary."})


class SourceSchema(Schema):
    feed_id = fields.String(required=True, allow_none=True)
    source = fields.String(required=True, attribute="source_key", metadata={
        "description": "Where it was seen: a feed, or a backfill's outlet."})
    url = fields.String(required=True, allow_none=True)
    seen_at = fields.DateTime(required=True)


class DocketSchema(Schema):
    court = fields.String(required=True, allow_none=True)
    docket_number = fields.String(required=True)
    case_name = fields.String(required=True, allow_none=True)
    short_description = fields.String(required=True, allow_none=True)
    document_number = fields.String(required=True, allow_none=True)
    document_url = fields.String(required=True, allow_none=True)


class ItemSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True, metadata={"description": "Plain text."})
    url = fields.String(required=True, allow_none=True)
    published_at = fields.DateTime(required=True, allow_none=True)
    fetched_at = fields.DateTime(required=True, metadata={
        "description": "When riskwatch first saw it."})
    language = fields.String(required=True, allow_none=True)
    feed_id = fields.String(required=True, allow_none=True)
    source_name = fields.String(required=True, allow_none=True)
    relevant = fields.Boolean(required=True, allow_none=True, metadata={
        "description": "The tagger's verdict: about a regulatory action against an app?"})
    tagger_version = fields.String(required=True, allow_none=True)
    docket = fields.Nested(DocketSchema, required=True, allow_none=True)
    sources = fields.List(fields.Nested(SourceSchema), required=True)


class ItemDetailSchema(ItemSchema):
    tags = fields.Dict(required=True, allow_none=True, metadata={
        "description": "The tagger's verdict: apps (with how each matched), jurisdiction, "
                       "event_type, direction, confidence and evidence."})


class ItemPageSchema(PageSchema):
    items = fields.List(fields.Nested(ItemSchema), required=True)


ITEM_ORDER = SortKey((Item.id,), (int,))


@blp.route("")
class ItemList(MethodView):
    @blp.arguments(ItemArgsSchema, location="query")
    @blp.response(200, ItemPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Stored items, newest first, with filters."""
        query = select(Item).options(selectinload(Item.sources))
        if "feed" in args:
            query = query.where(Item.id.in_(
                select(ItemSource.item_id).where(ItemSource.feed_id == args["feed"])))
        if "relevant" in args:
            query = query.where(Item.relevant.is_(args["relevant"]))
        if "since" in args:
            undated = Item.published_at.is_(None) & (Item.fetched_at >= args["since"])
            query = query.where(or_(Item.published_at >= args["since"], undated))
        if "q" in args:
            pattern = "%" + args["q"].replace("\\", "\\\\").replace("%", "\\%").replace(
                "_", "\\_") + "%"
            query = query.where(or_(Item.title.ilike(pattern, escape="\\"),
                                    Item.summary.ilike(pattern, escape="\\")))
        with runtime().database.reading() as session:
            rows, cursor = paginate(session, query, ITEM_ORDER, args, lambda r: (r.id,))
            return {"items": rows, "next_cursor": cursor}, 200, link_header(cursor)


# Ids are 64-bit; a larger number is simply an item that does not exist.
@blp.route(f"/<int(max={2 ** 63 - 1}):item_id>")
class ItemDetail(MethodView):
    @blp.response(200, ItemDetailSchema)
    def get(self, item_id: int) -> Any:
        """One item with its tags and evidence."""
        with runtime().database.reading() as session:
            row = session.get(Item, item_id, options=[selectinload(Item.sources)])
            if row is None:
                abort(404, message=f"no item with id {item_id}")
            return row
