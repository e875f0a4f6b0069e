"""The risk model: an app's 0-100 score as of a day, explained event by event.

Each escalation adds *raw points*: severity (by event type) x jurisdiction x source credibility
x corroboration x reach (named directly, via the owner, or via a class of apps) x time decay
(a half-life per event type). A relief event does not subtract a fixed amount: it removes a
share of the raw points its jurisdiction had built up until that day, and that removed share
stays removed while the escalations it cut keep decaying. Escalations of one type add up with
diminishing returns towards a cap per type (thirty state device bans are not a nationwide
ban), the types are summed, and a saturating curve maps the sum onto 0-100.

Hence, whatever the weights: the score stays in [0, 100]; adding an escalation never lowers it
and adding a relief never raises it; with no new events it never rises as time passes (every
term only decays, and relief never wears off faster than the risk it removed); and it is a
function of the set of events, not of their order.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Final

from riskwatch.domain.events import APP_VIAS, Event
from riskwatch.domain.scores import Contribution, DailyScore, Score
from riskwatch.domain.vocabulary import DIRECTIONS, level_for
from riskwatch.scoring.weights import Weights, default_weights

TREND_SPANS: Final = (("7d", 7), ("30d", 30))

_RELIEF = "relief"


@dataclass(frozen=True, slots=True)
class _Weighed:
    """An event as it bears on one app, before time decay."""

    event: Event
    via: str
    relief: bool
    half_life_days: float
    cap: float
    # Escalation: raw points on its own day. Relief: the share of earlier risk it removes.
    amount: float
    factors: dict[str, float]


def _canonical(event: Event) -> tuple[object, ...]:
    """Orders events by everything they hold, so sums never depend on the caller's order."""
    return (
        event.occurred_on, event.direction != _RELIEF, event.event_type, event.id, event.title,
        event.jurisdiction or "", event.apps, event.source_count, event.credibility,
        event.provenance,
    )


def _via_for(event: Event, app: str) -> str | None:
    vias = [entry.via for entry in event.apps if entry.slug == app]
    return min(vias, key=APP_VIAS.index) if vias else None


def _weigh(event: Event, via: str, weights: Weights) -> _Weighed:
    if event.direction not in DIRECTIONS:
        raise ValueError(f"scoring: event {event.id!r} has unknown direction {event.direction!r}")
    if event.event_type not in weights.event_types:
        raise ValueError(f"scoring: event {event.id!r} has unknown type {event.event_type!r}")
    type_weights = weights.event_types[event.event_type]
    shared = {
        "credibility": weights.credibility[event.credibility],
        "corroboration": weights.corroboration_weight(event.source_count, event.provenance),
        "reach": weights.reach[via],
    }
    relief = event.direction == _RELIEF
    if relief:
        factors = {"relief": type_weights.relief, **shared}
        amount = min(weights.max_relief, math.prod(factors.values()))
    else:
        factors = {
            "severity": type_weights.severity,
            "jurisdiction": weights.jurisdiction_weight(event.jurisdiction),
            **shared,
        }
        amount = math.prod(factors.values())
    return _Weighed(
        event, via, relief, type_weights.half_life_days, type_weights.cap, amount, factors
    )


def _weigh_all(app: str, events: Iterable[Event], weights: Weights) -> list[_Weighed]:
    """The app's events, weighed, in canonical (chronological, escalations first) order."""
    weighed = []
    for event in sorted(events, key=_canonical):
        via = _via_for(event, app)
        if via is not None:
            weighed.append(_weigh(event, via, weights))
    return weighed


def _decay(item: _Weighed, as_of: date) -> float:
    return 0.5 ** ((as_of - item.event.occurred_on).days / item.half_life_days)


def _saturate(total: float, cap: float) -> float:
    """Linear up to half the cap, then bending smoothly towards the cap."""
    knee = cap / 2
    if total <= knee:
        return total
    return knee + knee * -math.expm1(-(total - knee) / knee)


def _to_score(raw: float, weights: Weights) -> float:
    return 100.0 * -math.expm1(-max(raw, 0.0) / weights.scale)


@dataclass(slots=True)
class _Ledger:
    """Raw points by (jurisdiction, event type) as of one day, after relief, with what each
    relief removed; filled by walking the events in canonical order."""

    weights: Weights
    live: dict[str | None, dict[str, float]]
    caps: dict[str, float]
    removed: dict[int, float]

    @classmethod
    def walk(cls, weighed: Sequence[_Weighed], as_of: date, weights: Weights) -> _Ledger:
        ledger = cls(weights, defaultdict(lambda: defaultdict(float)), {}, {})
        for index, item in enumerate(weighed):
            if item.event.occurred_on > as_of:
                break
            by_type = ledger.live[item.event.jurisdiction]
            if item.relief:
                removed = 0.0
                for event_type, points in by_type.items():
                    removed += points * item.amount
                    by_type[event_type] = points * (1.0 - item.amount)
                ledger.removed[index] = removed
            else:
                by_type[item.event.event_type] += item.amount * _decay(item, as_of)
                ledger.caps[item.event.event_type] = item.cap
        return ledger

    def raw(self) -> float:
        by_type: dict[str, float] = defaultdict(float)
        for points in self.live.values():
            for event_type, value in points.items():
                by_type[event_type] += value
        return sum(_saturate(by_type[t], self.caps[t]) for t in sorted(by_type))

    def score(self) -> float:
        return _to_score(self.raw(), self.weights)


def _score_at(weighed: Sequence[_Weighed], as_of: date, weights: Weights) -> float:
    return _Ledger.walk(weighed, as_of, weights).score()


def _remaining_after_relief(weighed: Sequence[_Weighed], as_of: date) -> dict[int, float]:
    """For each escalation, the share left after the relief events that followed it."""
    remaining: dict[int, float] = {}
    kept: dict[str | None, float] = defaultdict(lambda: 1.0)
    for index in reversed(range(len(weighed))):
        item = weighed[index]
        if item.event.occurred_on > as_of:
            continue
        if item.relief:
            kept[item.event.jurisdiction] *= 1.0 - item.amount
        else:
            remaining[index] = kept[item.event.jurisdiction]
    return remaining


def _contributions(
    weighed: Sequence[_Weighed], ledger: _Ledger, score: float, as_of: date
) -> list[Contribution]:
    """Splits the score among events: escalations share the score they would give without
    relief, in proportion to their raw points after the per-type cap; relief events share the
    difference, in proportion to the raw points each removed. The points add up to the score."""
    counted = [(i, item) for i, item in enumerate(weighed) if item.event.occurred_on <= as_of]
    raw_points = {
        i: item.amount * _decay(item, as_of) for i, item in counted if not item.relief
    }
    type_totals: dict[str, float] = defaultdict(float)
    for i, points in raw_points.items():
        type_totals[weighed[i].event.event_type] += points
    capped = {t: _saturate(total, ledger.caps[t]) for t, total in type_totals.items()}
    unrelieved_raw = sum(capped[t] for t in sorted(capped))
    unrelieved = _to_score(unrelieved_raw, ledger.weights)
    total_removed = math.fsum(ledger.removed.values())
    remaining = _remaining_after_relief(weighed, as_of)

    contributions = []
    for i, item in counted:
        factors = dict(item.factors)
        if item.relief:
            raw = ledger.removed[i]
            factors["strength"] = item.amount
            share = raw / total_removed if total_removed > 0 else 0.0
            points = -(unrelieved - score) * share
        else:
            raw = raw_points[i]
            factors["decay"] = _decay(item, as_of)
            factors["remaining_after_relief"] = remaining[i]
            event_type = item.event.event_type
            type_share = capped[event_type] / unrelieved_raw if unrelieved_raw > 0 else 0.0
            within_type = raw / type_totals[event_type] if type_totals[event_type] > 0 else 0.0
            points = unrelieved * type_share * within_type
        event = item.event
        contributions.append(
            Contribution(
                event_id=event.id,
                title=event.title,
                occurred_on=event.occurred_on,
                event_type=event.event_type,
                direction=event.direction,
                jurisdiction=event.jurisdiction,
                via=item.via,
                points=points,
                raw=raw,
                factors=factors,
            )
        )
    contributions.sort(key=lambda c: (-abs(c.points), -c.occurred_on.toordinal(), c.event_id))
    return contributions


def score_app(
    app: str, events: Sequence[Event], as_of: date, weights: Weights | None = None
) -> Score:
    """The app's score as of the end of `as_of`; events after that day are ignored, and
    events that do not concern the app may be passed and are skipped."""
    weights = weights or default_weights()
    weighed = _weigh_all(app, events, weights)
    ledger = _Ledger.walk(weighed, as_of, weights)
    score = ledger.score()
    trend = {
        span: score - _score_at(weighed, as_of - timedelta(days=days), weights)
        for span, days in TREND_SPANS
    }
    return Score(
        app=app,
        as_of=as_of,
        score=score,
        level=level_for(score),
        trend=trend,
        contributions=tuple(_contributions(weighed, ledger, score, as_of)),
    )


@dataclass(slots=True)
class _Part:
    """Raw points of one (jurisdiction, event type), current as of `day`."""

    points: float
    day: date


class _RunningLedger:
    """Raw points by event type, carried from day to day by the decay recurrence.

    Every event of a type shares its half-life, so a type's total decays by one constant factor
    a day whatever events it holds. Relief needs the total of one jurisdiction, which is kept
    per (jurisdiction, type) and brought up to date only when an event touches it.
    """

    def __init__(self, weights: Weights, start: date) -> None:
        self.weights = weights
        self.day = start
        self.daily_factor = {
            event_type: 0.5 ** (1.0 / type_weights.half_life_days)
            for event_type, type_weights in weights.event_types.items()
        }
        self.totals: dict[str, float] = {}
        self.caps: dict[str, float] = {}
        self.parts: dict[tuple[str | None, str], _Part] = {}
        self.types_in: dict[str | None, list[str]] = defaultdict(list)

    def advance(self, day: date) -> None:
        gap = (day - self.day).days
        for event_type in self.totals:
            self.totals[event_type] *= self.daily_factor[event_type] ** gap
        self.day = day

    def _current(self, key: tuple[str | None, str]) -> _Part:
        part = self.parts.setdefault(key, _Part(0.0, self.day))
        gap = (self.day - part.day).days
        if gap:
            part.points *= self.daily_factor[key[1]] ** gap
            part.day = self.day
        return part

    def apply(self, item: _Weighed) -> None:
        jurisdiction, event_type = item.event.jurisdiction, item.event.event_type
        if item.relief:
            for touched in self.types_in[jurisdiction]:
                part = self._current((jurisdiction, touched))
                cut = part.points * item.amount
                part.points -= cut
                self.totals[touched] -= cut
            return
        if event_type not in self.types_in[jurisdiction]:
            self.types_in[jurisdiction].append(event_type)
        self._current((jurisdiction, event_type)).points += item.amount
        self.totals[event_type] = self.totals.get(event_type, 0.0) + item.amount
        self.caps[event_type] = item.cap

    def score(self) -> float:
        # Subtracting relief from a running total can leave -1e-17 where 0 is meant.
        raw = sum(_saturate(max(total, 0.0), self.caps[t]) for t, total in self.totals.items())
        return _to_score(raw, self.weights)


def score_history(
    app: str,
    events: Sequence[Event],
    since: date,
    until: date,
    weights: Weights | None = None,
) -> list[DailyScore]:
    """The app's score for every day from `since` to `until`, inclusive, in one pass over the
    days (one step per event type a day) rather than one `score_app` per day."""
    weights = weights or default_weights()
    weighed = _weigh_all(app, events, weights)
    by_day = {day: list(group) for day, group in groupby(weighed, lambda i: i.event.occurred_on)}
    ledger = _RunningLedger(weights, min([since, *by_day]))
    for day in sorted(d for d in by_day if d < since):
        ledger.advance(day)
        for item in by_day[day]:
            ledger.apply(item)

    history = []
    for offset in range((until - since).days + 1):
        day = since + timedelta(days=offset)
        ledger.advance(day)
        for item in by_day.get(day, ()):
            ledger.apply(item)
        score = ledger.score()
        history.append(DailyScore(day=day, score=score, level=level_for(score)))
    return history
