"""From tagged items to events: the store drives the pure clustering rules item by item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskwatch.domain.events import Docket, EventApp, ItemSignal
from riskwatch.domain.tags import Tags
from riskwatch.scoring.clustering import (
    Create,
    Join,
    Merge,
    candidate_query,
    decide,
    derive_event,
    refresh_event,
)
from riskwatch.store import events as store
from riskwatch.store.locks import lock_derived_state
from riskwatch.store.models import Feed
from riskwatch.store.models import Item as ItemRow

# The tagger says how it matched an app; clustering and scoring say how an event concerns it.
_VIA = {"alias": "direct", "flagship": "direct", "owner": "owner", "class": "class"}
# Backfilled archives are mostly established outlets; local files are of unknown standing.
BACKFILL_CREDIBILITY = 2
FILE_CREDIBILITY = 3


@dataclass
class FoldResult:
    created: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    # app slug -> earliest day whose score the change can move
    touched: dict[str, date] = field(default_factory=dict)

    def touch(self, slugs: Sequence[str], day: date) -> None:
        for slug in slugs:
            self.touched[slug] = min(day, self.touched.get(slug, day))

    def absorb(self, other: FoldResult) -> None:
        """Add a later batch's result: events it merged away are gone from ours too."""
        self.created = (self.created | other.created)
        self.changed = (self.changed | other.changed) - self.created
        for slug, day in other.touched.items():
            self.touch([slug], day)


def signal_for(row: ItemRow, credibility: int) -> ItemSignal | None:
    """The clustering view of a stored item, or None when it is not about a regulatory act."""
    if not row.tags:
        return None
    tags = Tags.from_json(row.tags)
    if not (tags.relevant and tags.event_type and tags.direction and tags.apps):
        return None
    apps = tuple(sorted({EventApp(m.slug, _VIA.get(m.via, "direct")) for m in tags.apps},
                        key=lambda a: (a.slug, a.via)))
    day = (row.published_at or row.fetched_at).date()
    docket = Docket(row.docket_court, row.docket_number) if row.docket_number else None
    return ItemSignal(item_id=str(row.id), title=row.title, day=day, apps=apps,
                      event_type=tags.event_type, direction=tags.direction,
                      jurisdiction=tags.jurisdiction, credibility=credibility,
                      source_id=row.feed_id or row.source_name or "unknown", docket=docket)


def _credibility(row: ItemRow, feeds: dict[str, int]) -> int:
    if row.feed_id:
        return feeds.get(row.feed_id, FILE_CREDIBILITY)
    return BACKFILL_CREDIBILITY if row.source_name else FILE_CREDIBILITY


def fold_items(session: Session, item_ids: Sequence[int], now: datetime) -> FoldResult:
    """Cluster the given items (in id order, so a batch is folded the same way every time)."""
    result = FoldResult()
    ids = store.unclustered(session, sorted(item_ids))
    if not ids:
        return result
    feeds = dict(session.execute(select(Feed.id, Feed.credibility)).all())
    rows = session.scalars(select(ItemRow).where(ItemRow.id.in_(ids)).order_by(ItemRow.id))
    signals = [s for s in (signal_for(row, _credibility(row, feeds)) for row in rows) if s]
    if signals:
        # Only now, before the first read of events: other processes' folds wait here, not
        # on this batch's irrelevant items. (The items themselves are this transaction's
        # new rows, or the caller holds the lock already.)
        lock_derived_state(session)
    for signal in signals:
        _fold(session, signal, now, result)
    return result


def _fold(session: Session, signal: ItemSignal, now: datetime, result: FoldResult) -> None:
    candidates = {c.event.id: c for c in store.find_candidates(session, candidate_query(signal))}
    decision = decide(signal, candidates.values())
    if isinstance(decision, Create):
        event_id = f"ev-{signal.item_id}"
        value = derive_event(event_id, [signal])
        store.write_event(session, value, now, new=True)
        store.add_member(session, event_id, signal)
        result.created.add(event_id)
        result.touch([a.slug for a in value.apps], value.occurred_on)
        return
    event_id = decision.event_id if isinstance(decision, Join) else decision.into
    absorbed = decision.event_ids if isinstance(decision, Merge) else (event_id,)
    members = [m for other in absorbed for m in candidates[other].members] + [signal]
    for other in absorbed:
        gone = candidates[other].event
        result.touch([a.slug for a in gone.apps], gone.occurred_on)
        if other != event_id:
            result.created.discard(other)
            result.changed.discard(other)
    if isinstance(decision, Merge):
        store.move_members(session, decision.event_ids, event_id)
    store.add_member(session, event_id, signal)
    before = candidates[event_id].event
    value = refresh_event(before, members)
    if store.write_event(session, value, now, before=before) and event_id not in result.created:
        result.changed.add(event_id)
    result.touch([a.slug for a in value.apps], value.occurred_on)
