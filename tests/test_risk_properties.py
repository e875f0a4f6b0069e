"""Properties the risk model keeps for any events and any weights file that loads."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwatch.domain.events import Event, EventApp
from riskwatch.domain.vocabulary import EVENT_TYPES
from riskwatch.scoring.model import score_app, score_history
from riskwatch.scoring.weights import EventTypeWeights, Weights, default_weights

START = date(2024, 1, 1)
SPAN_DAYS = 400
# Last-bit rounding of exp/pow is not promised to be monotonic; anything larger is a real rise.
ROUNDING = 1e-9

MENTIONS = [
    (EventApp("tiktok", "direct"),),
    (EventApp("tiktok", "owner"),),
    (EventApp("tiktok", "class"), EventApp("temu", "class")),
    (EventApp("temu", "direct"),),
]


@st.composite
def events(draw: st.DrawFn, direction: str | None = None, prefix: str = "e") -> Event:
    return Event(
        id=f"{prefix}{draw(st.integers(min_value=0, max_value=10**6))}",
        event_type=draw(st.sampled_from(EVENT_TYPES)),
        direction=direction or draw(st.sampled_from(["escalation", "relief"])),
        jurisdiction=draw(st.sampled_from(["US-federal", "US-MT", "IN", "NP", None])),
        occurred_on=START + timedelta(days=draw(st.integers(min_value=0, max_value=SPAN_DAYS))),
        title="t",
        apps=draw(st.sampled_from(MENTIONS)),
        source_count=draw(st.integers(min_value=1, max_value=20)),
        credibility=draw(st.integers(min_value=1, max_value=3)),
        provenance=draw(st.sampled_from(["ingested", "curated"])),
    )


histories = st.lists(events(), max_size=30, unique_by=lambda event: event.id)
days = st.integers(min_value=0, max_value=SPAN_DAYS + 60).map(lambda n: START + timedelta(n))


def fraction() -> st.SearchStrategy[float]:
    return st.floats(min_value=0.0, max_value=1.0)


@st.composite
def weight_files(draw: st.DrawFn) -> Weights:
    """Any weights a valid file could hold, including half-lives that make relief types fade
    faster than escalations."""
    event_types = {
        name: EventTypeWeights(
            severity=draw(st.floats(min_value=0.0, max_value=200.0)),
            half_life_days=draw(st.floats(min_value=1.0, max_value=2000.0)),
            cap=draw(st.floats(min_value=1.0, max_value=300.0)),
            relief=draw(fraction()),
        )
        for name in EVENT_TYPES
    }
    base = default_weights()
    return Weights(
        scale=draw(st.floats(min_value=1.0, max_value=500.0)),
        max_relief=draw(fraction()),
        single_source=draw(st.floats(min_value=0.01, max_value=1.0)),
        credibility={tier: draw(fraction()) for tier in (1, 2, 3)},
        reach={via: draw(fraction()) for via in ("direct", "owner", "class")},
        named_jurisdictions=base.named_jurisdictions,
        us_state=draw(fraction()),
        other_country=draw(fraction()),
        unknown_jurisdiction=draw(fraction()),
        event_types=event_types,
    )


weights_or_defaults = st.one_of(st.just(default_weights()), weight_files())


def score(history: list[Event], as_of: date, weights: Weights) -> float:
    return score_app("tiktok", history, as_of, weights).score


@settings(max_examples=300, deadline=None)
@given(histories, days, weights_or_defaults)
def test_score_stays_between_0_and_100(history: list[Event], as_of: date, weights: Weights) -> None:
    assert 0.0 <= score(history, as_of, weights) <= 100.0


@settings(max_examples=300, deadline=None)
@given(histories, events("escalation", prefix="new"), days, weights_or_defaults)
def test_adding_an_escalation_never_lowers_the_score(
    history: list[Event], escalation: Event, as_of: date, weights: Weights
) -> None:
    assert score([*history, escalation], as_of, weights) >= score(history, as_of, weights)


@settings(max_examples=300, deadline=None)
@given(histories, events("relief", prefix="new"), days, weights_or_defaults)
def test_adding_a_relief_never_raises_the_score(
    history: list[Event], relief: Event, as_of: date, weights: Weights
) -> None:
    assert score([*history, relief], as_of, weights) <= score(history, as_of, weights)


@settings(max_examples=300, deadline=None)
@given(histories, days, st.integers(min_value=1, max_value=800), weights_or_defaults)
def test_with_no_new_events_the_score_never_rises(
    history: list[Event], earlier: date, wait: int, weights: Weights
) -> None:
    later = earlier + timedelta(days=wait)
    quiet = [e for e in history if not earlier < e.occurred_on <= later]
    assert score(quiet, later, weights) <= score(quiet, earlier, weights) + ROUNDING


@settings(max_examples=200, deadline=None)
@given(histories, days, st.randoms(use_true_random=False))
def test_the_order_of_events_does_not_matter(
    history: list[Event], as_of: date, rng: random.Random
) -> None:
    shuffled = list(history)
    rng.shuffle(shuffled)
    first = score_app("tiktok", history, as_of)
    assert score_app("tiktok", shuffled, as_of) == first


@settings(max_examples=100, deadline=None)
@given(histories, weights_or_defaults)
def test_history_agrees_with_scoring_each_day(history: list[Event], weights: Weights) -> None:
    since, until = START + timedelta(days=100), START + timedelta(days=160)
    daily = score_history("tiktok", history, since, until, weights)
    for point in daily:
        assert math.isclose(point.score, score(history, point.day, weights), abs_tol=1e-6)


@settings(max_examples=200, deadline=None)
@given(histories, days, weights_or_defaults)
def test_trend_is_the_change_since_seven_and_thirty_days_before(
    history: list[Event], as_of: date, weights: Weights
) -> None:
    result = score_app("tiktok", history, as_of, weights)
    for span, days_back in (("7d", 7), ("30d", 30)):
        before = score(history, as_of - timedelta(days=days_back), weights)
        assert math.isclose(result.trend[span], result.score - before, abs_tol=1e-6)
