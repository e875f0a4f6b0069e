"""How fast the risk model is on a large synthetic history.

100,000 seeded random events across 30 apps over five years; prints the median and p99 time to
score one app as of a random day and as of the last day (target < 10 ms), and the time for one
app's five-year daily history (target < 200 ms). Events are grouped by app first, as the
store's per-app query would.

Run: .venv/bin/python bench/scoring.py
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections import defaultdict
from datetime import date, timedelta

from riskwatch.domain.events import Event, EventApp
from riskwatch.domain.vocabulary import EVENT_TYPES
from riskwatch.scoring.model import score_app, score_history
from riskwatch.scoring.weights import default_weights

EVENT_COUNT = 100_000
APP_COUNT = 30
START = date(2020, 1, 1)
DAYS = 5 * 365 + 1
SCORE_RUNS = 300
HISTORY_RUNS = 5
RELIEF_TYPES = {"injunction", "court_ruling_for_app", "ban_lifted", "enforcement_delay"}
# Routine happenings far outnumber bans, as in the feeds.
TYPE_WEIGHTS = {t: 1 for t in EVENT_TYPES} | {
    "court_filing": 12,
    "investigation": 10,
    "bill_introduced": 6,
    "government_device_ban": 4,
}
JURISDICTIONS = [
    "US-federal",
    "US-TX",
    "US-MT",
    "US-NY",
    "IN",
    "EU",
    "GB",
    "CA",
    "AU",
    "NP",
    "AL",
    "ID",
    "PK",
    "KR",
    None,
]


def synthetic_events(rng: random.Random) -> list[Event]:
    apps = [f"app{n:02d}" for n in range(APP_COUNT)]
    types = list(TYPE_WEIGHTS)
    type_weights = list(TYPE_WEIGHTS.values())
    events = []
    for number in range(EVENT_COUNT):
        event_type = rng.choices(types, type_weights)[0]
        roll = rng.random()
        if roll < 0.94:
            concerned = (EventApp(rng.choice(apps), "direct"),)
        elif roll < 0.99:
            first, second = rng.sample(apps, 2)
            concerned = (EventApp(first, "direct"), EventApp(second, "owner"))
        else:
            concerned = tuple(EventApp(slug, "class") for slug in rng.sample(apps, 10))
        events.append(
            Event(
                id=f"ev{number}",
                event_type=event_type,
                direction="relief" if event_type in RELIEF_TYPES else "escalation",
                jurisdiction=rng.choice(JURISDICTIONS),
                occurred_on=START + timedelta(days=rng.randrange(DAYS)),
                title=f"synthetic {event_type} {number}",
                apps=concerned,
                source_count=rng.randint(1, 12),
                credibility=rng.choice((1, 2, 2, 3)),
                provenance="ingested",
            )
        )
    return events


def by_app(events: list[Event]) -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for app in {entry.slug for entry in event.apps}:
            grouped[app].append(event)
    return grouped


def milliseconds(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def time_scores(app: str, events: list[Event], days: list[date]) -> list[float]:
    timings = []
    for as_of in days:
        started = time.perf_counter()
        score_app(app, events, as_of)
        timings.append(milliseconds(started))
    return sorted(timings)


def report(label: str, timings: list[float]) -> None:
    p99 = timings[max(0, round(len(timings) * 0.99) - 1)]
    print(f"{label}: median {statistics.median(timings):.2f} ms, p99 {p99:.2f} ms")


def main() -> None:
    rng = random.Random(20240424)
    grouped = by_app(synthetic_events(rng))
    default_weights()  # read the packaged file once, outside the timings
    # The synthetic corpus lives for the whole run; a store hands the model fresh rows, so
    # full collections walking 100,000 idle events would measure the bench, not the model.
    gc.collect()
    gc.freeze()
    app = "app07"
    events = grouped[app]
    print(f"{EVENT_COUNT} events, {APP_COUNT} apps; {app} has {len(events)} events")

    random_days = [START + timedelta(days=rng.randrange(DAYS)) for _ in range(SCORE_RUNS)]
    report("score_app, random day", time_scores(app, events, random_days))
    last_day = START + timedelta(days=DAYS - 1)
    report("score_app, last day (every event counts)", time_scores(app, events, [last_day] * 100))

    history_timings = []
    for _ in range(HISTORY_RUNS):
        started = time.perf_counter()
        history = score_history(app, events, START, START + timedelta(days=DAYS - 1))
        history_timings.append(milliseconds(started))
    print(
        f"score_history: {len(history)} days, median {statistics.median(history_timings):.1f} ms,"
        f" max {max(history_timings):.1f} ms"
    )


if __name__ == "__main__":
    main()
