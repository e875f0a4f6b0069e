"""Operating the service: /healthz, feed health, /metrics and the offline docs page."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer

from riskwatch.api import create_app
from riskwatch.services.polling import poll_feed
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import prepare_database
from riskwatch.services.workers import register_scheduler
from tests.support import Clock, feed_entry, rss, write_feeds_file


@pytest.fixture
def app(runtime: Runtime) -> Iterator[Flask]:
    yield create_app(runtime=runtime)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_healthz_reports_database_scheduler_and_failing_feeds(
        runtime: Runtime, client: FlaskClient, clock: Clock) -> None:
    write_feeds_file(runtime.settings.feeds_file, [feed_entry("dead", "http://127.0.0.1:9/")])
    prepare_database(runtime)
    poll_feed(runtime, "dead")
    register_scheduler(runtime)
    clock.advance(seconds=12)

    body = client.get("/healthz").get_json()

    assert body == {"status": "ok", "database": "ok", "scheduler_heartbeat_age_seconds": 12.0,
                    "failing_feeds": 1}


def test_feeds_endpoint_shows_health(runtime: Runtime, client: FlaskClient,
                                     feed_server: HTTPServer) -> None:
    poll_live_and_dead(runtime, feed_server)

    feeds = {f["id"]: f for f in client.get("/api/v1/feeds").get_json()["feeds"]}

    assert feeds["live"]["status"] == "ok" and feeds["live"]["items_seen"] == 1
    assert feeds["live"]["last_ok_at"].endswith("+00:00")
    assert feeds["dead"]["status"] == "failing"
    assert feeds["dead"]["consecutive_errors"] == 1
    assert feeds["dead"]["last_error"].startswith("fetch: feed 'dead'")


def test_unknown_feed_and_unknown_route_use_the_error_shape(client: FlaskClient,
                                                            runtime: Runtime) -> None:
    prepare_database_empty(runtime)
    missing = client.get("/api/v1/feeds/nope")
    route = client.get("/api/v1/nothing")
    method = client.delete("/api/v1/feeds")

    assert missing.status_code == 404
    assert missing.get_json() == {"error": {"status": 404, "code": "not_found",
                                            "message": "no feed with id 'nope'"}}
    assert route.status_code == 404 and route.get_json()["error"]["code"] == "not_found"
    assert method.status_code == 405
    assert method.get_json()["error"]["code"] == "method_not_allowed"


def prepare_database_empty(runtime: Runtime) -> None:
    write_feeds_file(runtime.settings.feeds_file, [])
    prepare_database(runtime)


def test_metrics_count_the_work_in_the_database(runtime: Runtime, client: FlaskClient,
                                                feed_server: HTTPServer) -> None:
    poll_live_and_dead(runtime, feed_server)
    client.get("/api/v1/feeds")

    response = client.get("/metrics")

    lines = set(response.get_data(as_text=True).splitlines())
    assert response.mimetype == "text/plain" and response.headers["Cache-Control"] == "no-store"
    assert {'riskwatch_feed_fetches_total{feed="live"} 1.0',
            'riskwatch_feed_errors_total{feed="dead"} 1.0',
            'riskwatch_feed_consecutive_errors{feed="dead"} 1.0',
            "riskwatch_items 1.0", "riskwatch_events 0.0",
            "# TYPE riskwatch_deliveries gauge",
            'riskwatch_http_request_duration_seconds_count'
            '{endpoint="/api/v1/feeds",method="GET",status="200"} 1.0'} <= lines


def test_the_docs_page_works_offline(client: FlaskClient) -> None:
    page = client.get("/api/docs").get_data(as_text=True)

    scripts = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert scripts and all(src.startswith("/api/docs/assets/") for src in scripts)
    for src in scripts:
        with client.get(src) as asset:  # a file response: closing it closes the file
            assert asset.status_code == 200
    assert '"/api/openapi.json"' in page


def poll_live_and_dead(runtime: Runtime, feed_server: HTTPServer) -> None:
    """Two feeds polled once: 'live' answers with one item, 'dead' cannot be reached."""
    feed_server.expect_request("/rss").respond_with_data(
        rss(("g", "Headline", "Mon, 13 Nov 2023 12:00:00 GMT")), content_type="text/xml")
    write_feeds_file(runtime.settings.feeds_file,
                     [feed_entry("live", feed_server.url_for("/rss")),
                      feed_entry("dead", "http://127.0.0.1:9/")])
    prepare_database(runtime)
    poll_feed(runtime, "live")
    poll_feed(runtime, "dead")
