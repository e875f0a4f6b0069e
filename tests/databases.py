"""The databases tests run on: SQLite files, or PostgreSQL databases, one switch for the run.

`RISKWATCH_TEST_DATABASE=postgres` (default `sqlite`) runs the suite on the PostgreSQL server
named by `RISKWATCH_TEST_POSTGRES_URL`. Every test gets a database of its own, so tests stay
independent on either engine:

- on SQLite, a file copied from a migrated (or filled) template file;
- on PostgreSQL, a database created from a migrated (or filled) template database with
  `CREATE DATABASE ... TEMPLATE`, then recycled rather than dropped: after the test its rows
  are put back from a pristine copy kept inside it, in one server-side call. Dropping is what
  costs on PostgreSQL (each DROP DATABASE forces a checkpoint, 0.2-0.9 s here), so a database
  is dropped only when a test changed its schema, and at the end of the run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from riskwatch.store.database import Database
from riskwatch.store.migrate import upgrade

ENGINE_VARIABLE = "RISKWATCH_TEST_DATABASE"
POSTGRES_VARIABLE = "RISKWATCH_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ENGINES = ("sqlite", "postgres")
# Databases of this run are named rwt_<host>_<pid>_...; a later run on the same host drops
# those whose process is gone (killed before it could clean up).
PREFIX = "rwt_"
HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]
PRISTINE = "rwt_pristine"


def selected_engine() -> str:
    engine = os.environ.get(ENGINE_VARIABLE, "sqlite").strip().lower() or "sqlite"
    if engine not in ENGINES:
        raise ValueError(f"{ENGINE_VARIABLE}={engine!r}: expected one of {', '.join(ENGINES)}")
    return engine


def postgres_url() -> str:
    return os.environ.get(POSTGRES_VARIABLE) or DEFAULT_POSTGRES_URL


def postgres_unreachable() -> str | None:
    """Why the PostgreSQL server for tests cannot be used, or None when it can."""
    try:
        psycopg.connect(_libpq(postgres_url()), connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL at {postgres_url()}: {str(exc).strip().splitlines()[0]}"
    return None


@dataclass(frozen=True)
class Template:
    """A database frozen as the starting content of the copies made from it."""

    location: str  # a file path (SQLite) or a database name (PostgreSQL)


class Databases(Protocol):
    engine: str

    def empty(self) -> str:
        """The URL of a database with nothing in it, not even the schema."""

    def freeze(self, url: str) -> Template:
        """Keep what the database at `url` holds now as a template (nobody may be connected)."""

    def copy(self, template: Template) -> str:
        """The URL of a private database holding what the template holds."""

    def release(self, url: str) -> None:
        """The test is done with the database; it may be reused or removed."""

    def close(self) -> None:
        """Remove everything this run created."""


class SqliteDatabases:
    engine = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _new_path(self) -> Path:
        return self.folder / f"{uuid.uuid4().hex[:12]}.db"

    def empty(self) -> str:
        return f"sqlite:///{self._new_path()}"

    def freeze(self, url: str) -> Template:
        return Template(str(make_url(url).database))

    def copy(self, template: Template) -> str:
        path = self._new_path()
        shutil.copyfile(template.location, path)
        return f"sqlite:///{path}"

    def release(self, url: str) -> None:
        path = Path(str(make_url(url).database))
        for leftover in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# Runs inside a recycled database: empty every table and refill it from the pristine copy,
# with foreign-key triggers off (every table is rewritten, so order does not matter), then
# put the sequences back where the template had them.
_RESTORE_FUNCTION = f"""
CREATE FUNCTION {PRISTINE}.restore() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text;
    seq record;
BEGIN
    SET LOCAL session_replication_role = replica;
    FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('DELETE FROM public.%I', name);
        EXECUTE format('INSERT INTO public.%I SELECT * FROM {PRISTINE}.%I', name, name);
    END LOOP;
    FOR seq IN SELECT * FROM {PRISTINE}.sequences LOOP
        IF seq.last_value IS NULL THEN
            EXECUTE format('ALTER SEQUENCE public.%I RESTART', seq.name);
        ELSE
            PERFORM setval(format('public.%I', seq.name), seq.last_value, true);
        END IF;
    END LOOP;
END $$;
"""

# Tables, their columns and indexes: if a test changed any of them the database is dropped.
_SCHEMA_SIGNATURE = """
SELECT md5(coalesce(string_agg(c.relname || '.' || a.attname || ':' || a.atttypid::text,
                               ',' ORDER BY c.relname, a.attnum), ''))
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
"""


def _libpq(url: str) -> str:
    """The libpq conninfo of a SQLAlchemy URL (psycopg takes the URL without the driver)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class _Pool:
    template: Template
    signature: str
    idle: list[str] = field(default_factory=list)


class PostgresDatabases:
    engine = "postgres"

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.admin = psycopg.connect(_libpq(admin_url), autocommit=True)
        self.prefix = f"{PREFIX}{HOST}_{os.getpid()}_{uuid.uuid4().hex[:6]}_"
        self._count = 0
        self._pools: dict[str, _Pool] = {}
        self._owner: dict[str, str] = {}  # database in use -> template it was copied from
        self._created: list[str] = []
        self._drop_abandoned()

    def _url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def _create(self, template: str | None = None) -> str:
        self._count += 1
        name = f"{self.prefix}{self._count}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        self.admin.execute(statement)
        self._created.append(name)
        return name

    def _drop(self, name: str) -> None:
        self.admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                           .format(sql.Identifier(name)))
        if name in self._created:
            self._created.remove(name)

    def _drop_abandoned(self) -> None:
        """Databases left by runs that were killed before they could clean up."""
        ours = f"{PREFIX}{HOST}_"
        rows = self.admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                  [ours + "%"]).fetchall()
        for (name,) in rows:
            pid = name[len(ours):].split("_", 1)[0]
            if pid.isdigit() and not _process_alive(int(pid)):
                self._drop(name)

    def _disconnect_others(self, name: str) -> None:
        self.admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = %s AND pid <> pg_backend_pid()", [name])

    def empty(self) -> str:
        name = self._create()
        self._owner[name] = ""
        return self._url(name)

    def freeze(self, url: str) -> Template:
        """Copy the public tables and sequence positions into the pristine schema, which the
        copies inherit and are put back from after every test."""
        name = str(make_url(url).database)
        self._disconnect_others(name)
        self._owner.pop(name, None)
        with psycopg.connect(_libpq(url)) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {PRISTINE} CASCADE")
            connection.execute(f"CREATE SCHEMA {PRISTINE}")
            tables = [row[0] for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            for table in tables:
                connection.execute(sql.SQL("CREATE TABLE {}.{} AS TABLE public.{}").format(
                    sql.Identifier(PRISTINE), sql.Identifier(table), sql.Identifier(table)))
            connection.execute(f"CREATE TABLE {PRISTINE}.sequences AS SELECT sequencename AS "
                               f"name, last_value FROM pg_sequences WHERE schemaname = 'public'")
            connection.execute(_RESTORE_FUNCTION)
            signature = connection.execute(_SCHEMA_SIGNATURE).fetchone()[0]
        self._pools[name] = _Pool(Template(name), signature)
        return Template(name)

    def copy(self, template: Template) -> str:
        pool = self._pools[template.location]
        name = pool.idle.pop() if pool.idle else self._create(template.location)
        self._owner[name] = template.location
        return self._url(name)

    def release(self, url: str) -> None:
        name = str(make_url(url).database)
        pool = self._pools.get(self._owner.pop(name, ""))
        if pool is None:
            self._drop(name)
            return
        self._disconnect_others(name)
        try:
            with psycopg.connect(_libpq(url)) as connection:
                if connection.execute(_SCHEMA_SIGNATURE).fetchone()[0] != pool.signature:
                    raise LookupError("the test changed the schema")
                connection.execute(f"SELECT {PRISTINE}.restore()")
        except (psycopg.Error, LookupError):
            self._drop(name)
            return
        pool.idle.append(name)

    def close(self) -> None:
        for name in list(self._created):
            with suppress(psycopg.Error):
                self._drop(name)
        self.admin.close()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_databases() -> Databases:
    if selected_engine() == "postgres":
        return PostgresDatabases(postgres_url())
    return SqliteDatabases(Path(tempfile.mkdtemp(prefix="riskwatch-tests-")))


class Provider:
    """The run's databases and its migrated template, which most tests start from."""

    def __init__(self, databases: Databases) -> None:
        self.databases = databases
        self.engine = databases.engine
        self._migrated: Template | None = None
        self._templates: dict[str, Template] = {}

    @contextmanager
    def empty(self) -> Iterator[str]:
        url = self.databases.empty()
        try:
            yield url
        finally:
            self.databases.release(url)

    def _migrated_template(self) -> Template:
        if self._migrated is None:
            url = self.databases.empty()
            database = Database(url)
            try:
                upgrade(database)
            finally:
                database.dispose()
            self._migrated = self.databases.freeze(url)
        return self._migrated

    @contextmanager
    def migrated(self) -> Iterator[str]:
        """A database at the head revision with no rows."""
        with self.copy(self._migrated_template()) as url:
            yield url

    def template(self, name: str, fill: Callable[[str], None]) -> Template:
        """A template built once per run by `fill`, given the URL of a migrated database:
        tests that all need the same costly content copy it instead of building it."""
        if name not in self._templates:
            url = self.databases.copy(self._migrated_template())
            fill(url)
            self._templates[name] = self.databases.freeze(url)
        return self._templates[name]

    @contextmanager
    def copy(self, template: Template) -> Iterator[str]:
        url = self.databases.copy(template)
        try:
            yield url
        finally:
            self.databases.release(url)


_current: Provider | None = None


def current() -> Provider:
    """The run's databases, opened on first use: module fixtures built on tmp_path_factory
    (tests/api_support.py) reach them here as well as through the `databases` fixture."""
    global _current
    if _current is None:
        _current = Provider(open_databases())
    return _current


def close_current() -> None:
    global _current
    if _current is not None:
        _current.databases.close()
        _current = None


if __name__ == "__main__":
    # scripts/test asks here whether to run the suite on PostgreSQL as well.
    reason = postgres_unreachable()
    print(reason or f"PostgreSQL at {postgres_url()}")
    raise SystemExit(1 if reason else 0)
