"""Fixtures: a database of its own per test (SQLite or PostgreSQL, see tests/databases.py), a
controllable clock, real HTTP servers on loopback."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from riskwatch.config import Settings
from riskwatch.services.runtime import Runtime
from riskwatch.store.migrate import upgrade
from tests import databases as test_databases
from tests.api_support import Filled
from tests.support import Clock


def pytest_report_header() -> str:
    engine = test_databases.selected_engine()
    where = f" at {test_databases.postgres_url()}" if engine == "postgres" else ""
    return f"riskwatch test database: {engine}{where}"


def pytest_configure(config: pytest.Config) -> None:
    for engine in test_databases.ENGINES:
        config.addinivalue_line(
            "markers", f"{engine}: about {engine} alone; skipped when the run is on another engine")


def pytest_runtest_setup(item: pytest.Item) -> None:
    engine = test_databases.selected_engine()
    for other in test_databases.ENGINES:
        if other != engine and item.get_closest_marker(other):
            pytest.skip(f"about {other} only; this run is on {engine} "
                        f"({test_databases.ENGINE_VARIABLE}={other} runs it)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A run on another engine than SQLite keeps only the tests that reach a database: the
    others (tagging, scoring, parsing...) cannot behave differently there and have run on
    SQLite already, so repeating them would only lengthen CI."""
    engine = test_databases.selected_engine()
    if engine == "sqlite":
        return
    kept, dropped = [], []
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        reaches = "databases" in fixtures or item.get_closest_marker(engine)
        (kept if reaches else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_sessionfinish() -> None:
    test_databases.close_current()


@pytest.fixture(scope="session")
def databases() -> test_databases.Provider:
    return test_databases.current()


@pytest.fixture(scope="session")
def filled(tmp_path_factory: pytest.TempPathFactory,
           databases: test_databases.Provider) -> Filled:
    return Filled(tmp_path_factory, databases)


@pytest.fixture
def database_url(databases: test_databases.Provider) -> Iterator[str]:
    """A database of this test's own, at the head revision and empty."""
    with databases.migrated() as url:
        yield url


@pytest.fixture
def empty_database_url(databases: test_databases.Provider) -> Iterator[str]:
    """A database of this test's own without even the schema (migration tests)."""
    with databases.empty() as url:
        yield url


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 1, 17, 15, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        feeds_file=tmp_path / "feeds.yaml",
        fetch_connect_timeout=2.0, fetch_read_timeout=1.0, fetch_total_timeout=4.0,
        parse_timeout=5.0, poll_threads=4)


@pytest.fixture
def runtime(settings: Settings, clock: Clock) -> Iterator[Runtime]:
    rt = Runtime(settings, clock=clock, rng=random.Random(7))
    upgrade(rt.database)
    yield rt
    rt.close()


@pytest.fixture(scope="session")
def loopback_server() -> Iterator[HTTPServer]:
    """One threaded server for the run, so a stalling handler does not block the others.
    Shared because stopping a server waits out its half-second poll: paid once, not per test."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def feed_server(loopback_server: HTTPServer) -> Iterator[HTTPServer]:
    """The run's server with no handlers: each test installs its own, and they go with it."""
    yield loopback_server
    loopback_server.clear()
