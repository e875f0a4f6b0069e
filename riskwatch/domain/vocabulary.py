"""The shared vocabulary of DESIGN.md: one definition that the tagger, the score, the API and
the webhooks all check against, so a typo in one place cannot invent a new event type."""

from typing import Final

EVENT_TYPES: Final = (
    "bill_introduced",
    "bill_passed",
    "law_signed",
    "executive_order",
    "court_filing",
    "court_ruling_against_app",
    "court_ruling_for_app",
    "injunction",
    "government_device_ban",
    "nationwide_ban",
    "app_store_removal",
    "divestiture_order",
    "investigation",
    "fine",
    "ban_lifted",
    "enforcement_delay",
)

DIRECTIONS: Final = ("escalation", "relief")

FEED_KINDS: Final = ("news", "court", "government")

# Upper bounds (exclusive) of each level but the last; DESIGN.md: low < 25 <= elevated < 50 ...
LEVELS: Final = (("low", 25.0), ("elevated", 50.0), ("high", 75.0), ("severe", 101.0))


def level_for(score: float) -> str:
    """The level name for a 0-100 score."""
    for name, upper in LEVELS:
        if score < upper:
            return name
    return LEVELS[-1][0]
