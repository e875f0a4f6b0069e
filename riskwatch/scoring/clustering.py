"""Folding the many reports of one happening into one event, incrementally.

Two items are *linked* when they agree on event type, direction and jurisdiction, share an app,
are at most `WINDOW_DAYS` apart and read alike (the closer in time, the less alike they need
to be); docket entries of one case are linked by their case key instead of their wording. An
event is a connected group of linked items (single linkage). Because linkage looks at pairs
only, the events after any sequence of `decide` calls are the connected components of the
same graph whatever the arrival order: a late item joins its event, or merges the two events
it bridges, and never starts a duplicate.

A curated event is an anchor: an item linked to it (or to an item already in it) joins it, and
its curated date, title and apps stay. The anchor itself is compared by its curated fields only,
which never change, so anchors keep the result independent of arrival order too. Two curated
events are never merged; an item linked to both joins the nearer one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from riskwatch.domain.events import (
    APP_VIAS,
    CandidateQuery,
    ClusterCandidate,
    Docket,
    Event,
    EventApp,
    ItemSignal,
)
from riskwatch.scoring.wording import token_set_similarity

# Outlets date one happening up to a couple of days apart (time zones, a late-night ruling
# written up the next morning, weekend catch-up pieces); three days covers that while keeping
# separate steps of one story (a bill passing the House, then the Senate) apart.
WINDOW_DAYS: Final = 3

# Minimum title similarity by day gap (index = gap). Same-day reports that already agree on
# app, type, direction and jurisdiction rarely describe different happenings, so a shared app
# name plus one word will do; three days apart, half the shorter headline must match.
_MIN_SIMILARITY: Final = (0.15, 0.25, 0.4, 0.5)

# District docket numbers read "2:24-cv-00147-ABC": division, year, case type, sequence, judge.
# Feeds and news cite them with or without the division, padding and judge initials; year,
# type and sequence identify the case within its court.
_DISTRICT_NUMBER = re.compile(r"^(?:\d+:)?(\d{2})-([a-z]+)-0*(\d+)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Create:
    """Start a new event with this item alone."""


@dataclass(frozen=True, slots=True)
class Join:
    """Add the item to an existing event."""

    event_id: str


@dataclass(frozen=True, slots=True)
class Merge:
    """The item bridges several events: move all of `event_ids` (sorted, `into` among them)
    into `into`, then add the item."""

    into: str
    event_ids: tuple[str, ...]


Decision = Create | Join | Merge


def case_key(docket: Docket) -> str:
    """One spelling per court case, so every docket entry of it lands in one case thread."""
    court = _NOT_ALNUM.sub("", (docket.court or "").lower())
    number = re.sub(r"\s+", "", docket.docket_number.lower())
    district = _DISTRICT_NUMBER.match(number)
    if district:
        number = "-".join(district.groups())
    return f"{court}:{number}"


def candidate_query(signal: ItemSignal) -> CandidateQuery:
    """Every event holding an item the signal could link to is admitted by this query."""
    window = timedelta(days=WINDOW_DAYS)
    return CandidateQuery(
        event_type=signal.event_type,
        direction=signal.direction,
        jurisdiction=signal.jurisdiction,
        reported_from=signal.day - window,
        reported_until=signal.day + window,
        app_slugs=tuple(sorted({app.slug for app in signal.apps})),
    )


@dataclass(frozen=True, slots=True)
class _Report:
    """What the link rule compares: an item, or the curated record an event is anchored on."""

    day: date
    title: str
    event_type: str
    direction: str
    jurisdiction: str | None
    slugs: frozenset[str]
    case_key: str | None


def _report_of_item(signal: ItemSignal) -> _Report:
    return _Report(
        day=signal.day,
        title=signal.title,
        event_type=signal.event_type,
        direction=signal.direction,
        jurisdiction=signal.jurisdiction,
        slugs=frozenset(app.slug for app in signal.apps),
        case_key=case_key(signal.docket) if signal.docket else None,
    )


def _report_of_curated(event: Event) -> _Report:
    """The curated record itself; its case key is left out because members may have set it."""
    return _Report(
        day=event.occurred_on,
        title=event.title,
        event_type=event.event_type,
        direction=event.direction,
        jurisdiction=event.jurisdiction,
        slugs=frozenset(app.slug for app in event.apps),
        case_key=None,
    )


def _gap(first: _Report, second: _Report) -> int:
    return abs((first.day - second.day).days)


def _linked(first: _Report, second: _Report) -> bool:
    """Symmetric in its arguments: that is what makes the result independent of arrival order."""
    gap = _gap(first, second)
    if (
        gap > WINDOW_DAYS
        or first.event_type != second.event_type
        or first.direction != second.direction
        or first.jurisdiction != second.jurisdiction
        or not first.slugs & second.slugs
    ):
        return False
    if first.case_key and second.case_key:
        return first.case_key == second.case_key
    return token_set_similarity(first.title, second.title) >= _MIN_SIMILARITY[gap]


def _reports(candidate: ClusterCandidate) -> list[_Report]:
    reports = [_report_of_item(member) for member in candidate.members]
    if candidate.event.provenance == "curated":
        reports.append(_report_of_curated(candidate.event))
    return reports


def _closeness(report: _Report, candidate: ClusterCandidate) -> tuple[int, float, str]:
    """Sort key among curated events an item links to: nearest date, then likest title."""
    anchor = _report_of_curated(candidate.event)
    similarity = token_set_similarity(report.title, anchor.title)
    return (_gap(report, anchor), -similarity, candidate.event.id)


def decide(signal: ItemSignal, candidates: Iterable[ClusterCandidate]) -> Decision:
    """Where a new item goes, given the events `candidate_query(signal)` found.

    Candidates the item does not link to are ignored, so a store may pass a looser superset.
    """
    report = _report_of_item(signal)
    linked = [c for c in candidates if any(_linked(report, r) for r in _reports(c))]
    if not linked:
        return Create()
    curated = sorted(
        (c for c in linked if c.event.provenance == "curated"),
        key=lambda c: _closeness(report, c),
    )
    ingested = [c for c in linked if c.event.provenance != "curated"]
    targets = curated[:1] + ingested
    if len(targets) == 1:
        return Join(targets[0].event.id)
    # The curated anchor survives; otherwise the oldest event, whose id people may have seen.
    into = curated[0] if curated else min(ingested, key=lambda c: (c.event.occurred_on, c.event.id))
    return Merge(into=into.event.id, event_ids=tuple(sorted(c.event.id for c in targets)))


def _strongest_apps(groups: Iterable[Iterable[EventApp]]) -> tuple[EventApp, ...]:
    """One entry per app, by its most direct mention (a name beats an owner beats a class)."""
    best: dict[str, EventApp] = {}
    for apps in groups:
        for app in apps:
            held = best.get(app.slug)
            if held is None or APP_VIAS.index(app.via) < APP_VIAS.index(held.via):
                best[app.slug] = app
    return tuple(best[slug] for slug in sorted(best))


def _lowest_case_key(members: Sequence[ItemSignal]) -> str | None:
    """Members of one event almost always cite one case; when they do not, the lowest key is a
    choice that no arrival order and no re-derivation can change."""
    return min((case_key(m.docket) for m in members if m.docket), default=None)


def derive_event(event_id: str, members: Sequence[ItemSignal]) -> Event:
    """An ingested event's fields from its items; any order of the same items gives the same.

    The date is the earliest among the best-tier sources (a court docket's date beats a blog's
    earlier guess); the title is the best-tier, earliest report's.
    """
    if not members:
        raise ValueError(f"clustering: event {event_id!r} has no member items")
    lead = min(members, key=lambda m: (m.credibility, m.day, m.title, m.item_id))
    days = [m.day for m in members]
    return Event(
        id=event_id,
        event_type=lead.event_type,
        direction=lead.direction,
        jurisdiction=lead.jurisdiction,
        occurred_on=min(m.day for m in members if m.credibility == lead.credibility),
        title=lead.title,
        apps=_strongest_apps(m.apps for m in members),
        source_count=len({m.source_id for m in members}),
        credibility=lead.credibility,
        provenance="ingested",
        case_key=_lowest_case_key(members),
        first_reported_on=min(days),
        last_reported_on=max(days),
    )


def refresh_event(event: Event, members: Sequence[ItemSignal]) -> Event:
    """The event's fields after its member items changed.

    An ingested event is rederived from its items alone. A curated event keeps its date, title,
    key fields and apps; items widen its span, can raise its source count and tier, and give it
    a case key. Applying it again to its own result changes nothing, so a store may keep only
    the result.
    """
    if event.provenance != "curated":
        return derive_event(event.id, members)
    if not members:
        return event
    items = derive_event(event.id, members)
    first, last = event.reported_span
    return Event(
        id=event.id,
        event_type=event.event_type,
        direction=event.direction,
        jurisdiction=event.jurisdiction,
        occurred_on=event.occurred_on,
        title=event.title,
        apps=event.apps,
        source_count=max(event.source_count, items.source_count),
        credibility=min(event.credibility, items.credibility),
        provenance=event.provenance,
        case_key=min(filter(None, (event.case_key, items.case_key)), default=None),
        first_reported_on=min(first, items.reported_span[0]),
        last_reported_on=max(last, items.reported_span[1]),
    )
