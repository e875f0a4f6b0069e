"""Webhook messages: versioned payloads `{"type", "version", "timestamp", "data"}` with links
back to the API, and the facts subscription filters are matched against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from riskwatch.domain.events import Event
from riskwatch.domain.scores import Contribution

PAYLOAD_VERSION: Final = 1
EVENT_CREATED: Final = "event.created"
EVENT_UPDATED: Final = "event.updated"
LEVEL_CHANGED: Final = "risk.level_changed"
PING: Final = "ping"
MESSAGE_TYPES: Final = (EVENT_CREATED, EVENT_UPDATED, LEVEL_CHANGED, PING)
DEFAULT_TYPES: Final = (EVENT_CREATED, EVENT_UPDATED, LEVEL_CHANGED)


@dataclass(frozen=True, slots=True)
class Message:
    """A message before it is addressed. `apps` maps each app to how it is concerned
    (direct, owner or class); `level` is the highest current level among those apps."""

    type: str
    data: dict[str, Any]
    apps: dict[str, str] = field(default_factory=dict)
    event_type: str | None = None
    jurisdiction: str | None = None
    direction: str | None = None
    level: str | None = None


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def event_message(kind: str, event: Event, *, version: int, level: str | None,
                  api_base: str) -> Message:
    data = {
        "event": {
            "id": event.id, "version": version, "event_type": event.event_type,
            "direction": event.direction, "jurisdiction": event.jurisdiction,
            "occurred_on": event.occurred_on.isoformat(), "title": event.title,
            "apps": [{"slug": a.slug, "via": a.via} for a in event.apps],
            "source_count": event.source_count, "provenance": event.provenance,
        },
        "links": {
            "event": f"{api_base}/api/v1/events/{event.id}",
            "timelines": {a.slug: f"{api_base}/api/v1/apps/{a.slug}/timeline"
                          for a in event.apps},
        },
    }
    return Message(kind, data, {a.slug: a.via for a in event.apps}, event.event_type,
                   event.jurisdiction, event.direction, level)


def level_message(app: str, day: str, before: tuple[float, str], after: tuple[float, str],
                  movers: Sequence[Contribution], api_base: str) -> Message:
    data = {
        "app": app, "as_of": day,
        "before": {"score": round(before[0], 2), "level": before[1]},
        "after": {"score": round(after[0], 2), "level": after[1]},
        "contributions": [c.to_json() for c in movers],
        "links": {"risk": f"{api_base}/api/v1/apps/{app}/risk",
                  "history": f"{api_base}/api/v1/apps/{app}/risk/history"},
    }
    return Message(LEVEL_CHANGED, data, {app: "direct"}, level=after[1])


def ping_message(subscription_id: str) -> Message:
    return Message(PING, {"subscription_id": subscription_id,
                          "message": "riskwatch can reach this endpoint"})


def payload(message: Message, timestamp: datetime) -> dict[str, Any]:
    return {"type": message.type, "version": PAYLOAD_VERSION, "timestamp": _iso(timestamp),
            "data": message.data}
