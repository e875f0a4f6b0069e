"""Materialised daily scores: written for the days new events touch, read as ranges."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from riskwatch.domain.scores import DailyScore
from riskwatch.store.models import RiskSnapshot


def replace_snapshots(session: Session, app: str, history: Sequence[DailyScore]) -> None:
    if not history:
        return
    session.execute(delete(RiskSnapshot).where(
        RiskSnapshot.app == app, RiskSnapshot.as_of >= history[0].day,
        RiskSnapshot.as_of <= history[-1].day))
    session.execute(insert(RiskSnapshot), [
        {"app": app, "as_of": d.day, "score": d.score, "level": d.level} for d in history])


def snapshot_range(session: Session, app: str, since: date, until: date) -> list[RiskSnapshot]:
    return list(session.scalars(select(RiskSnapshot).where(
        RiskSnapshot.app == app, RiskSnapshot.as_of >= since, RiskSnapshot.as_of <= until)
        .order_by(RiskSnapshot.as_of)))


def snapshot_on(session: Session, app: str, day: date) -> RiskSnapshot | None:
    """The latest snapshot on or before the day (days with no change need no row)."""
    return session.scalar(select(RiskSnapshot).where(
        RiskSnapshot.app == app, RiskSnapshot.as_of <= day)
        .order_by(RiskSnapshot.as_of.desc()).limit(1))


def last_snapshot_days(session: Session) -> dict[str, date]:
    return dict(session.execute(select(RiskSnapshot.app, func.max(RiskSnapshot.as_of))
                                .group_by(RiskSnapshot.app)).all())


def explain_latest(session: Session, app: str, day: date, explained: dict[str, Any]) -> None:
    """Keep the explanation on the app's snapshot for `day`, and on no other day."""
    session.execute(update(RiskSnapshot).where(RiskSnapshot.app == app,
                                               RiskSnapshot.as_of != day)
                    .where(RiskSnapshot.explained.is_not(None)).values(explained=None))
    session.execute(update(RiskSnapshot).where(RiskSnapshot.app == app,
                                               RiskSnapshot.as_of == day)
                    .values(explained=explained))


def explained_on(session: Session, app: str, day: date) -> dict[str, Any] | None:
    return session.scalar(select(RiskSnapshot.explained).where(
        RiskSnapshot.app == app, RiskSnapshot.as_of == day))
