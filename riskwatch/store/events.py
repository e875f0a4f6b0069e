"""Events in the database: candidates for clustering, applying decisions, reading per app."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from riskwatch.domain.events import CandidateQuery, ClusterCandidate, Docket, EventApp, ItemSignal
from riskwatch.domain.events import Event as EventValue
from riskwatch.store.models import Event, EventAppRow, EventItem, Item


def signal_to_json(signal: ItemSignal) -> dict[str, Any]:
    data = asdict(signal)
    data["day"] = signal.day.isoformat()
    data["apps"] = [[app.slug, app.via] for app in signal.apps]
    return data


def signal_from_json(data: dict[str, Any]) -> ItemSignal:
    docket = data.get("docket")
    return ItemSignal(
        item_id=str(data["item_id"]), title=data["title"], day=date.fromisoformat(data["day"]),
        apps=tuple(EventApp(slug, via) for slug, via in data["apps"]),
        event_type=data["event_type"], direction=data["direction"],
        jurisdiction=data["jurisdiction"], credibility=int(data["credibility"]),
        source_id=data["source_id"], docket=Docket(**docket) if docket else None)


def to_value(row: Event) -> EventValue:
    return EventValue(
        id=row.id, event_type=row.event_type, direction=row.direction,
        jurisdiction=row.jurisdiction, occurred_on=row.occurred_on, title=row.title,
        apps=tuple(EventApp(a.slug, a.via) for a in row.apps), source_count=row.source_count,
        credibility=row.credibility, provenance=row.provenance, case_key=row.case_key,
        first_reported_on=row.first_reported_on, last_reported_on=row.last_reported_on)


def find_candidates(session: Session, query: CandidateQuery) -> list[ClusterCandidate]:
    """The one indexed query behind clustering: same type, direction, jurisdiction, span, app."""
    first = func.coalesce(Event.first_reported_on, Event.occurred_on)
    last = func.coalesce(Event.last_reported_on, Event.occurred_on)
    jurisdiction = (Event.jurisdiction.is_(None) if query.jurisdiction is None
                    else Event.jurisdiction == query.jurisdiction)
    rows = session.scalars(
        select(Event).options(selectinload(Event.apps))
        .where(Event.event_type == query.event_type, Event.direction == query.direction,
               jurisdiction, first <= query.reported_until, last >= query.reported_from,
               Event.id.in_(select(EventAppRow.event_id)
                            .where(EventAppRow.slug.in_(query.app_slugs))))
        .order_by(Event.id)).all()
    members = members_of(session, [row.id for row in rows])
    return [ClusterCandidate(to_value(row), tuple(members.get(row.id, ()))) for row in rows]


def members_of(session: Session, event_ids: Sequence[str]) -> dict[str, list[ItemSignal]]:
    found: dict[str, list[ItemSignal]] = {}
    if not event_ids:
        return found
    for event_id, signal in session.execute(
            select(EventItem.event_id, EventItem.signal)
            .where(EventItem.event_id.in_(event_ids)).order_by(EventItem.item_id)):
        found.setdefault(event_id, []).append(signal_from_json(signal))
    return found


def add_member(session: Session, event_id: str, signal: ItemSignal) -> None:
    session.add(EventItem(item_id=int(signal.item_id), event_id=event_id,
                          signal=signal_to_json(signal)))


def move_members(session: Session, from_ids: Iterable[str], into: str) -> None:
    """Merging: the items of the absorbed events now belong to `into`; the others are deleted."""
    others = [event_id for event_id in from_ids if event_id != into]
    if not others:
        return
    session.execute(update(EventItem).where(EventItem.event_id.in_(others))
                    .values(event_id=into).execution_options(synchronize_session=False))
    session.execute(delete(Event).where(Event.id.in_(others))
                    .execution_options(synchronize_session=False))


def write_event(session: Session, value: EventValue, now: datetime, *,
                curated_key: str | None = None, sources: list[str] | None = None) -> bool:
    """Insert or update the row from the value; True when anything a reader sees changed."""
    row = session.get(Event, value.id, options=[selectinload(Event.apps)])
    fields = dict(event_type=value.event_type, direction=value.direction,
                  jurisdiction=value.jurisdiction, occurred_on=value.occurred_on,
                  title=value.title, source_count=value.source_count,
                  credibility=value.credibility, provenance=value.provenance,
                  case_key=value.case_key, first_reported_on=value.first_reported_on,
                  last_reported_on=value.last_reported_on)
    if curated_key is not None:
        fields.update(curated_key=curated_key, sources=sources)
    apps = {(a.slug, a.via) for a in value.apps}
    if row is None:
        row = Event(id=value.id, first_seen_at=now, updated_at=now, version=1, **fields)
        row.apps = [EventAppRow(slug=s, via=v, occurred_on=value.occurred_on)
                    for s, v in sorted(apps)]
        session.add(row)
        return True
    changed = any(getattr(row, name) != wanted for name, wanted in fields.items())
    changed |= {(a.slug, a.via) for a in row.apps} != apps
    if not changed:
        return False
    for name, wanted in fields.items():
        setattr(row, name, wanted)
    row.apps = [EventAppRow(slug=s, via=v, occurred_on=value.occurred_on)
                for s, v in sorted(apps)]
    session.flush()
    row.updated_at, row.version = now, row.version + 1
    return True


def events_for_app(session: Session, slug: str, *, until: date | None = None,
                   vias: Iterable[str] | None = None) -> list[EventValue]:
    """Every event concerning the app (optionally up to a day), for the risk model."""
    conditions = [EventAppRow.slug == slug]
    if until is not None:
        conditions.append(EventAppRow.occurred_on <= until)
    if vias is not None:
        conditions.append(EventAppRow.via.in_(list(vias)))
    rows = session.scalars(
        select(Event).options(selectinload(Event.apps))
        .where(Event.id.in_(select(EventAppRow.event_id).where(and_(*conditions))))
        .order_by(Event.occurred_on, Event.id))
    return [to_value(row) for row in rows]


def curated_ids(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Event.curated_key, Event.id)
                                .where(Event.curated_key.is_not(None))).all())


def event_ids_of_items(session: Session, item_ids: Sequence[int]) -> set[str]:
    if not item_ids:
        return set()
    return set(session.scalars(select(EventItem.event_id)
                               .where(EventItem.item_id.in_(item_ids))))


def unclustered(session: Session, item_ids: Sequence[int]) -> list[int]:
    taken = set(session.scalars(select(EventItem.item_id)
                                .where(EventItem.item_id.in_(item_ids))))
    return [item_id for item_id in item_ids if item_id not in taken]



def event_filters(*, app: str | None = None, vias: Sequence[str] | None = None,
                  since: date | None = None, until: date | None = None,
                  event_types: Sequence[str] | None = None, jurisdiction: str | None = None,
                  direction: str | None = None) -> list[Any]:
    """WHERE clauses shared by the timeline and the events list."""
    conditions: list[Any] = []
    if app is not None:
        membership = select(EventAppRow.event_id).where(EventAppRow.slug == app)
        if vias is not None:
            membership = membership.where(EventAppRow.via.in_(list(vias)))
        conditions.append(Event.id.in_(membership))
    if since is not None:
        conditions.append(Event.occurred_on >= since)
    if until is not None:
        conditions.append(Event.occurred_on <= until)
    if event_types:
        conditions.append(Event.event_type.in_(list(event_types)))
    if jurisdiction is not None:
        conditions.append(Event.jurisdiction == jurisdiction)
    if direction is not None:
        conditions.append(Event.direction == direction)
    return conditions


def sources_of(session: Session, event_ids: Sequence[str],
               per_event: int | None = None) -> dict[str, list[tuple[Item, int]]]:
    """Each event's source items with their tier, best tier first, then earliest."""
    found: dict[str, list[tuple[Item, int]]] = {}
    if not event_ids:
        return found
    rows = session.execute(select(EventItem.event_id, EventItem.signal, Item)
                           .join(Item, Item.id == EventItem.item_id)
                           .where(EventItem.event_id.in_(list(event_ids))))
    for event_id, signal, item in rows:
        found.setdefault(event_id, []).append((item, int(signal.get("credibility", 3))))
    for pairs in found.values():
        pairs.sort(key=lambda p: (p[1], p[0].published_at or p[0].fetched_at, p[0].id))
        if per_event is not None:
            del pairs[per_event:]
    return found


def last_event_days(session: Session, vias: Sequence[str]) -> dict[str, date]:
    return dict(session.execute(select(EventAppRow.slug, func.max(EventAppRow.occurred_on))
                                .where(EventAppRow.via.in_(list(vias)))
                                .group_by(EventAppRow.slug)).all())
