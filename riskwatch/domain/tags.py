"""The tagger's verdict on one item, with the evidence a person needs to check it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The matches that say which app an item is about; 'owner' and 'class' widen it.
NAMED_VIAS = ("alias", "flagship")


@dataclass(frozen=True, slots=True)
class AppMatch:
    """An app an item concerns, and how we know: `via` is 'alias' (the app is named),
    'flagship' (its company is named, and the app is the one such news is about: ByteDance's
    TikTok), 'owner' (its company is named: a parent-company match, which the score weighs
    less) or 'class' (a class such as "Chinese-owned apps" is named: a class-level match, weighed
    less too). `phrase` is the catalog phrase that matched.
    """

    slug: str
    via: str
    phrase: str

    @property
    def named(self) -> bool:
        """The item is about this app itself, not about its company's or class's apps at large."""
        return self.via in NAMED_VIAS


@dataclass(frozen=True, slots=True)
class Tags:
    """The verdict on one item.

    `relevant` says the item reports a regulatory action (ban, lawsuit, order, ruling...) against
    at least one app in `apps`; `apps` is filled for irrelevant items too, with the apps named.
    `jurisdiction`, `event_type` and `direction` are None unless the item is relevant.
    `confidence` (0-1) is the tagger's confidence that the item is relevant: at least 0.5 for
    relevant items, higher when the headline itself carries the facts; it is a heuristic, not a
    calibrated probability. `evidence` lists the phrases and rules behind the verdict.
    """

    relevant: bool
    apps: tuple[AppMatch, ...] = ()
    jurisdiction: str | None = None
    event_type: str | None = None
    direction: str | None = None
    confidence: float = 0.0
    evidence: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types (lists, not tuples), spelled out: it runs once per stored item,
        and dataclasses.asdict's deep copy costs more than the tagging itself."""
        return {
            "relevant": self.relevant,
            "apps": [{"slug": a.slug, "via": a.via, "phrase": a.phrase} for a in self.apps],
            "jurisdiction": self.jurisdiction,
            "event_type": self.event_type,
            "direction": self.direction,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }

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
