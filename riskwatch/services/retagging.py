"""Re-applying the current tagger to stored items after its rules change.

An item whose verdict changes leaves its event and is folded again, so timelines and scores
follow the new rules instead of keeping what the old ones said.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from riskwatch.scoring.clustering import refresh_event
from riskwatch.services.events import FoldResult, fold_items
from riskwatch.services.risk import refresh_snapshots
from riskwatch.services.runtime import Runtime
from riskwatch.services.tagging import tag_item, to_domain_item
from riskwatch.store import events as event_store
from riskwatch.store.locks import lock_derived_state
from riskwatch.store.models import EventItem
from riskwatch.store.models import Item as ItemRow
from riskwatch.tagging import TAGGER_VERSION

BATCH = 500


@dataclass(frozen=True, slots=True)
class RetagResult:
    checked: int
    changed: int


def retag_items(runtime: Runtime, *, everything: bool = False,
                on_batch: Callable[[int], None] | None = None) -> RetagResult:
    checked = changed = 0
    last_id = 0
    while True:
        with runtime.database.writing() as session:
            query = select(ItemRow).where(ItemRow.id > last_id).order_by(ItemRow.id).limit(BATCH)
            if not everything:
                query = query.where((ItemRow.tagger_version != TAGGER_VERSION)
                                    | ItemRow.tagger_version.is_(None))
            rows = list(session.scalars(query))
            if not rows:
                break
            last_id = rows[-1].id
            moved = []
            for row in rows:
                tags, relevant, version = tag_item(to_domain_item(row))
                if tags != row.tags or relevant != row.relevant:
                    moved.append(row.id)
                row.tags, row.relevant, row.tagger_version = tags, relevant, version
            checked += len(rows)
            changed += len(moved)
            if moved:
                _refold(session, moved, runtime)
        if on_batch:
            on_batch(len(rows))
    return RetagResult(checked, changed)


def _refold(session: Session, item_ids: list[int], runtime: Runtime) -> None:
    lock_derived_state(session)
    now = runtime.clock()
    touched = FoldResult()
    old_events = event_store.event_ids_of_items(session, item_ids)
    session.execute(delete(EventItem).where(EventItem.item_id.in_(item_ids)))
    members = event_store.members_of(session, sorted(old_events))
    for event_id in sorted(old_events):
        value = event_store.load_event(session, event_id)
        touched.touch([a.slug for a in value.apps], value.occurred_on)
        if members.get(event_id):
            event_store.write_event(session, refresh_event(value, members[event_id]), now)
        elif value.provenance != "curated":
            event_store.delete_event(session, event_id)
    folded = fold_items(session, item_ids, now)
    for slug, day in folded.touched.items():
        touched.touch([slug], day)
    refresh_snapshots(session, touched.touched, now.date())
