"""Schema migrations (Alembic), applied in-process: `riskwatch init` needs no alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from riskwatch.store.database import Database
from riskwatch.store.locks import lock_migrations

SCRIPTS = Path(__file__).with_name("migrations")


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("sqlalchemy.url", database.url.replace("%", "%%"))
    return config


def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema to `revision`; processes starting together take turns (PostgreSQL's
    DDL is transactional, so the second finds the work done)."""
    config = alembic_config(database)
    with database.engine.begin() as connection:
        lock_migrations(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(database: Database, revision: str) -> None:
    config = alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
