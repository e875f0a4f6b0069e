"""feeds.yaml: the operator's list of feeds, validated before anything starts.

A bad file must stop start-up with a message that names the feed and the field, because a
typo silently dropping a court feed would leave scores wrong for months.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from marshmallow import Schema, ValidationError, fields, validate, validates

from riskwatch.domain.items import FeedConfig
from riskwatch.domain.vocabulary import FEED_KINDS

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_INTERVAL_SECONDS = 60


class FeedsFileError(ValueError):
    """feeds.yaml cannot be used; the message names the place and the problem."""


def parse_duration(text: str) -> int:
    """'15m' -> 900. Seconds, minutes, hours or days; nothing fancier, so typos fail loudly."""
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a duration (use e.g. 90s, 15m, 1h, 1d)")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


class DurationField(fields.Field):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValidationError(f"{value!r} is not a duration (use e.g. 15m, 1h)")
        try:
            seconds = value if isinstance(value, int) else parse_duration(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if seconds < MIN_INTERVAL_SECONDS:
            raise ValidationError(f"{value!r} is shorter than the minimum of 60s")
        return seconds


class FeedSchema(Schema):
    id = fields.String(required=True, validate=validate.Regexp(
        r"^[a-z0-9][a-z0-9._-]{0,63}$",
        error="must be 1-64 lowercase letters, digits, '.', '_' or '-'"))
    url = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(FEED_KINDS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    credibility = fields.Integer(load_default=2, strict=True, validate=validate.Range(1, 3))
    interval = DurationField(load_default="1h")
    enabled = fields.Boolean(load_default=True)

    @validates("url")
    def check_url(self, value: str, **_: Any) -> None:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError(f"{value!r} is not an http(s) URL")


class FeedsFileSchema(Schema):
    feeds = fields.List(fields.Nested(FeedSchema), required=True)


def _describe(messages: Any, prefix: str) -> list[str]:
    """Flatten marshmallow's nested error dict into 'feeds[4].interval: ...' lines."""
    if isinstance(messages, dict):
        lines = []
        for key, sub in messages.items():
            place = f"{prefix}[{key}]" if isinstance(key, int) else (
                f"{prefix}.{key}" if prefix else str(key))
            lines.extend(_describe(sub, place))
        return lines
    if isinstance(messages, list):
        return [f"{prefix}: {m}" for m in messages]
    return [f"{prefix}: {messages}"]


def load_feeds(text: str, source: str = "feeds.yaml") -> list[FeedConfig]:
    """Validate the YAML text; raise FeedsFileError naming every bad feed and field."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FeedsFileError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise FeedsFileError(f"{source}: expected a mapping with a 'feeds' list at the top")
    try:
        loaded = FeedsFileSchema().load(document, unknown="raise")
    except ValidationError as exc:
        raise FeedsFileError(_name_feeds(document, _describe(exc.messages, ""), source)) from exc
    configs = [
        FeedConfig(id=f["id"], url=f["url"], kind=f["kind"], title=f["title"],
                   credibility=f["credibility"], interval_seconds=f["interval"],
                   enabled=f["enabled"])
        for f in loaded["feeds"]
    ]
    seen: set[str] = set()
    for index, config in enumerate(configs):
        if config.id in seen:
            raise FeedsFileError(f"{source}: feeds[{index}].id: {config.id!r} is used twice")
        seen.add(config.id)
    return configs


def _name_feeds(document: dict[str, Any], lines: list[str], source: str) -> str:
    """Add the feed's id to each line so the operator need not count list entries."""
    feeds = document.get("feeds") if isinstance(document.get("feeds"), list) else []
    out = []
    for line in lines:
        match = re.match(r"^feeds\[(\d+)\]", line)
        index = int(match.group(1)) if match else len(feeds)
        if index < len(feeds) and isinstance(feeds[index], dict):
            feed_id = feeds[index].get("id")
            if feed_id:
                line = f"{line} (feed {feed_id!r})"
        out.append(f"{source}: {line}")
    return "\n".join(out)


def read_feeds_file(path: Path) -> list[FeedConfig]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FeedsFileError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise FeedsFileError(f"{path}: is not UTF-8 text") from exc
    return load_feeds(text, source=str(path))
