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


def pytest_sessionfinish() -> None:
    test_databases.close_current()


@pytest.fixture(scope="session")
def databases() -> test_databases.Provider:
    return test_databases.current()


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


@pytest.fixture
def feed_server() -> Iterator[HTTPServer]:
    """A threaded server, so a stalling handler does not block the others."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()
