"""HTTP caching: ETag and Cache-Control on every GET, 304 for a matching If-None-Match, and
the copy of a public response the API keeps for max-age."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from riskwatch.api import create_app
from riskwatch.api.caching import MAX_AGE_SECONDS
from riskwatch.services.ingesting import ingest_paths
from riskwatch.services.runtime import Runtime
from riskwatch.services.workers import register_scheduler
from riskwatch.store.keys import create_key
from tests.api_support import FRESH, NOW, Filled
from tests.support import Clock

READS = ["/api/v1/apps", "/api/v1/apps/tiktok", "/api/v1/apps/tiktok/timeline",
         "/api/v1/apps/tiktok/timeline.atom", "/api/v1/apps/tiktok/risk",
         "/api/v1/apps/tiktok/risk/history", "/api/v1/events", "/api/v1/items",
         "/api/v1/items/1", "/api/v1/feeds", "/api/v1/feeds/dead", "/api/openapi.json"]
CHANGING = ("/api/v1/items", "/api/v1/apps/tiktok/timeline.atom", "/api/v1/events")


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[FlaskClient]:
    with filled.client() as test_client:
        yield test_client


@pytest.mark.parametrize("path", READS)
def test_a_get_carries_an_etag_and_304s_when_it_still_matches(client: FlaskClient,
                                                              path: str) -> None:
    first = client.get(path, headers=FRESH)
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    recomputed = client.get(path, headers={"If-None-Match": first.headers["ETag"], **FRESH})

    assert first.status_code == 200
    assert first.headers["Cache-Control"] == f"public, max-age={MAX_AGE_SECONDS}"
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert recomputed.status_code == 304


def test_another_etag_gets_the_full_body(client: FlaskClient) -> None:
    response = client.get("/api/v1/apps", headers={"If-None-Match": '"something-else"'})

    assert response.status_code == 200 and response.get_json()["apps"]


def test_a_weak_or_listed_etag_matches_too(client: FlaskClient) -> None:
    etag = client.get("/api/v1/events").headers["ETag"]

    listed = client.get("/api/v1/events", headers={"If-None-Match": f'"other", W/{etag}'})

    assert listed.status_code == 304


def test_the_etag_follows_the_query(client: FlaskClient) -> None:
    one = client.get("/api/v1/events", query_string={"limit": 1}).headers["ETag"]
    two = client.get("/api/v1/events", query_string={"limit": 2}).headers["ETag"]

    assert one != two


def test_errors_health_and_metrics_are_not_cached(client: FlaskClient) -> None:
    missing = client.get("/api/v1/apps/myspace")
    live = [client.get(path).headers["Cache-Control"] for path in ("/healthz", "/metrics")]

    assert missing.status_code == 404 and "ETag" not in missing.headers
    assert live == ["no-store", "no-store"]


def _late_news(folder: Path) -> Path:
    archive = folder / "late.jsonl"
    archive.write_text(json.dumps({
        "title": "Texas sues TikTok over children's privacy",
        "url": "https://example.com/texas", "published": "2026-05-30T10:00:00Z",
        "source": "Wire"}) + "\n")
    return archive


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def changing(filled: Filled, clock: Clock) -> Iterator[Runtime]:
    with filled.runtime(clock) as runtime:
        yield runtime


def test_a_kept_copy_is_served_until_max_age_then_new_data_shows(
        changing: Runtime, clock: Clock, tmp_path: Path) -> None:
    client = create_app(runtime=changing).test_client()
    before = {path: client.get(path).headers["ETag"] for path in (*CHANGING, "/api/v1/feeds")}
    ingest_paths(changing, [_late_news(tmp_path)])
    clock.advance(seconds=MAX_AGE_SECONDS - 1)

    kept = {path: client.get(path) for path in CHANGING}
    clock.advance(seconds=1)
    renewed = {path: client.get(path, headers={"If-None-Match": etag}).status_code
               for path, etag in before.items()}

    for path, response in kept.items():
        assert response.headers["ETag"] == before[path]
        assert response.headers["Age"] == str(MAX_AGE_SECONDS - 1)
    assert renewed == {**{path: 200 for path in CHANGING}, "/api/v1/feeds": 304}


def test_a_reader_who_asks_for_no_cache_gets_fresh_data(changing: Runtime,
                                                        tmp_path: Path) -> None:
    client = create_app(runtime=changing).test_client()
    before = client.get("/api/v1/items").get_json()["items"][0]["id"]
    ingest_paths(changing, [_late_news(tmp_path)])

    fresh = client.get("/api/v1/items", headers=FRESH).get_json()["items"][0]["id"]

    assert fresh == before + 1


def test_a_caller_with_a_key_never_gets_a_kept_copy(changing: Runtime,
                                                    tmp_path: Path) -> None:
    with changing.database.writing() as session:
        key = create_key(session, "reader", NOW)
    client = create_app(runtime=changing).test_client()
    before = client.get("/api/v1/items").get_json()["items"][0]["id"]
    ingest_paths(changing, [_late_news(tmp_path)])

    keyed = client.get("/api/v1/items", headers={"Authorization": f"Bearer {key}"})

    assert keyed.get_json()["items"][0]["id"] == before + 1 and "Age" not in keyed.headers


def test_a_write_through_the_api_drops_the_kept_copies(changing: Runtime) -> None:
    with changing.database.writing() as session:
        admin = create_key(session, "operator", NOW, admin=True)
    client = create_app(runtime=changing).test_client()
    before = client.get("/api/v1/feeds/dead").get_json()

    client.post("/api/v1/feeds/dead/refresh", headers={"Authorization": f"Bearer {admin}"})

    after = client.get("/api/v1/feeds/dead")
    assert "Age" not in after.headers
    assert after.get_json()["consecutive_errors"] == before["consecutive_errors"] + 1


def test_health_is_always_live(changing: Runtime, clock: Clock) -> None:
    client = create_app(runtime=changing).test_client()
    register_scheduler(changing)
    client.get("/healthz")
    clock.advance(seconds=5)

    assert client.get("/healthz").get_json()["scheduler_heartbeat_age_seconds"] == 5.0
