"""What an attempt's outcome means, and when to try again: pure, so the policy is testable."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Final

# Seconds after each failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
DEFAULT_SCHEDULE: Final = (5, 300, 1800, 7200, 18000, 36000, 36000)
JITTER: Final = 0.2
# A receiver may ask for patience with Retry-After, but not for more than a day.
MAX_RETRY_AFTER: Final = 86400

SUCCESS, RETRY, GONE, FAIL = "success", "retry", "gone", "fail"


def classify(status_code: int | None) -> str:
    """None is a timeout or connection error: worth retrying, like 3xx, 429 and 5xx."""
    if status_code is None:
        return RETRY
    if 200 <= status_code < 300:
        return SUCCESS
    if status_code == 410:
        return GONE
    if status_code == 429 or 300 <= status_code < 400 or status_code >= 500:
        return RETRY
    return FAIL


def next_delay(attempts_made: int, schedule: Sequence[int], rng: random.Random,
               retry_after: int | None = None) -> float | None:
    """Seconds until the next attempt after `attempts_made` failures, or None when the
    schedule is used up."""
    if attempts_made < 1 or attempts_made > len(schedule):
        return None
    delay = schedule[attempts_made - 1] * (1 + rng.uniform(-JITTER, JITTER))
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return delay
