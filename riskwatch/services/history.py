"""The curated history: loaded into events at `riskwatch init`, kept in step with its file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskwatch.domain.events import Event, EventApp
from riskwatch.scoring.clustering import refresh_event
from riskwatch.scoring.curated import CuratedEvent
from riskwatch.services.events import FoldResult, fold_items
from riskwatch.services.risk import refresh_snapshots
from riskwatch.store import events as store
from riskwatch.store.locks import lock_derived_state
from riskwatch.store.models import EventItem

# A reviewed entry with official sources is as credible as a court or government feed.
CURATED_CREDIBILITY = 1


@dataclass(frozen=True, slots=True)
class HistoryResult:
    added: int
    updated: int
    removed: int


def curated_id(key: str) -> str:
    return f"cur-{key}"


def to_event(entry: CuratedEvent) -> Event:
    via = "class" if entry.class_level else "direct"
    return Event(id=curated_id(entry.key), event_type=entry.event_type,
                 direction=entry.direction, jurisdiction=entry.jurisdiction,
                 occurred_on=entry.date, title=entry.title,
                 apps=tuple(EventApp(slug, via) for slug in sorted(set(entry.apps))),
                 source_count=len(entry.sources), credibility=CURATED_CREDIBILITY,
                 provenance="curated")


def load_history(session: Session, entries: Sequence[CuratedEvent],
                 now: datetime) -> HistoryResult:
    """Upsert every entry; drop curated events whose entry left the file.

    Items that had joined a dropped event are folded again, so they land in an ingested event
    of their own instead of vanishing from timelines.
    """
    lock_derived_state(session)
    known = store.curated_ids(session)
    wanted = {entry.key for entry in entries}
    touched = FoldResult()
    added = updated = 0
    for entry in entries:
        value = to_event(entry)
        members = store.members_of(session, [value.id]).get(value.id, [])
        if members:
            value = refresh_event(value, members)
        before = store.load_event(session, value.id)
        old_day = before.occurred_on if before is not None else value.occurred_on
        if store.write_event(session, value, now, curated_key=entry.key,
                             sources=list(entry.sources)):
            added += entry.key not in known
            updated += entry.key in known
            touched.touch([a.slug for a in value.apps], min(old_day, value.occurred_on))
    removed = [event_id for key, event_id in known.items() if key not in wanted]
    orphans: list[int] = []
    for event_id in removed:
        gone = store.load_event(session, event_id)
        touched.touch([a.slug for a in gone.apps], gone.occurred_on)
        orphans.extend(session.scalars(select(EventItem.item_id)
                                       .where(EventItem.event_id == event_id)))
        store.delete_event(session, event_id)
    refolded = fold_items(session, orphans, now)
    for slug, day in refolded.touched.items():
        touched.touch([slug], day)
    refresh_snapshots(session, touched.touched, now.date())
    return HistoryResult(added, updated, len(removed))
