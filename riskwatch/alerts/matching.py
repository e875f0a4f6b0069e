"""Which subscriptions want a message: a pure function of the filter and the message."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from riskwatch.alerts.messages import LEVEL_CHANGED, PING, Message
from riskwatch.domain.vocabulary import LEVELS

_LEVEL_RANK = {name: rank for rank, (name, _) in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class SubscriptionFilter:
    """Empty collections mean "any". Class-level concerns ("Chinese-owned apps") are left out
    unless asked for: they are many and weak."""

    apps: frozenset[str] = frozenset()
    event_types: frozenset[str] = frozenset()
    jurisdictions: frozenset[str] = frozenset()
    directions: frozenset[str] = frozenset()
    min_level: str | None = None
    include_class_level: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubscriptionFilter:
        return cls(frozenset(data.get("apps") or ()), frozenset(data.get("event_types") or ()),
                   frozenset(data.get("jurisdictions") or ()),
                   frozenset(data.get("directions") or ()), data.get("min_level"),
                   bool(data.get("include_class_level", False)))


def matches(wanted: SubscriptionFilter, types: Collection[str], message: Message) -> bool:
    if message.type == PING:
        return True
    if message.type not in types:
        return False
    concerned = {slug for slug, via in message.apps.items()
                 if via != "class" or wanted.include_class_level}
    if not concerned or (wanted.apps and not concerned & wanted.apps):
        return False
    if wanted.min_level and _LEVEL_RANK.get(message.level or "low", 0) < _LEVEL_RANK.get(
            wanted.min_level, 0):
        return False
    if message.type == LEVEL_CHANGED:
        return True
    return ((not wanted.event_types or message.event_type in wanted.event_types)
            and (not wanted.jurisdictions or message.jurisdiction in wanted.jurisdictions)
            and (not wanted.directions or message.direction in wanted.directions))
