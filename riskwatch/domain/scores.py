"""A risk score and its explanation: every event that moved it, by how many points and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

# JSON is read by people and webhook receivers; more digits than this is noise to them.
_POINT_DIGITS = 2
_FACTOR_DIGITS = 4


class Contribution(NamedTuple):
    """One event's share of a score. `points` is signed: relief events carry negative points.

    `factors` are the multipliers behind it, by name (severity or relief fraction, jurisdiction,
    credibility, corroboration, reach, decay, remaining after later relief), so a reader can
    redo the arithmetic; `raw` is their product before the saturating transform.

    A named tuple rather than a frozen dataclass: a busy app's score lists hundreds of these,
    and a tuple is made several times faster while staying immutable.
    """

    event_id: str
    title: str
    occurred_on: date
    event_type: str
    direction: str
    jurisdiction: str | None
    via: str
    points: float
    raw: float
    factors: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "title": self.title,
            "occurred_on": self.occurred_on.isoformat(),
            "event_type": self.event_type,
            "direction": self.direction,
            "jurisdiction": self.jurisdiction,
            "via": self.via,
            "points": round(self.points, _POINT_DIGITS),
            "raw": round(self.raw, _FACTOR_DIGITS),
            "factors": {name: round(value, _FACTOR_DIGITS) for name, value in self.factors.items()},
        }


@dataclass(frozen=True, slots=True)
class Score:
    """An app's 0-100 score as of a day; `trend` maps "7d"/"30d" to the change over that span."""

    app: str
    as_of: date
    score: float
    level: str
    trend: dict[str, float]
    contributions: tuple[Contribution, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "app": self.app,
            "as_of": self.as_of.isoformat(),
            "score": round(self.score, _POINT_DIGITS),
            "level": self.level,
            "trend": {span: round(change, _POINT_DIGITS) for span, change in self.trend.items()},
            "contributions": [contribution.to_json() for contribution in self.contributions],
        }


@dataclass(frozen=True, slots=True)
class DailyScore:
    """One point of a score history."""

    day: date
    score: float
    level: str

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "score": round(self.score, _POINT_DIGITS),
            "level": self.level,
        }
