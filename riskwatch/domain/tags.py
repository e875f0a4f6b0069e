"""The tagger's verdict on one item, with the evidence a person needs to check it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class AppMatch:
    """An app an item concerns, and how we know: `via` is 'alias', 'owner' or 'class'."""

    slug: str
    via: str
    phrase: str


@dataclass(frozen=True, slots=True)
class Tags:
    relevant: bool
    apps: tuple[AppMatch, ...] = ()
    jurisdiction: str | None = None
    event_type: str | None = None
    direction: str | None = None
    confidence: float = 0.0
    evidence: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tags:
        return cls(
            relevant=bool(data.get("relevant")),
            apps=tuple(AppMatch(**a) for a in data.get("apps", ())),
            jurisdiction=data.get("jurisdiction"),
            event_type=data.get("event_type"),
            direction=data.get("direction"),
            confidence=float(data.get("confidence", 0.0)),
            evidence=tuple(data.get("evidence", ())),
        )
