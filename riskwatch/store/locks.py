"""A database-wide lock for the writers of derived state: events and daily risk snapshots.

Clustering reads the events that exist and then creates, joins or merges; scoring reads the
events and then replaces snapshots. Two processes doing either at once would each decide on
what the other has not committed yet (two events for one happening, a snapshot computed from
stale events). On PostgreSQL such a transaction takes a transaction-scoped advisory lock
before its first read, so those steps run one process at a time while fetching, parsing,
tagging and storing items stay parallel; the lock goes with the commit or the rollback. On
SQLite every write transaction already holds the database's single write lock.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

# Any fixed 64-bit number, unique among the advisory locks taken on one database.
_DERIVED_STATE = 0x7269736B_77617463  # "riskwatc"


def lock_derived_state(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_DERIVED_STATE)))
