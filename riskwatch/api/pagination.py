"""Cursor pagination for every list: keyset on the list's sort key, so it is stable while
new rows arrive (they sort before the first page) and costs the same on page 1 and page 1,000.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import request
from flask_smorest import abort
from marshmallow import Schema, fields, validate
from sqlalchemy import ColumnElement, Select, tuple_
from sqlalchemy.orm import Session

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageArgsSchema(Schema):
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT),
                           metadata={"description": "Page size, 1 to 200."})
    cursor = fields.String(validate=validate.Length(max=512), metadata={
        "description": "Opaque cursor from the previous page's `next_cursor`."})


class PageSchema(Schema):
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "Pass as `cursor` for the next page; null on the last page."})


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# Larger integers would overflow the database's 64-bit integers instead of matching nothing.
_INT_RANGE = range(-(2 ** 63), 2 ** 63)


def _typed(value: Any, kind: type) -> Any:
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is int and type(value) is int and value in _INT_RANGE:
        return value
    if kind is str and isinstance(value, str):
        value.encode()  # a lone surrogate (JSON "\ud800") could not be bound as a parameter
        return value
    raise ValueError(f"{value!r} is not a {kind.__name__}")


def decode_cursor(cursor: str, types: Sequence[type]) -> list[Any]:
    """The sort-key values a cursor carries; a cursor of any other shape is a 400."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError("wrong shape")
        return [_typed(v, t) for v, t in zip(values, types, strict=True)]
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        abort(400, message="cursor: not a cursor this list gave out",
              errors={"query": {"cursor": ["Not a valid cursor."]}})
        raise  # pragma: no cover - abort raises


@dataclass(frozen=True)
class SortKey:
    """The columns a list is ordered by, descending, ending in a unique one."""

    columns: tuple[ColumnElement[Any], ...]
    types: tuple[type, ...]


def paginate(session: Session, query: Select[Any], key: SortKey, args: dict[str, Any],
             row_key: Callable[[Any], Sequence[Any]]) -> tuple[list[Any], str | None]:
    """One page of `query` after the cursor, and the cursor of the next page (or None)."""
    if args.get("cursor"):
        after = decode_cursor(args["cursor"], key.types)
        query = query.where(tuple_(*key.columns) < tuple_(*after))
    limit = args["limit"]
    rows = list(session.scalars(query.order_by(*(c.desc() for c in key.columns))
                                .limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(row_key(rows[-1]))


def link_header(next_cursor: str | None) -> dict[str, str]:
    """RFC 8288 `Link: <...>; rel="next"` carrying the same query with the next cursor."""
    if not next_cursor:
        return {}
    params = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    params.append(("cursor", next_cursor))
    return {"Link": f'<{request.base_url}?{urlencode(params)}>; rel="next"'}
