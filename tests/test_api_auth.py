"""API keys from the command line, Bearer auth on writes, and the key-only mode for reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from riskwatch.api import create_app
from riskwatch.api.context import EXTENSION
from riskwatch.cli.main import main
from riskwatch.config import Settings
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import prepare_database
from riskwatch.store.models import ApiKey
from tests.support import Clock, feed_entry, rss, write_feeds_file

REFRESH = "/api/v1/feeds/dead/refresh"


def keys(runtime: Runtime, *args: str) -> str:
    """Run `riskwatch keys ...` against the test database; its output."""
    result = CliRunner().invoke(main, ["keys", *args], catch_exceptions=False, env={
        "RISKWATCH_DATABASE_URL": runtime.settings.database_url,
        "RISKWATCH_LOG_LEVEL": "WARNING"})
    assert result.exit_code == 0, result.output
    return result.output


def new_key(runtime: Runtime, name: str, *flags: str) -> str:
    return keys(runtime, "create", "--name", name, *flags).splitlines()[-1]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def client(runtime: Runtime) -> FlaskClient:
    write_feeds_file(runtime.settings.feeds_file, [feed_entry("dead", "http://127.0.0.1:9/")])
    prepare_database(runtime)
    return create_app(runtime=runtime).test_client()


def test_a_key_is_printed_once_alone_on_the_last_line_and_stored_hashed(
        runtime: Runtime, client: FlaskClient) -> None:
    output = keys(runtime, "create", "--name", "newsroom")
    key = output.splitlines()[-1]

    listing = keys(runtime, "list")

    assert key.startswith("rw_") and len(key) > 40 and " " not in key
    assert "newsroom" in listing and key not in listing and key[:10] in listing
    with runtime.database.reading() as session:
        row = session.scalar(select(ApiKey))
    assert key not in (row.digest, row.prefix) and len(row.digest) == 64


@pytest.mark.parametrize(("headers", "challenge"), [
    ({}, 'Bearer realm="riskwatch"'),
    ({"Authorization": "Basic dXNlcjpwYXNz"}, 'Bearer realm="riskwatch"'),
    ({"Authorization": "Bearer "}, 'Bearer realm="riskwatch"'),
    ({"Authorization": "Bearer rw_not-a-key"}, 'Bearer realm="riskwatch", error="invalid_token"'),
])
def test_a_write_without_a_valid_key_is_401(client: FlaskClient, headers: dict[str, str],
                                            challenge: str) -> None:
    response = client.post(REFRESH, headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == challenge
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_refreshing_needs_an_admin_key(runtime: Runtime, client: FlaskClient) -> None:
    reader = new_key(runtime, "reader")

    response = client.post(REFRESH, headers=bearer(reader))

    assert response.status_code == 403
    assert response.get_json()["error"] == {
        "status": 403, "code": "forbidden",
        "message": "authorization: this action needs an admin key "
                   "(riskwatch keys create --admin)"}


def test_an_admin_key_polls_the_feed_through_the_pipeline(
        runtime: Runtime, feed_server: HTTPServer, clock: Clock) -> None:
    feed_server.expect_request("/rss").respond_with_data(rss(
        ("g1", "Montana judge blocks the TikTok ban", "Fri, 17 Jan 2025 14:00:00 GMT")),
        content_type="application/rss+xml")
    write_feeds_file(runtime.settings.feeds_file, [feed_entry("live", feed_server.url_for("/rss"))])
    prepare_database(runtime)
    client = create_app(runtime=runtime).test_client()
    admin = new_key(runtime, "operator", "--admin")

    body = client.post("/api/v1/feeds/live/refresh", headers=bearer(admin)).get_json()

    assert (body["status"], body["new_items"], body["error"]) == ("ok", 1, None)
    assert body["feed"]["status"] == "ok" and body["feed"]["last_ok_at"] == clock.now.isoformat()
    assert client.get("/api/v1/items").get_json()["items"][0]["title"] == (
        "Montana judge blocks the TikTok ban")


def test_refreshing_a_failing_or_unknown_feed(runtime: Runtime, client: FlaskClient) -> None:
    admin = new_key(runtime, "operator", "--admin")

    dead = client.post(REFRESH, headers=bearer(admin))
    unknown = client.post("/api/v1/feeds/nope/refresh", headers=bearer(admin))

    assert dead.status_code == 200 and dead.get_json()["status"] == "error"
    assert dead.get_json()["feed"]["consecutive_errors"] == 1
    assert unknown.status_code == 404


def test_a_revoked_key_is_refused(runtime: Runtime, client: FlaskClient) -> None:
    admin = new_key(runtime, "temp", "--admin")
    assert client.post(REFRESH, headers=bearer(admin)).status_code == 200

    keys(runtime, "revoke", "temp")

    response = client.post(REFRESH, headers=bearer(admin))
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == (
        "authorization: unknown or revoked API key")
    listed = next(line for line in keys(runtime, "list").splitlines() if line.startswith("temp"))
    assert not listed.endswith(" -")  # the revocation time is shown


@pytest.fixture
def key_only(settings: Settings, clock: Clock) -> Iterator[Runtime]:
    runtime = Runtime(replace(settings, reads_need_key=True), clock=clock)
    write_feeds_file(runtime.settings.feeds_file, [])
    prepare_database(runtime)
    yield runtime
    runtime.close()


def test_reads_can_require_a_key(key_only: Runtime) -> None:
    client = create_app(runtime=key_only).test_client()
    reader = new_key(key_only, "reader")

    anonymous = client.get("/api/v1/apps")
    with_key = client.get("/api/v1/apps", headers=bearer(reader))

    assert anonymous.status_code == 401 and with_key.status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/metrics", "/api/openapi.json", "/api/docs"])
def test_health_metrics_and_docs_stay_public_in_key_only_mode(key_only: Runtime,
                                                              path: str) -> None:
    assert create_app(runtime=key_only).test_client().get(path).status_code == 200


def test_key_only_mode_is_documented_and_read_from_the_environment(
        key_only: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKWATCH_DATABASE_URL", key_only.settings.database_url)
    monkeypatch.setenv("RISKWATCH_READS_NEED_KEY", "1")
    app = create_app()
    client = app.test_client()

    document = client.get("/api/openapi.json").get_json()
    events = client.get("/api/v1/events")
    app.extensions[EXTENSION].close()

    apps = document["paths"]["/api/v1/apps"]["get"]
    assert apps["security"] == [{"bearerAuth": []}] and "401" in apps["responses"]
    assert "security" not in document["paths"]["/healthz"]["get"]
    assert events.status_code == 401
