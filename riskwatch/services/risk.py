"""Scores from stored events: on demand for one day, materialised as daily snapshots."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from riskwatch.domain.scores import Score
from riskwatch.scoring.model import score_app, score_history
from riskwatch.store.events import events_for_app
from riskwatch.store.locks import lock_derived_state
from riskwatch.store.risk import (
    explain_latest,
    explained_on,
    last_snapshot_days,
    replace_snapshots,
)


def score_of(session: Session, app: str, as_of: date) -> Score:
    return score_app(app, events_for_app(session, app, until=as_of), as_of)


def refresh_snapshots(session: Session, touched: Mapping[str, date], today: date) -> None:
    """Recompute each touched app's daily scores from the earliest day a change can move,
    and today's full explanation, which every risk page asks for."""
    if touched:
        lock_derived_state(session)
    for app, since in touched.items():
        start = min(since, today)
        events = events_for_app(session, app, until=today)
        replace_snapshots(session, app, score_history(app, events, start, today))
        explain_latest(session, app, today, score_app(app, events, today).to_json())


def risk_of(session: Session, app: str, as_of: date, today: date) -> dict[str, Any]:
    """The risk resource: today's from its snapshot when kept, any other day computed."""
    if as_of == today:
        kept = explained_on(session, app, today)
        if kept is not None:
            return kept
    return score_of(session, app, as_of).to_json()


def extend_snapshots(session: Session, today: date) -> int:
    """Carry every app's daily scores up to today, so decay shows even on quiet days."""
    lock_derived_state(session)
    stale = {app: day for app, day in last_snapshot_days(session).items() if day < today}
    refresh_snapshots(session, {app: day for app, day in stale.items()}, today)
    return len(stale)
