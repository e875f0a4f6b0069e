"""Fixtures: a real SQLite file per test, a controllable clock, real HTTP servers on loopback."""

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
from tests.support import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 1, 17, 15, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'riskwatch.db'}",
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
