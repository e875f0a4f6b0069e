"""Store → tag → events → scores for a batch of parsed items, in the caller's transaction.

Polling and file ingestion both end here, so an item that arrives either way is treated alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from riskwatch.domain.items import Item
from riskwatch.services.alerting import refresh_and_alert
from riskwatch.services.events import FoldResult, fold_items
from riskwatch.services.tagging import tag_item
from riskwatch.store.items import SaveResult, save_items


def store_batch(session: Session, items: Sequence[Item], *, source_key: str,
                feed_id: str | None, source_name: str | None, now: datetime,
                api_base: str | None) -> tuple[SaveResult, FoldResult]:
    """With `api_base`, also refresh scores and queue alerts in this transaction; without,
    the caller does that once after many batches (a backfill) instead of once per batch."""
    saved = save_items(session, items, source_key=source_key, feed_id=feed_id, seen_at=now,
                       tag=tag_item, source_name=source_name)
    folded = fold_items(session, saved.new_item_ids, now)
    if api_base is not None:
        refresh_and_alert(session, folded, now, api_base)
    return saved, folded
