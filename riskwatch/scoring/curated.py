"""The curated regulatory history: real, dated actions against the tracked apps, reviewed by a
person, that seed every app's timeline so a fresh install is not empty for weeks.

The file is checked entry by entry when it is read. A mistyped event type, an app the catalog
does not know, a date in the future, a missing source or a repeated key stops the load with a
message naming the entry (by key, or by position when the key itself is unusable) and the
field, so a bad edit is caught before it can move anyone's risk score.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates

from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES

DEFAULT_PATH = Path(__file__).parent / "data" / "curated_events.yaml"

# The events table stores the key in a 120-character column.
MAX_KEY_LENGTH = 120

_SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_JURISDICTION = re.compile(r"\A(?:US-federal|US-[A-Z]{2}|EU|[A-Z]{2})\Z")


class CuratedDataError(ValueError):
    """The curated history cannot be used; the message names the file, the entry and the field."""


@dataclass(frozen=True, slots=True)
class CuratedEvent:
    """One reviewed happening. `class_level` marks a measure aimed at a whole class of apps
    ("apps of Chinese companies") rather than at the apps it names; the score discounts it."""

    key: str
    date: dt.date
    apps: tuple[str, ...]
    class_level: bool
    jurisdiction: str
    event_type: str
    direction: str
    title: str
    sources: tuple[str, ...]
    note: str | None = None


class _EventSchema(Schema):
    """One entry. `today` and `allowed_apps` are per load, so they live on the instance."""

    key = fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=MAX_KEY_LENGTH),
            validate.Regexp(_SLUG, error="'{input}' is not a lowercase slug"),
        ],
    )
    date = fields.Date(required=True)
    apps = fields.List(
        fields.String(validate=validate.Regexp(_SLUG, error="'{input}' is not a lowercase slug")),
        required=True,
        validate=validate.Length(min=1, error="must name at least one app"),
    )
    class_level = fields.Boolean(load_default=False)
    jurisdiction = fields.String(
        required=True,
        validate=validate.Regexp(
            _JURISDICTION, error="'{input}' is not US-federal, US-XX, EU or an ISO 3166-1 code"
        ),
    )
    event_type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    sources = fields.List(
        fields.URL(schemes={"http", "https"}, require_tld=True),
        required=True,
        validate=validate.Length(min=1, error="must list at least one http(s) source"),
    )
    note = fields.String(load_default=None)

    def __init__(self, *, today: dt.date, allowed_apps: frozenset[str] | None) -> None:
        super().__init__()
        self.today = today
        self.allowed_apps = allowed_apps

    @pre_load
    def _dates_as_text(self, data: Any, **_: Any) -> Any:
        """YAML reads an unquoted 2024-04-24 as a date; the Date field wants ISO text."""
        if isinstance(data, Mapping) and isinstance(data.get("date"), dt.date):
            return {**data, "date": data["date"].isoformat()}
        return data

    @validates("date")
    def _not_in_future(self, value: dt.date, **_: Any) -> None:
        if value > self.today:
            raise ValidationError(f"{value.isoformat()} is after today ({self.today.isoformat()})")

    @validates("apps")
    def _known_and_distinct(self, value: list[str], **_: Any) -> None:
        repeated = sorted({slug for slug in value if value.count(slug) > 1})
        if repeated:
            raise ValidationError(f"lists {', '.join(repeated)} more than once")
        if self.allowed_apps is not None:
            unknown = [slug for slug in value if slug not in self.allowed_apps]
            if unknown:
                raise ValidationError(f"unknown app {', '.join(repr(s) for s in unknown)}")


def load_curated_events(
    path: Path | None = None,
    allowed_apps: Collection[str] | None = None,
    *,
    today: dt.date | None = None,
) -> list[CuratedEvent]:
    """Every entry of the curated history, in file order, or `CuratedDataError` naming each
    bad entry and field. `allowed_apps` (the catalog's slugs) rejects apps nobody tracks;
    `today` defaults to the UTC date, so an event dated tomorrow is a typo, not a forecast."""
    source = path if path is not None else DEFAULT_PATH
    entries = _entries(_read(source), source.name)
    schema = _EventSchema(
        today=today if today is not None else dt.datetime.now(dt.UTC).date(),
        allowed_apps=frozenset(allowed_apps) if allowed_apps is not None else None,
    )
    problems: list[str] = []
    events: list[CuratedEvent] = []
    first_seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        label = _label(index, entry)
        try:
            data = schema.load(entry)
        except ValidationError as exc:
            problems.extend(f"{label}: {line}" for line in _flatten(exc.messages, ""))
            continue
        if data["key"] in first_seen:
            problems.append(f"{label}: key: repeats events[{first_seen[data['key']]}]")
            continue
        first_seen[data["key"]] = index
        events.append(
            CuratedEvent(
                key=data["key"],
                date=data["date"],
                apps=tuple(data["apps"]),
                class_level=data["class_level"],
                jurisdiction=data["jurisdiction"],
                event_type=data["event_type"],
                direction=data["direction"],
                title=data["title"],
                sources=tuple(data["sources"]),
                note=data["note"],
            )
        )
    if problems:
        raise CuratedDataError(f"{source.name}: " + "; ".join(problems))
    return events


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CuratedDataError(f"{path.name}: cannot be read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise CuratedDataError(f"{path.name}: not valid YAML: {exc}") from exc


def _entries(document: Any, name: str) -> list[Any]:
    if not isinstance(document, Mapping) or set(document) != {"events"}:
        raise CuratedDataError(f"{name}: expected a mapping with exactly one key, 'events'")
    entries = document["events"]
    if not isinstance(entries, list):
        raise CuratedDataError(f"{name}: events: must be a list")
    return entries


def _label(index: int, entry: Any) -> str:
    """`events[3] (key 'x')`, or just `events[3]` when the key is missing or not text."""
    key = entry.get("key") if isinstance(entry, Mapping) else None
    return f"events[{index}] (key {key!r})" if isinstance(key, str) and key else f"events[{index}]"


def _flatten(messages: Any, location: str) -> list[str]:
    """marshmallow's nested error dict as `field: message` lines (`sources[1]: ...`)."""
    if isinstance(messages, Mapping):
        lines: list[str] = []
        for key, nested in messages.items():
            if key == "_schema":
                where = location
            elif isinstance(key, int):
                where = f"{location}[{key}]"
            else:
                where = f"{location}.{key}" if location else str(key)
            lines.extend(_flatten(nested, where))
        return lines
    if isinstance(messages, list | tuple):
        return [line for message in messages for line in _flatten(message, location)]
    return [f"{location}: {messages}" if location else str(messages)]
