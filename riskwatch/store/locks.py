"""Database-wide locks on PostgreSQL, for the few steps that must run one process at a time.

Derived state: clustering reads the events that exist and then creates, joins or merges;
scoring reads the events and then replaces snapshots. Two processes doing either at once would
each decide on what the other has not committed yet (two events for one happening, a snapshot
computed from stale events). Such a transaction takes this lock before its first read, so
those steps run one process at a time while fetching, parsing, tagging and storing items stay
parallel.

Migrations: schedulers started together would otherwise all try to create the same tables.

Both are transaction-scoped advisory locks: they go with the commit or the rollback, and a
process that dies holds nothing. On SQLite every write transaction already holds the
database's single write lock, so there is nothing to take.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

# Fixed 63-bit numbers, unique among the advisory locks taken on one database.
_DERIVED_STATE = 0x7269736B_77617463  # "riskwatc"
_MIGRATIONS = 0x7269736B_6D696772  # "riskmigr"


def _advisory_lock(bind: Session | Connection, key: int) -> None:
    dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    if dialect.name == "postgresql":
        bind.execute(select(func.pg_advisory_xact_lock(key)))


def lock_derived_state(session: Session) -> None:
    """Hold the events-and-snapshots lock until this transaction ends."""
    _advisory_lock(session, _DERIVED_STATE)


def lock_migrations(connection: Connection) -> None:
    _advisory_lock(connection, _MIGRATIONS)
