"""INSERT that skips rows a unique key already holds, on whichever engine the session uses.

Two schedulers can store the same story at the same moment (two feeds carry it); the unique
keys decide which one writes the row, and the other must carry on instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_or_skip(session: Session, model: Any, unique_columns: Sequence[str]) -> Any:
    """`INSERT ... ON CONFLICT (unique_columns) DO NOTHING` for the session's dialect."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model).on_conflict_do_nothing(index_elements=list(unique_columns))
