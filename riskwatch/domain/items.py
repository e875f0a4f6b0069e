"""What the ingester hands to the rest of the pipeline: normalised items and per-feed settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One entry of feeds.yaml, validated."""

    id: str
    url: str
    kind: str
    title: str
    credibility: int
    interval_seconds: int
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class DocketEntry:
    """The structured part of a PACER/CM-ECF docket RSS entry."""

    court: str | None
    docket_number: str
    case_name: str | None
    short_description: str | None = None
    document_number: str | None = None
    document_url: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One article or docket entry, normalised: plain text, UTC dates, canonical URL.

    `guid` identifies the entry within its feed; `fingerprint` identifies the story across feeds.
    `published_at` is None when the source gave no usable date: it is never invented.
    """

    guid: str
    url: str | None
    title: str
    summary: str
    published_at: datetime | None
    fingerprint: str
    language: str | None = None
    docket: DocketEntry | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """The outcome of parsing one document: its usable items and what was wrong with it."""

    items: tuple[Item, ...]
    title: str | None = None
    ttl_seconds: int | None = None
    warning: str | None = None
    errors: tuple[str, ...] = field(default=())
