"""Worker registration: heartbeats, and the rule that SQLite has one scheduler at a time."""

from __future__ import annotations

from datetime import timedelta

from riskwatch.services.runtime import Runtime
from riskwatch.store import workers

HEARTBEAT_SECONDS = 15
STALE_AFTER = timedelta(seconds=HEARTBEAT_SECONDS * 4)


class SchedulerConflict(RuntimeError):
    pass


def register_scheduler(runtime: Runtime) -> None:
    """Announce this scheduler; on SQLite refuse to start beside a live one.

    SQLite serialises writers but cannot hand out row leases across machines, and two
    schedulers on one file would mostly wait on each other: refusing is clearer than racing.
    """
    now = runtime.clock()
    with runtime.database.writing() as session:
        others = [w for w in workers.live_workers(session, now, STALE_AFTER)
                  if w.id != runtime.worker_id]
        if others and runtime.database.is_sqlite:
            other = others[0]
            raise SchedulerConflict(
                f"scheduler: another scheduler (pid {other.pid} on {other.hostname}) is running "
                f"on this SQLite database; run one scheduler per SQLite file, or use PostgreSQL "
                f"for several")
        workers.beat(session, runtime.worker_id, now)


def heartbeat(runtime: Runtime) -> None:
    with runtime.database.writing() as session:
        workers.beat(session, runtime.worker_id, runtime.clock())


def unregister_scheduler(runtime: Runtime) -> None:
    with runtime.database.writing() as session:
        workers.forget(session, runtime.worker_id)
