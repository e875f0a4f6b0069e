"""When to poll a feed next: the pure rules behind back-off, Retry-After, ttl and max-age."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

JITTER = 0.1


def _jittered(seconds: float, rng: random.Random) -> float:
    return seconds * (1 + rng.uniform(-JITTER, JITTER))


def next_after_success(now: datetime, interval: int, *, ttl: int | None = None,
                       max_age: int | None = None, rng: random.Random) -> datetime:
    """Poll again after the interval, but never sooner than the feed's ttl or max-age asks."""
    floor = max(interval, ttl or 0, max_age or 0)
    return now + timedelta(seconds=max(floor, _jittered(floor, rng)))


def next_after_failure(now: datetime, interval: int, consecutive_errors: int, *,
                       retry_after: int | None = None, cap: int = 86400,
                       rng: random.Random) -> datetime:
    """Exponential back-off with jitter, capped but never abandoned.

    A server's Retry-After is honoured when it asks for more patience than our back-off,
    within the same cap, so a broken header cannot park a feed for a year.
    """
    exponent = min(max(consecutive_errors - 1, 0), 20)
    backoff = min(cap, interval * (2 ** exponent))
    delay = min(cap, max(_jittered(backoff, rng), retry_after or 0))
    return now + timedelta(seconds=delay)
