"""The SQLite settings that let the API read while the scheduler writes, with no lost write."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text

from riskwatch.store.database import Database
from riskwatch.store.migrate import downgrade, upgrade
from riskwatch.store.models import Worker


def test_every_connection_gets_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.reading() as session:
        pragmas = {name: session.execute(text(f"PRAGMA {name}")).scalar()
                   for name in ("journal_mode", "busy_timeout", "foreign_keys")}

    assert pragmas == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}


def test_concurrent_read_then_write_transactions_all_commit(tmp_path: Path) -> None:
    """Deferred transactions that read then write fail with 'database is locked'; ours wait."""
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(db)
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


def test_migrations_go_up_down_and_up_again(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(db)
    downgrade(db, "base")
    with db.reading() as session:
        tables = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type='table'")))
    assert tables == {"alembic_version"}

    upgrade(db)
    with db.reading() as session:
        tables = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type='table'")))
    assert {"feeds", "items", "item_sources", "workers"} <= tables
