"""The tagger as the store wants it: one call per new item, verdict and version together."""

from __future__ import annotations

from typing import Any

from riskwatch.domain.items import Item
from riskwatch.store.models import Item as ItemRow
from riskwatch.tagging import TAGGER_VERSION, tag


def tag_item(item: Item) -> tuple[dict[str, Any], bool, str]:
    """The verdict in the form the JSON column gives back, so a stored verdict and a fresh
    one compare equal when the rules have not changed."""
    tags = tag(item.title, item.summary)
    return tags.to_json(), tags.relevant, TAGGER_VERSION


def to_domain_item(row: ItemRow) -> Item:
    """Enough of a stored item to tag it again."""
    return Item(guid=row.guid, url=row.url, title=row.title, summary=row.summary,
                published_at=row.published_at, fingerprint=row.fingerprint,
                language=row.language)
