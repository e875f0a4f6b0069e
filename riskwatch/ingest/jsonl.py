"""Backfill files: one JSON item per line, validated line by line so one bad line costs one item."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate


class BackfillLineSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    title = fields.String(required=True, validate=validate.Length(min=1))
    summary = fields.String(load_default="", allow_none=True)
    url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"})
    published = fields.AwareDateTime(load_default=None, allow_none=True, default_timezone=UTC)
    source = fields.String(load_default="backfill", validate=validate.Length(min=1, max=200))


@dataclass(frozen=True, slots=True)
class BackfillLine:
    line_number: int
    title: str
    summary: str
    url: str | None
    published: datetime | None
    source: str


@dataclass(frozen=True, slots=True)
class BadLine:
    line_number: int
    reason: str


_SCHEMA = BackfillLineSchema()


def read_backfill(lines: Iterable[str]) -> Iterator[BackfillLine | BadLine]:
    """Yield each non-blank line as a BackfillLine, or a BadLine saying what is wrong with it."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            document: Any = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield BadLine(number, f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(document, dict):
            yield BadLine(number, "expected a JSON object")
            continue
        try:
            data = _SCHEMA.load(document)
        except ValidationError as exc:
            fields_text = "; ".join(f"{name}: {' '.join(map(str, msgs))}"
                                    for name, msgs in sorted(exc.normalized_messages().items()))
            yield BadLine(number, fields_text)
            continue
        yield BackfillLine(number, data["title"], data["summary"] or "", data["url"],
                           data["published"], data["source"])
