"""Scores from stored events: on demand for one day, materialised as daily snapshots."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from riskwatch.domain.scores import Score
from riskwatch.scoring.model import score_app, score_history
from riskwatch.store.events import events_for_app
from riskwatch.store.risk import last_snapshot_days, replace_snapshots


def score_of(session: Session, app: str, as_of: date) -> Score:
    return score_app(app, events_for_app(session, app, until=as_of), as_of)


def refresh_snapshots(session: Session, touched: Mapping[str, date], today: date) -> None:
    """Recompute each touched app's daily scores from the earliest day a change can move."""
    for app, since in touched.items():
        start = min(since, today)
        events = events_for_app(session, app, until=today)
        replace_snapshots(session, app, score_history(app, events, start, today))


def extend_snapshots(session: Session, today: date) -> int:
    """Carry every app's daily scores up to today, so decay shows even on quiet days."""
    stale = {app: day for app, day in last_snapshot_days(session).items() if day < today}
    refresh_snapshots(session, {app: day for app, day in stale.items()}, today)
    return len(stale)
