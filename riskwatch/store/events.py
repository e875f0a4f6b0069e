"""Events in the database: candidates for clustering, applying decisions, reading per app."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from riskwatch.domain.events import CandidateQuery, ClusterCandidate, Docket, EventApp, ItemSignal
from riskwatch.domain.events import Event as EventValue
from riskwatch.store.models import Event, EventAppRow, EventItem


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


# The columns an Event value is made of; clustering reads and writes them on every relevant
# item, so it does so with plain statements rather than ORM objects.
_FIELDS = ("event_type", "direction", "jurisdiction", "occurred_on", "title", "source_count",
           "credibility", "provenance", "case_key", "first_reported_on", "last_reported_on")


def _load_values(session: Session, *conditions: Any) -> list[EventValue]:
    rows = session.execute(select(Event.id, *(getattr(Event, f) for f in _FIELDS))
                           .where(*conditions).order_by(Event.id)).all()
    if not rows:
        return []
    apps: dict[str, list[EventApp]] = {}
    for event_id, slug, via in session.execute(
            select(EventAppRow.event_id, EventAppRow.slug, EventAppRow.via)
            .where(EventAppRow.event_id.in_([r.id for r in rows]))
            .order_by(EventAppRow.event_id, EventAppRow.slug)):
        apps.setdefault(event_id, []).append(EventApp(slug, via))
    return [EventValue(id=r.id, apps=tuple(apps.get(r.id, ())),
                       **{f: getattr(r, f) for f in _FIELDS}) for r in rows]


def load_event(session: Session, event_id: str) -> EventValue | None:
    found = _load_values(session, Event.id == event_id)
    return found[0] if found else None


def find_candidates(session: Session, query: CandidateQuery) -> list[ClusterCandidate]:
    """The one indexed query behind clustering: same type, direction, jurisdiction, span, app."""
    first = func.coalesce(Event.first_reported_on, Event.occurred_on)
    last = func.coalesce(Event.last_reported_on, Event.occurred_on)
    jurisdiction = (Event.jurisdiction.is_(None) if query.jurisdiction is None
                    else Event.jurisdiction == query.jurisdiction)
    values = _load_values(
        session, Event.event_type == query.event_type, Event.direction == query.direction,
        jurisdiction, first <= query.reported_until, last >= query.reported_from,
        # A curated event is matched on its own facts, whichever apps its members name.
        or_(Event.provenance == "curated",
            Event.id.in_(select(EventAppRow.event_id)
                         .where(EventAppRow.slug.in_(query.app_slugs)))))
    members = members_of(session, [value.id for value in values])
    return [ClusterCandidate(value, tuple(members.get(value.id, ()))) for value in values]


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
    session.execute(insert(EventItem).values(item_id=int(signal.item_id), event_id=event_id,
                                             signal=signal_to_json(signal)))


def delete_event(session: Session, event_id: str) -> None:
    """Its apps and memberships go with it (ON DELETE CASCADE)."""
    session.execute(delete(Event).where(Event.id == event_id))


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
                before: EventValue | None = None, new: bool = False,
                curated_key: str | None = None, sources: list[str] | None = None) -> bool:
    """Insert or update the row from the value; True when anything a reader sees changed.

    Clustering passes what it already knows (`before`, just read as a candidate, or `new`)
    to save the read. A change bumps `version`, which tells a subscriber it was updated.
    """
    wanted = {f: getattr(value, f) for f in _FIELDS}
    if curated_key is not None:
        wanted.update(curated_key=curated_key, sources=sources)
    apps = sorted({(a.slug, a.via) for a in value.apps})
    if before is None and not new:
        before = load_event(session, value.id)
    if before is None:
        session.execute(insert(Event).values(id=value.id, first_seen_at=now, updated_at=now,
                                             version=1, **wanted))
    else:
        current = {f: getattr(before, f) for f in _FIELDS}
        if curated_key is not None:
            current.update(session.execute(select(Event.curated_key, Event.sources)
                                           .where(Event.id == value.id)).one()._asdict())
        same_apps = sorted((a.slug, a.via) for a in before.apps) == apps
        if current == wanted and same_apps:
            return False
        session.execute(update(Event).where(Event.id == value.id)
                        .values(updated_at=now, version=Event.version + 1, **wanted))
        if same_apps and before.occurred_on == value.occurred_on:
            return True
        session.execute(delete(EventAppRow).where(EventAppRow.event_id == value.id))
    session.execute(insert(EventAppRow), [
        {"event_id": value.id, "slug": slug, "via": via, "occurred_on": value.occurred_on}
        for slug, via in apps])
    return True


def events_for_app(session: Session, slug: str, *, until: date | None = None,
                   vias: Iterable[str] | None = None) -> list[EventValue]:
    """Every event concerning the app (optionally up to a day), for the risk model.

    Each value carries only this app's membership: all the model asks of `apps`. One flat
    query, because a busy app has thousands of events and the API scores it on request.
    """
    conditions = [EventAppRow.slug == slug]
    if until is not None:
        conditions.append(EventAppRow.occurred_on <= until)
    if vias is not None:
        conditions.append(EventAppRow.via.in_(list(vias)))
    rows = session.execute(
        select(Event.id, Event.event_type, Event.direction, Event.jurisdiction,
               Event.occurred_on, Event.title, Event.source_count, Event.credibility,
               Event.provenance, Event.case_key, Event.first_reported_on,
               Event.last_reported_on, EventAppRow.via)
        .join(EventAppRow, EventAppRow.event_id == Event.id).where(*conditions)
        .order_by(Event.occurred_on, Event.id))
    return [EventValue(id=r.id, event_type=r.event_type, direction=r.direction,
                       jurisdiction=r.jurisdiction, occurred_on=r.occurred_on, title=r.title,
                       apps=(EventApp(slug, r.via),), source_count=r.source_count,
                       credibility=r.credibility, provenance=r.provenance,
                       case_key=r.case_key, first_reported_on=r.first_reported_on,
                       last_reported_on=r.last_reported_on) for r in rows]


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



def event_filters(*, event_types: Sequence[str] | None = None,
                  jurisdiction: str | None = None,
                  direction: str | None = None,
                  case_key: str | None = None) -> list[Any]:
    """WHERE clauses shared by the timeline and the events list."""
    conditions: list[Any] = []
    if case_key is not None:
        conditions.append(Event.case_key == case_key)
    if event_types:
        conditions.append(Event.event_type.in_(list(event_types)))
    if jurisdiction is not None:
        conditions.append(Event.jurisdiction == jurisdiction)
    if direction is not None:
        conditions.append(Event.direction == direction)
    return conditions
