"""Running the back-test on the stored events: every app's daily history, then the report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.orm import Session

from riskwatch.scoring.backtest import OFFSETS, BacktestReport, TimelineEvent, run_backtest
from riskwatch.scoring.model import score_history
from riskwatch.services.catalog import app_catalog
from riskwatch.store.events import events_for_app

MARGIN = timedelta(days=max(abs(o) for o in OFFSETS) + 1)


def backtest(session: Session, timeline: Sequence[TimelineEvent], as_of: date) -> BacktestReport:
    since = min([e.day for e in timeline] + [as_of]) - MARGIN
    until = max([e.day for e in timeline] + [as_of]) + MARGIN
    histories = {}
    last_escalation: dict[str, date] = {}
    for app in app_catalog().apps:
        events = events_for_app(session, app.slug, until=until)
        histories[app.slug] = {d.day: d for d in score_history(app.slug, events, since, until)}
        escalations = [e.occurred_on for e in events
                       if e.direction == "escalation" and e.occurred_on <= as_of]
        if escalations:
            last_escalation[app.slug] = max(escalations)
    return run_backtest(timeline, histories, last_escalation, as_of)
