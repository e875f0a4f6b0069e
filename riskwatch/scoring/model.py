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
from typing import Final, NamedTuple

from riskwatch.domain.events import APP_VIAS, Event
from riskwatch.domain.scores import Contribution, DailyScore, Score
from riskwatch.domain.vocabulary import DIRECTIONS, level_for
from riskwatch.scoring.weights import EventTypeWeights, Weights, default_weights

TREND_SPANS: Final = (("7d", 7), ("30d", 30))

# Events whose share of the score would show as 0.00 are left out of the explanation: a busy
# app has thousands of faded events, and listing them all costs more than scoring does.
CONTRIBUTION_FLOOR: Final = 0.005

_ESCALATION, _RELIEF = DIRECTIONS
_VIA_RANK: Final = {via: rank for rank, via in enumerate(APP_VIAS)}


# The factors whose product is an event's amount, by direction, in the order they are shown.
_ESCALATION_FACTORS: Final = ("severity", "jurisdiction", "credibility", "corroboration", "reach")
_RELIEF_FACTORS: Final = ("relief", "credibility", "corroboration", "reach")


class _Weighed(NamedTuple):
    """An event as it bears on one app, before time decay (a tuple: thousands are made a call)."""

    event: Event
    day: int  # occurred_on as an ordinal: day arithmetic on ints is what the walks do most
    via: str
    relief: bool
    daily_decay: float
    factors: tuple[float, ...]
    # Escalation: raw points on its own day. Relief: the share of earlier risk it removes.
    amount: float

    def decay(self, as_of: int) -> float:
        return self.daily_decay ** (as_of - self.day)

    def named_factors(self) -> dict[str, float]:
        names = _RELIEF_FACTORS if self.relief else _ESCALATION_FACTORS
        return dict(zip(names, self.factors, strict=True))


def _via_for(event: Event, app: str) -> str | None:
    """The most direct way the event names the app, or None when it does not concern it."""
    best = None
    for entry in event.apps:
        if entry.slug == app and (best is None or _VIA_RANK[entry.via] < _VIA_RANK[best]):
            best = entry.via
    return best


def _daily_decay(type_weights: EventTypeWeights) -> float:
    """The factor one day of age multiplies an escalation by."""
    return 0.5 ** (1.0 / type_weights.half_life_days)


class _Weigher:
    """Weighs events for one app with one set of weights, remembering the jurisdiction and
    corroboration factors it has worked out: a call weighs thousands of events that share a
    few dozen of each."""

    def __init__(self, app: str, weights: Weights) -> None:
        self.app = app
        self.weights = weights
        self.daily_decay = {t: _daily_decay(w) for t, w in weights.event_types.items()}
        self.jurisdiction: dict[str | None, float] = {}
        self.corroboration: dict[tuple[int, str], float] = {}

    def weigh(self, event: Event) -> _Weighed | None:
        """The event as it bears on the app, or None when it does not concern the app."""
        via = _via_for(event, self.app)
        if via is None:
            return None
        weights = self.weights
        type_weights = weights.event_types.get(event.event_type)
        if type_weights is None:
            raise ValueError(f"scoring: event {event.id!r} has unknown type {event.event_type!r}")
        sources = (event.source_count, event.provenance)
        corroboration = self.corroboration.get(sources)
        if corroboration is None:
            corroboration = weights.corroboration_weight(*sources)
            self.corroboration[sources] = corroboration
        shared = (weights.credibility[event.credibility], corroboration, weights.reach[via])
        day, daily_decay = event.occurred_on.toordinal(), self.daily_decay[event.event_type]
        if event.direction == _ESCALATION:
            jurisdiction = self.jurisdiction.get(event.jurisdiction)
            if jurisdiction is None:
                jurisdiction = weights.jurisdiction_weight(event.jurisdiction)
                self.jurisdiction[event.jurisdiction] = jurisdiction
            factors = (type_weights.severity, jurisdiction, *shared)
            return _Weighed(event, day, via, False, daily_decay, factors, math.prod(factors))
        if event.direction == _RELIEF:
            factors = (type_weights.relief, *shared)
            relief = min(weights.max_relief, math.prod(factors))
            return _Weighed(event, day, via, True, daily_decay, factors, relief)
        raise ValueError(f"scoring: event {event.id!r} has unknown direction {event.direction!r}")


def _chronological(item: _Weighed) -> tuple[int, bool, str]:
    """Escalations before relief on the same day (relief cuts what that day brought); ids are
    unique, so this is a total order and no sum depends on the caller's order."""
    return (item.day, item.relief, item.event.id)


def _weigh_all(app: str, events: Iterable[Event], weights: Weights, until: date) -> list[_Weighed]:
    """The app's events up to `until`, weighed, in chronological order."""
    weigher = _Weigher(app, weights)
    weighed = []
    for event in events:
        if event.occurred_on <= until:
            item = weigher.weigh(event)
            if item is not None:
                weighed.append(item)
    weighed.sort(key=_chronological)
    return weighed


def _saturate(total: float, cap: float) -> float:
    """Linear up to half the cap, then bending smoothly towards the cap."""
    knee = cap / 2
    if total <= knee:
        return total
    return knee + knee * -math.expm1(-(total - knee) / knee)


def _to_score(raw: float, weights: Weights) -> float:
    """The saturating curve: 0 at 0, 63 at `scale` raw points, never 100."""
    if raw <= 0:
        return 0.0  # also keeps -0.0 out of the JSON
    return 100.0 * -math.expm1(-raw / weights.scale)


def _capped_sum(by_type: dict[str, float], weights: Weights) -> float:
    """Raw points of all types, summed in a fixed order: float addition is not associative,
    and an order that depended on which event came first could let a no-op relief raise the
    last digit. Relief taken off a running total may leave -1e-17 for 0."""
    caps = weights.event_types
    return sum(_saturate(max(by_type[t], 0.0), caps[t].cap) for t in sorted(by_type))


_Cells = dict[str | None, dict[str, float]]  # raw points by jurisdiction, then event type


def _raw(cells: _Cells, weights: Weights, days_back: int = 0) -> float:
    """The capped sum of `cells`; with `days_back`, of what they held that many days earlier
    (each type's points were larger by its daily decay to the power of the days)."""
    by_type: dict[str, float] = {}
    for jurisdiction in sorted(cells, key=lambda code: (code is not None, code or "")):
        points = cells[jurisdiction]
        for event_type in sorted(points):
            by_type[event_type] = by_type.get(event_type, 0.0) + points[event_type]
    if days_back:
        for event_type in by_type:
            by_type[event_type] *= _daily_decay(weights.event_types[event_type]) ** -days_back
    return _capped_sum(by_type, weights)


@dataclass(slots=True)
class _Ledger:
    """The app's raw points as of one day, from one chronological walk over its events.

    `raw_points[i]` is what event i adds before relief (an escalation's decayed points) or
    removes (a relief's cut); `live` holds what is left, by jurisdiction and event type.
    `earlier[n]` is `live` as it stood once the events up to n days before were walked: scaled
    back by n days of decay it gives the raw points of that day, so trends need no second walk.
    """

    live: _Cells
    raw_points: list[float]
    earlier: dict[int, _Cells]

    @classmethod
    def walk(cls, weighed: Sequence[_Weighed], as_of: date, look_back: Sequence[int]) -> _Ledger:
        live: _Cells = {}
        raw_points = []
        earlier: dict[int, _Cells] = {}
        today = as_of.toordinal()
        pending = sorted(look_back, reverse=True)  # the furthest day back is passed first
        for item in weighed:
            if item.day > today:
                break
            while pending and item.day > today - pending[0]:
                earlier[pending.pop(0)] = {code: dict(cell) for code, cell in live.items()}
            by_type = live.setdefault(item.event.jurisdiction, {})
            if item.relief:
                cut = 0.0
                for event_type, points in by_type.items():
                    cut += points * item.amount
                    by_type[event_type] = points * (1.0 - item.amount)
                raw_points.append(cut)
            else:
                event_type = item.event.event_type
                points = item.amount * item.decay(today)
                by_type[event_type] = by_type.get(event_type, 0.0) + points
                raw_points.append(points)
        for days in pending:
            earlier[days] = live
        return cls(live, raw_points, earlier)


def _remaining_after_relief(weighed: Sequence[_Weighed], counted: int) -> list[float]:
    """For each of the first `counted` events, the share of it left after the relief events
    that followed it in its jurisdiction (1.0 for relief events themselves)."""
    remaining = [1.0] * counted
    kept: dict[str | None, float] = {}
    for index in reversed(range(counted)):
        item = weighed[index]
        share = kept.get(item.event.jurisdiction, 1.0)
        if item.relief:
            kept[item.event.jurisdiction] = share * (1.0 - item.amount)
        else:
            remaining[index] = share
    return remaining


def _event_points(
    weighed: Sequence[_Weighed], ledger: _Ledger, score: float, weights: Weights
) -> list[float]:
    """Splits the score among events: escalations share the score they would give without
    relief, in proportion to their raw points bent by their type's cap; relief events share
    the difference, in proportion to the raw points each removed. The points add up to the
    score."""
    type_totals: dict[str, float] = {}
    total_cut = 0.0
    for item, raw in zip(weighed, ledger.raw_points, strict=False):
        if item.relief:
            total_cut += raw
        else:
            event_type = item.event.event_type
            type_totals[event_type] = type_totals.get(event_type, 0.0) + raw
    unrelieved_raw = _capped_sum(type_totals, weights)
    unrelieved = _to_score(unrelieved_raw, weights)
    caps = weights.event_types
    per_raw_point = {
        event_type: unrelieved * _saturate(total, caps[event_type].cap) / unrelieved_raw / total
        for event_type, total in type_totals.items()
        if total > 0
    }
    per_cut_point = -(unrelieved - score) / total_cut if total_cut > 0 else 0.0
    return [
        raw * (per_cut_point if item.relief else per_raw_point.get(item.event.event_type, 0.0))
        for item, raw in zip(weighed, ledger.raw_points, strict=False)
    ]


def _contributions(
    weighed: Sequence[_Weighed], ledger: _Ledger, score: float, as_of: date, weights: Weights
) -> list[Contribution]:
    points = _event_points(weighed, ledger, score, weights)
    remaining = _remaining_after_relief(weighed, len(points))
    contributions = []
    for index, share in enumerate(points):
        if abs(share) < CONTRIBUTION_FLOOR:
            continue
        item = weighed[index]
        factors = item.named_factors()
        if item.relief:
            factors["strength"] = item.amount
        else:
            factors["decay"] = item.decay(as_of.toordinal())
            factors["remaining_after_relief"] = remaining[index]
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
                points=share,
                raw=ledger.raw_points[index],
                factors=factors,
            )
        )
    contributions.sort(key=lambda c: (-abs(c.points), -c.occurred_on.toordinal(), c.event_id))
    return contributions


def score_app(
    app: str, events: Sequence[Event], as_of: date, weights: Weights | None = None
) -> Score:
    """The app's score as of the end of `as_of`; events after that day are ignored, and
    events that do not concern the app may be passed and are skipped. Event ids must be
    unique."""
    weights = weights or default_weights()
    weighed = _weigh_all(app, events, weights, as_of)
    ledger = _Ledger.walk(weighed, as_of, [days for _, days in TREND_SPANS])
    score = _to_score(_raw(ledger.live, weights), weights)
    trend = {
        span: score - _to_score(_raw(ledger.earlier[days], weights, days), weights)
        for span, days in TREND_SPANS
    }
    return Score(
        app=app,
        as_of=as_of,
        score=score,
        level=level_for(score),
        trend=trend,
        contributions=tuple(_contributions(weighed, ledger, score, as_of, weights)),
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
            event_type: _daily_decay(type_weights)
            for event_type, type_weights in weights.event_types.items()
        }
        self.totals: dict[str, float] = {}
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

    def score(self) -> float:
        return _to_score(_capped_sum(self.totals, self.weights), self.weights)


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
    weighed = _weigh_all(app, events, weights, until)
    by_day = {
        day: list(group) for day, group in groupby(weighed, lambda item: item.event.occurred_on)
    }
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
