"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out, whatever the engine keeps.

    SQLite has no time zones and hands back naive values; without this a comparison between a
    stored and a fresh timestamp raises deep inside a job.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType: Any = JSON().with_variant(JSONB(), "postgresql")

# Row ids the API takes as 64-bit numbers: BIGINT on PostgreSQL, where INTEGER is 32-bit and a
# larger id in a URL would be an error instead of a 404. On SQLite an INTEGER PRIMARY KEY is
# already the 64-bit rowid (and only the spelling INTEGER makes it so).
BigId: Any = BigInteger().with_variant(Integer(), "sqlite")
