"""The tagger as the store wants it: one call per new item, verdict and version together."""

from __future__ import annotations

from typing import Any

from riskwatch.domain.items import Item
from riskwatch.tagging import TAGGER_VERSION, tag


def tag_item(item: Item) -> tuple[dict[str, Any], bool, str]:
    tags = tag(item.title, item.summary)
    return tags.to_json(), tags.relevant, TAGGER_VERSION
