"""The engine settings that let the API read while the scheduler writes, with no lost write."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from riskwatch.store.database import Database
from riskwatch.store.models import Worker


@pytest.mark.sqlite
def test_every_connection_gets_wal_busy_timeout_and_foreign_keys(database_url: str) -> None:
    db = Database(database_url)
    with db.reading() as session:
        pragmas = {name: session.execute(text(f"PRAGMA {name}")).scalar()
                   for name in ("journal_mode", "busy_timeout", "foreign_keys")}
    db.dispose()

    assert pragmas == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}


def test_concurrent_read_then_write_transactions_all_commit(database_url: str) -> None:
    """On SQLite, deferred transactions that read then write fail with 'database is locked';
    ours wait. On PostgreSQL the same transactions simply run side by side."""
    db = Database(database_url)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                with db.writing() as session:
                    session.scalar(select(func.count()).select_from(Worker))
                    now = datetime.now(UTC)
                    session.add(Worker(id=f"w{n}-{i}", hostname="h", pid=n, started_at=now,
                                       heartbeat_at=now))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Worker)) == 120
    db.dispose()
