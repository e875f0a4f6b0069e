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
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby, islice
from operator import itemgetter, mul
from typing import Final

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


# `_Kind` and `_Sources` are slotted classes because the walks read their fields once per
# event, and a slot reads several times faster than a named tuple's field. They are not frozen
# only because a frozen dataclass's __init__ costs more than twice as much and a call makes
# hundreds of them; nothing assigns to them after.


@dataclass(slots=True)
class _Kind:
    """What an event's type, direction and jurisdiction make of it, whatever its sources.

    `leading` holds the factors of its amount the kind fixes, by name (severity and
    jurisdiction, or the relief fraction), and `product` their product.
    """

    event_type: str
    jurisdiction: str | None
    relief: bool
    daily_decay: float
    leading: dict[str, float]
    product: float


@dataclass(slots=True)
class _Sources:
    """What an event's sources and the way it names the app make of it, whatever its kind."""

    via: str
    credibility: float
    corroboration: float
    reach: float


# An event as it bears on one app, before time decay: (day, relief, event id, event, kind,
# sources, amount). `day` is occurred_on as an ordinal, because day arithmetic on ints is what
# the walks do most; `amount` is an escalation's raw points on its own day, or the share of
# earlier risk a relief removes; the first three are what the chronological order sorts by.
# A plain tuple: a call makes thousands, and a named tuple costs five times as much to make.
_Weighed = tuple[int, bool, str, Event, _Kind, _Sources, float]

_DAY: Final = itemgetter(0)
_EVENT_ID: Final = itemgetter(2)
# The chronological order is by day, escalations before relief on the same day (relief cuts
# what that day brought), then by id: ids are unique, so no sum depends on the caller's order.
# Sorts are stable, so sorting by each key from the last to the first gives that order, and
# three sorts on plain ints and strings cost less than one on tuples compared item by item.
_CHRONOLOGICAL: Final = (_EVENT_ID, itemgetter(1), _DAY)


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


def _factors(kind: _Kind, sources: _Sources) -> dict[str, float]:
    """The factors whose product is an event's amount (before the relief cap), by name, in the
    order they are multiplied and shown."""
    return {
        **kind.leading,
        "credibility": sources.credibility,
        "corroboration": sources.corroboration,
        "reach": sources.reach,
    }


class _Weigher:
    """Weighs events for one app with one set of weights.

    An event's amount is the product of what its kind fixes and of its credibility,
    corroboration and reach, multiplied in that order. A call weighs thousands of events with a
    few hundred kinds and a hundred or so source profiles, so each is worked out once and
    looked up after.
    """

    def __init__(self, app: str, weights: Weights) -> None:
        self.app = app
        self.weights = weights
        self.kinds: dict[tuple[str, str, str | None], _Kind] = {}
        self.sources: dict[tuple[int, int, str, str], _Sources] = {}

    def weigh_all(self, events: Iterable[Event], until: date) -> list[_Weighed]:
        """The app's events up to `until`, weighed, in chronological order.

        The loop runs for every event, so it reads the tables through local names and builds
        plain tuples; working out a kind or a profile of sources happens once per call, the
        first time it comes up.
        """
        app, kinds, known_sources = self.app, self.kinds, self.sources
        max_relief = self.weights.max_relief
        weighed = []
        for event in events:
            via = _via_for(event, app) if event.occurred_on <= until else None
            if via is None:
                continue
            kind = kinds.get((event.event_type, event.direction, event.jurisdiction))
            if kind is None:
                kind = self._add_kind(event)
            sources = known_sources.get(
                (event.credibility, event.source_count, event.provenance, via)
            )
            if sources is None:
                sources = self._add_sources(event, via)
            amount = kind.product * sources.credibility * sources.corroboration * sources.reach
            if kind.relief:
                amount = min(max_relief, amount)
            day = event.occurred_on.toordinal()
            weighed.append((day, kind.relief, event.id, event, kind, sources, amount))
        for key in _CHRONOLOGICAL:
            weighed.sort(key=key)
        return weighed

    def _add_kind(self, event: Event) -> _Kind:
        type_weights = self.weights.event_types.get(event.event_type)
        if type_weights is None:
            raise ValueError(f"scoring: event {event.id!r} has unknown type {event.event_type!r}")
        if event.direction == _ESCALATION:
            jurisdiction = self.weights.jurisdiction_weight(event.jurisdiction)
            leading = {"severity": type_weights.severity, "jurisdiction": jurisdiction}
        elif event.direction == _RELIEF:
            leading = {"relief": type_weights.relief}
        else:
            raise ValueError(
                f"scoring: event {event.id!r} has unknown direction {event.direction!r}"
            )
        kind = _Kind(
            event_type=event.event_type,
            jurisdiction=event.jurisdiction,
            relief=event.direction == _RELIEF,
            daily_decay=_daily_decay(type_weights),
            leading=leading,
            product=math.prod(leading.values()),
        )
        self.kinds[(event.event_type, event.direction, event.jurisdiction)] = kind
        return kind

    def _add_sources(self, event: Event, via: str) -> _Sources:
        weights = self.weights
        sources = _Sources(
            via=via,
            credibility=weights.credibility[event.credibility],
            corroboration=weights.corroboration_weight(event.source_count, event.provenance),
            reach=weights.reach[via],
        )
        self.sources[(event.credibility, event.source_count, event.provenance, via)] = sources
        return sources


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
    removes (a relief's cut), and `pools[i]` what it is paid from in the explanation: its event
    type, or `relief`. `reliefs` are the positions of the relief events. `live` holds what is
    left, by jurisdiction and event type; `unrelieved` what the escalations add by type, as if
    no relief had come, and `total_cut` what relief removed.
    `earlier[n]` is `live` as it stood once the events up to n days before were walked: scaled
    back by n days of decay it gives the raw points of that day, so trends need no second walk.
    """

    today: int
    live: _Cells = field(default_factory=dict)
    raw_points: list[float] = field(default_factory=list)
    pools: list[str] = field(default_factory=list)
    reliefs: list[int] = field(default_factory=list)
    unrelieved: dict[str, float] = field(default_factory=dict)
    total_cut: float = 0.0
    earlier: dict[int, _Cells] = field(default_factory=dict)

    @classmethod
    def walk(cls, weighed: Sequence[_Weighed], as_of: date, look_back: Sequence[int]) -> _Ledger:
        """The ledger of `weighed`, in chronological order and none after `as_of`."""
        ledger = cls(as_of.toordinal())
        walked = 0
        for days in sorted(look_back, reverse=True):  # the furthest day back is passed first
            upto = bisect_right(weighed, ledger.today - days, lo=walked, key=_DAY)
            ledger._add(islice(weighed, walked, upto))
            ledger.earlier[days] = {code: dict(cell) for code, cell in ledger.live.items()}
            walked = upto
        ledger._add(islice(weighed, walked, None))
        return ledger

    def _add(self, items: Iterable[_Weighed]) -> None:
        """Walks on through `items` (locals stand in for attributes: this runs per event)."""
        live, unrelieved, today = self.live, self.unrelieved, self.today
        raw_points, pools, total_cut = self.raw_points, self.pools, self.total_cut
        for day, relief, _, _, kind, _, amount in items:
            cell = live.get(kind.jurisdiction)
            if cell is None:
                cell = live[kind.jurisdiction] = {}
            if relief:
                cut = 0.0
                for event_type, points in cell.items():
                    cut += points * amount
                    cell[event_type] = points * (1.0 - amount)
                self.reliefs.append(len(raw_points))
                raw_points.append(cut)
                pools.append(_RELIEF)
                total_cut += cut
            else:
                event_type = kind.event_type
                points = amount * kind.daily_decay ** (today - day)
                cell[event_type] = cell.get(event_type, 0.0) + points
                unrelieved[event_type] = unrelieved.get(event_type, 0.0) + points
                raw_points.append(points)
                pools.append(event_type)
        self.total_cut = total_cut


def _point_rates(ledger: _Ledger, score: float, weights: Weights) -> dict[str, float]:
    """Points of the score per raw point, by pool, so that the events' points add up to the
    score: escalations share the score they would give without relief, in proportion to their
    raw points bent by their type's cap; relief events share the difference, in proportion to
    the raw points each removed."""
    unrelieved_raw = _capped_sum(ledger.unrelieved, weights)
    unrelieved = _to_score(unrelieved_raw, weights)
    caps = weights.event_types
    rates = {
        event_type: (
            unrelieved * _saturate(total, caps[event_type].cap) / unrelieved_raw / total
            if total > 0
            else 0.0
        )
        for event_type, total in ledger.unrelieved.items()
    }
    total_cut = ledger.total_cut
    rates[_RELIEF] = -(unrelieved - score) / total_cut if total_cut > 0 else 0.0
    return rates


def _remaining_after_relief(
    weighed: Sequence[_Weighed], shown: Iterable[int], reliefs: Iterable[int]
) -> dict[int, float]:
    """For each shown escalation, by position, the share of it left after the relief events
    that followed it in its jurisdiction (relief events themselves are left out). Walking back
    from the newest event, an escalation has passed all of those, so the share is a running
    product, and only relief and shown events need the walk."""
    kept: dict[str | None, float] = {}
    remaining = {}
    for index in sorted({*shown, *reliefs}, reverse=True):
        _, relief, _, _, kind, _, amount = weighed[index]
        share = kept.get(kind.jurisdiction, 1.0)
        if relief:
            kept[kind.jurisdiction] = share * (1.0 - amount)
        else:
            remaining[index] = share
    return remaining


def _contributions(
    weighed: Sequence[_Weighed], ledger: _Ledger, score: float, weights: Weights
) -> tuple[Contribution, ...]:
    """The events whose share of the score would not show as 0.00, in the order they are
    listed. Each event's share is its raw points times its pool's rate, worked out for all
    events at once; the factors and the rest are worked out for the shown ones only."""
    rates = _point_rates(ledger, score, weights)
    points = list(map(mul, ledger.raw_points, map(rates.__getitem__, ledger.pools)))
    shown = [index for index, share in enumerate(points) if abs(share) >= CONTRIBUTION_FLOOR]
    remaining = _remaining_after_relief(weighed, shown, ledger.reliefs)
    return tuple(
        _contribution(
            weighed[index],
            points[index],
            ledger.raw_points[index],
            remaining.get(index, 1.0),
            ledger.today,
        )
        for index in _listing_order(weighed, points, shown)
    )


def _listing_order(
    weighed: Sequence[_Weighed], points: Sequence[float], shown: Iterable[int]
) -> list[int]:
    """The shown positions, largest share first, then the newest, then by id."""
    keyed = sorted(
        (-abs(points[index]), -_DAY(weighed[index]), _EVENT_ID(weighed[index]), index)
        for index in shown
    )
    return [index for *_, index in keyed]


def _contribution(
    item: _Weighed, points: float, raw: float, remaining: float, today: int
) -> Contribution:
    """One shown event, with the factors that give its raw points back by hand."""
    day, relief, _, event, kind, sources, amount = item
    factors = _factors(kind, sources)
    if relief:
        factors["strength"] = amount
    else:
        factors["decay"] = kind.daily_decay ** (today - day)
        factors["remaining_after_relief"] = remaining
    return Contribution(
        event_id=event.id,
        title=event.title,
        occurred_on=event.occurred_on,
        event_type=event.event_type,
        direction=event.direction,
        jurisdiction=event.jurisdiction,
        via=sources.via,
        points=points,
        raw=raw,
        factors=factors,
    )


def score_app(
    app: str, events: Sequence[Event], as_of: date, weights: Weights | None = None
) -> Score:
    """The app's score as of the end of `as_of`; events after that day are ignored, and
    events that do not concern the app may be passed and are skipped. Event ids must be
    unique."""
    weights = weights or default_weights()
    weighed = _Weigher(app, weights).weigh_all(events, as_of)
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
        contributions=_contributions(weighed, ledger, score, weights),
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
        _, relief, _, _, kind, _, amount = item
        jurisdiction, event_type = kind.jurisdiction, kind.event_type
        if relief:
            for touched in self.types_in[jurisdiction]:
                part = self._current((jurisdiction, touched))
                cut = part.points * amount
                part.points -= cut
                self.totals[touched] -= cut
            return
        if event_type not in self.types_in[jurisdiction]:
            self.types_in[jurisdiction].append(event_type)
        self._current((jurisdiction, event_type)).points += amount
        self.totals[event_type] = self.totals.get(event_type, 0.0) + amount

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
    weighed = _Weigher(app, weights).weigh_all(events, until)
    by_day = {date.fromordinal(day): list(group) for day, group in groupby(weighed, _DAY)}
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
