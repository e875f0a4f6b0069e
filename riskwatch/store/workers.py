"""Scheduler processes announce themselves here, so others and /healthz know who is alive."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from riskwatch.store.models import Worker


def beat(session: Session, worker_id: str, now: datetime) -> None:
    worker = session.get(Worker, worker_id)
    if worker is None:
        session.add(Worker(id=worker_id, hostname=socket.gethostname(), pid=os.getpid(),
                           started_at=now, heartbeat_at=now))
    else:
        worker.heartbeat_at = now


def live_workers(session: Session, now: datetime, stale_after: timedelta) -> list[Worker]:
    return list(session.scalars(select(Worker).where(Worker.heartbeat_at >= now - stale_after)
                                .order_by(Worker.started_at)))


def latest_heartbeat(session: Session) -> datetime | None:
    return session.scalar(select(Worker.heartbeat_at).order_by(Worker.heartbeat_at.desc())
                          .limit(1))


def forget(session: Session, worker_id: str) -> None:
    session.execute(delete(Worker).where(Worker.id == worker_id))
