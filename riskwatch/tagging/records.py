"""JSON lines in and out of the tagger: requests to tag, labelled items to evaluate against, and
the one-line verdict written back.

Each line is read on its own, so one bad line costs that line only: the caller gets a
`LineError` with the line number and carries on with the rest of the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from riskwatch.domain.tags import Tags
from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES


@dataclass(frozen=True, slots=True)
class TagRequest:
    id: str | int
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class Labels:
    """The gold answer for one item; `direction` is None when the labeller gave none."""

    relevant: bool
    apps: frozenset[str]
    jurisdiction: str | None
    event_type: str | None
    direction: str | None


@dataclass(frozen=True, slots=True)
class LabelledItem:
    request: TagRequest
    labels: Labels


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class _Identifier(fields.Field):
    """An item id as the feed gave it: a string or an integer, never a bool or a float."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | int:
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise ValidationError("must be a non-empty string or an integer")
        return value


class _RequestSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = _Identifier(required=True)
    title = fields.String(required=True)
    summary = fields.String(load_default="", allow_none=True)


class _LabelledSchema(_RequestSchema):
    relevant = fields.Boolean(required=True, truthy={True}, falsy={False})
    apps = fields.List(fields.String(), required=True)
    jurisdiction = fields.String(required=True, allow_none=True)
    event_type = fields.String(required=True, allow_none=True,
                               validate=validate.OneOf(EVENT_TYPES))
    direction = fields.String(load_default=None, allow_none=True,
                              validate=validate.OneOf(DIRECTIONS))


_REQUEST = _RequestSchema()
_LABELLED = _LabelledSchema()


def parse_request(line_number: int, line: str) -> TagRequest | LineError | None:
    """The request on one line; None for a blank line."""
    loaded = _load(line_number, line, _REQUEST)
    if loaded is None or isinstance(loaded, LineError):
        return loaded
    return _request(loaded)


def parse_labelled(line_number: int, line: str) -> LabelledItem | LineError | None:
    loaded = _load(line_number, line, _LABELLED)
    if loaded is None or isinstance(loaded, LineError):
        return loaded
    labels = Labels(
        relevant=loaded["relevant"],
        apps=frozenset(loaded["apps"]),
        jurisdiction=loaded["jurisdiction"],
        event_type=loaded["event_type"],
        direction=loaded["direction"],
    )
    return LabelledItem(_request(loaded), labels)


def _request(loaded: dict[str, Any]) -> TagRequest:
    return TagRequest(loaded["id"], loaded["title"], loaded["summary"] or "")


def _load(line_number: int, line: str, schema: Schema) -> dict[str, Any] | LineError | None:
    if not line.strip():
        return None
    try:
        document = json.loads(line)
    except ValueError as exc:
        return LineError(line_number, f"not JSON ({exc})")
    if not isinstance(document, dict):
        return LineError(line_number, "not a JSON object")
    try:
        loaded: dict[str, Any] = schema.load(document)
    except ValidationError as exc:
        problems = "; ".join(
            f"{name}: {' '.join(map(str, messages))}"
            for name, messages in sorted(exc.normalized_messages().items())
        )
        return LineError(line_number, problems)
    return loaded


def verdict_line(item_id: str | int, tags: Tags) -> dict[str, Any]:
    """The one-line JSON verdict of `riskwatch tag --jsonl`."""
    return {
        "id": item_id,
        "relevant": tags.relevant,
        "apps": [app.slug for app in tags.apps],
        "jurisdiction": tags.jurisdiction,
        "event_type": tags.event_type,
        "direction": tags.direction,
        "confidence": tags.confidence,
        "evidence": list(tags.evidence),
    }
