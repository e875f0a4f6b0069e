"""Storing items: once per entry per feed, once per story across feeds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskwatch.domain.items import Item
from riskwatch.store.conflicts import insert_or_skip
from riskwatch.store.models import Item as ItemRow
from riskwatch.store.models import ItemSource

MAX_KEY_CHARS = 500
_CHUNK = 500

# Given a new item, the tagger's verdict as (tags JSON, relevant, tagger version).
TagFunction = Callable[[Item], tuple[dict[str, Any], bool, str]]


@dataclass
class SaveResult:
    new_item_ids: list[int] = field(default_factory=list)
    new_sightings: int = 0
    unchanged: int = 0


def storage_guid(guid: str) -> str:
    """Keep keys indexable: a hostile feed's 1 MB guid becomes a digest."""
    if len(guid) <= MAX_KEY_CHARS:
        return guid
    return "sha256:" + hashlib.sha256(guid.encode("utf-8", "surrogatepass")).hexdigest()


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def save_items(session: Session, items: Sequence[Item], *, source_key: str,
               feed_id: str | None, seen_at: datetime, tag: TagFunction,
               source_name: str | None = None) -> SaveResult:
    """Store what is new; re-saving the same items changes nothing.

    An entry already seen in this source is skipped. An entry whose story is already stored
    (same fingerprint, e.g. from another feed) adds a sighting to the existing item instead of
    a second item. Only brand-new stories are tagged, so re-polls cost almost nothing.
    """
    result = SaveResult()
    by_guid: dict[str, Item] = {}
    for item in items:
        by_guid.setdefault(storage_guid(item.guid), item)
    guids = list(by_guid)
    known_guids: set[str] = set()
    for chunk in _chunks(guids):
        known_guids.update(session.scalars(select(ItemSource.guid).where(
            ItemSource.source_key == source_key, ItemSource.guid.in_(chunk))))
    fresh = [(guid, item) for guid, item in by_guid.items() if guid not in known_guids]
    result.unchanged = len(items) - len(fresh)
    if not fresh:
        return result
    fingerprints = list({item.fingerprint for _, item in fresh})
    item_ids = _ids_of(session, fingerprints)
    new_rows: dict[str, dict[str, Any]] = {}
    sightings: list[dict[str, Any]] = []
    for guid, item in fresh:
        sightings.append({"feed_id": feed_id, "source_key": source_key, "guid": guid,
                          "url": item.url, "seen_at": seen_at,
                          "fingerprint": item.fingerprint})
        if item.fingerprint in item_ids or item.fingerprint in new_rows:
            result.new_sightings += 1
        else:
            new_rows[item.fingerprint] = _new_row(item, guid, feed_id, seen_at, source_name, tag)
    if new_rows:
        created = _insert_new(session, new_rows)
        # A story another process stored between our read and our insert is a sighting too.
        raced = [fp for fp in new_rows if fp not in created]
        item_ids.update(created)
        item_ids.update(_ids_of(session, raced))
        result.new_sightings += len(raced)
        result.new_item_ids = [created[fp] for fp in new_rows if fp in created]
    for sighting in sightings:
        sighting["item_id"] = item_ids[sighting.pop("fingerprint")]
    session.execute(insert_or_skip(session, ItemSource, ("source_key", "guid")), sightings)
    return result


def _insert_new(session: Session, rows: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Insert the rows, skipping any whose fingerprint exists by now; {fingerprint: id}.

    Rows go in fingerprint order, so two processes inserting overlapping stories wait on each
    other in the same order instead of deadlocking. Core executemany with RETURNING: one round
    of statements, not one ORM object each.
    """
    ordered = [rows[fp] for fp in sorted(rows)]
    statement = insert_or_skip(session, ItemRow, ("fingerprint",)).returning(
        ItemRow.fingerprint, ItemRow.id)
    return dict(session.execute(statement, ordered).all())


def _ids_of(session: Session, fingerprints: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(fingerprints):
        found.update(session.execute(select(ItemRow.fingerprint, ItemRow.id)
                                     .where(ItemRow.fingerprint.in_(chunk))).all())
    return found


def _new_row(item: Item, guid: str, feed_id: str | None, seen_at: datetime,
             source_name: str | None, tag: TagFunction) -> dict[str, Any]:
    tags, relevant, version = tag(item)
    docket = item.docket
    return {"fingerprint": item.fingerprint, "feed_id": feed_id, "guid": guid, "url": item.url,
            "title": item.title, "summary": item.summary, "published_at": item.published_at,
            "fetched_at": seen_at, "language": item.language, "source_name": source_name,
            "docket_court": docket.court if docket else None,
            "docket_number": docket.docket_number if docket else None,
            "docket": asdict(docket) if docket else None,
            "relevant": relevant, "tags": tags, "tagger_version": version}
