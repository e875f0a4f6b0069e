"""Events: one real-world happening (a law signed, a ruling, a ban) however many feeds reported it,
and the values a store exchanges with the clustering rules to fold items into events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

# How an event concerns an app: it names the app, its parent company, or a class it belongs to.
APP_VIAS: Final = ("direct", "owner", "class")

# Curated events come from the reviewed history file; ingested ones were folded from feed items.
PROVENANCES: Final = ("curated", "ingested")

# Source tiers: 1 = court/government feed or curated, 2 = established outlet, 3 = aggregator.
CREDIBILITY_TIERS: Final = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class EventApp:
    slug: str
    via: str


@dataclass(frozen=True, slots=True)
class Docket:
    """The court and docket number of a case, as a docket feed gives them."""

    court: str | None
    docket_number: str


@dataclass(frozen=True, slots=True)
class Event:
    """One happening. `credibility` is the best tier among its sources (1 is best).

    `first_reported_on`/`last_reported_on` bound the days its sources were dated; a store
    indexes them so a new item's candidate events are one range query. None means the
    event has no member items yet (a curated event), so its span is `occurred_on` alone.
    `case_key` links every event of one court case into a case thread.
    """

    id: str
    event_type: str
    direction: str
    jurisdiction: str | None
    occurred_on: date
    title: str
    apps: tuple[EventApp, ...]
    source_count: int
    credibility: int
    provenance: str
    case_key: str | None = None
    first_reported_on: date | None = None
    last_reported_on: date | None = None

    @property
    def reported_span(self) -> tuple[date, date]:
        return (
            self.first_reported_on or self.occurred_on,
            self.last_reported_on or self.occurred_on,
        )


@dataclass(frozen=True, slots=True)
class ItemSignal:
    """What clustering needs to know about one relevant tagged item.

    `day` is the published date, or the first-seen date when the source gave none.
    `source_id` names the outlet or feed, so two items from one outlet count as one source.
    """

    item_id: str
    title: str
    day: date
    apps: tuple[EventApp, ...]
    event_type: str
    direction: str
    jurisdiction: str | None
    credibility: int
    source_id: str
    docket: Docket | None = None


@dataclass(frozen=True, slots=True)
class CandidateQuery:
    """The events an item could belong to, as one indexed query: equal event type, direction
    and jurisdiction (None matches only None), a reported span overlapping [reported_from,
    reported_until], and at least one app slug in common unless the event is curated (a curated
    event keeps its curated apps, and an item may reach it through a member naming others)."""

    event_type: str
    direction: str
    jurisdiction: str | None
    reported_from: date
    reported_until: date
    app_slugs: tuple[str, ...]

    def admits(self, event: Event) -> bool:
        """The query's meaning in Python, for in-memory stores and for checking a SQL version."""
        first, last = event.reported_span
        return (
            event.event_type == self.event_type
            and event.direction == self.direction
            and event.jurisdiction == self.jurisdiction
            and first <= self.reported_until
            and last >= self.reported_from
            and (
                event.provenance == "curated"
                or any(app.slug in self.app_slugs for app in event.apps)
            )
        )


@dataclass(frozen=True, slots=True)
class ClusterCandidate:
    """An event the store found for a query, with the signals of the items already in it."""

    event: Event
    members: tuple[ItemSignal, ...]
