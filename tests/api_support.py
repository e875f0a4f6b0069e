"""A database filled through the real ingest path, shared by the API tests.

It is built once per test session (the curated history plus a JSONL archive of 463 reports
from 14 outlets, ingested by `ingest_paths`) and copied for each module or test that uses it,
so every API test reads the same realistic data without paying for the ingest again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from riskwatch.api import create_app
from riskwatch.config import Settings
from riskwatch.services.ingesting import ingest_paths
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import prepare_database
from tests.databases import Provider, Template
from tests.support import REPO, Clock, feed_entry, write_feeds_file

# After every curated event, so scores and timelines do not depend on the day the suite runs.
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ARCHIVE = REPO / "tests" / "data" / "backtest_items.jsonl"
# A feed on a closed loopback port: refreshing it fails at once, without the internet.
DEAD_FEED = feed_entry("dead", "http://127.0.0.1:9/feed")


def api_settings(folder: Path, database_url: str, **overrides: object) -> Settings:
    """Settings for an API test; no rate limit unless a test asks for one."""
    write_feeds_file(folder / "feeds.yaml", [DEAD_FEED])
    fields = {"database_url": database_url,
              "feeds_file": folder / "feeds.yaml", "rate_limit": "",
              "fetch_connect_timeout": 1.0, "fetch_total_timeout": 2.0, **overrides}
    return Settings().with_overrides(fields)


def fill(runtime: Runtime) -> None:
    prepare_database(runtime, history=True)
    report = ingest_paths(runtime, [ARCHIVE])
    assert report.new_items > 400 and not report.errors, report.errors


@dataclass(frozen=True)
class Filled:
    """The run's filled database on the run's engine, built on first use, and private copies
    of it for a module or a test."""

    tmp_path_factory: pytest.TempPathFactory
    databases: Provider

    def template(self) -> Template:
        def fill_at(url: str) -> None:
            folder = self.tmp_path_factory.getbasetemp() / "api-filled"
            folder.mkdir(exist_ok=True)
            runtime = Runtime(api_settings(folder, url), clock=Clock(NOW))
            try:
                fill(runtime)
            finally:
                runtime.close()

        return self.databases.template("api-filled", fill_at)

    @contextmanager
    def runtime(self, clock: Clock | None = None, **overrides: object) -> Iterator[Runtime]:
        """A private copy, with its own clock (at NOW unless given)."""
        template = self.template()
        folder = self.tmp_path_factory.mktemp("api")
        with self.databases.copy(template) as url:
            runtime = Runtime(api_settings(folder, url, **overrides), clock=clock or Clock(NOW))
            try:
                yield runtime
            finally:
                runtime.close()

    @contextmanager
    def app(self, **overrides: object) -> Iterator[Flask]:
        with self.runtime(**overrides) as runtime:
            yield create_app(runtime=runtime)

    @contextmanager
    def client(self, **overrides: object) -> Iterator[FlaskClient]:
        with self.app(**overrides) as app:
            yield app.test_client()


# A reader who will not take a copy kept by the API (see riskwatch/api/caching.py).
FRESH = {"Cache-Control": "no-cache"}


def read(client: FlaskClient, path: str, *, fresh: bool = False, **query: Any) -> Any:
    """The JSON body of a GET that must succeed."""
    response = client.get(path, query_string=query, headers=FRESH if fresh else {})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def walk(client: FlaskClient, path: str, key: str, *, fresh: bool = False,
         **query: Any) -> list[dict[str, Any]]:
    """Every row of a list, page after page, following `next_cursor`."""
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = read(client, path, fresh=fresh, **query, **({"cursor": cursor} if cursor else {}))
        rows.extend(page[key])
        cursor = page["next_cursor"]
        if cursor is None:
            return rows

