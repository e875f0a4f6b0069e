"""Migrations on the engine under test: an empty database goes to head and back, and the
models and the migrations never disagree (what autogenerate would write is nothing)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from riskwatch.store.database import Database
from riskwatch.store.migrate import downgrade, upgrade
from riskwatch.store.models import Base


@pytest.fixture
def database(empty_database_url: str) -> Iterator[Database]:
    db = Database(empty_database_url)
    yield db
    db.dispose()


def tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_an_empty_database_upgrades_to_head_downgrades_to_base_and_upgrades_again(
        database: Database) -> None:
    upgrade(database)
    at_head = tables(database)
    downgrade(database, "base")
    at_base = tables(database)
    upgrade(database)

    assert at_head == set(Base.metadata.tables) | {"alembic_version"}
    assert at_base == {"alembic_version"}
    assert tables(database) == at_head


def test_the_migrations_build_exactly_the_schema_the_models_describe(database: Database) -> None:
    upgrade(database)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []
