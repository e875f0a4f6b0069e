"""Stored items with their sources, tags and evidence; filters by feed, verdict, date and text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer

from riskwatch.api import create_app
from riskwatch.services.ingesting import ingest_paths
from riskwatch.services.polling import poll_feed
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import prepare_database
from tests.api_support import Filled, read, walk
from tests.support import feed_entry, rss, write_feeds_file


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[FlaskClient]:
    with filled.client() as test_client:
        yield test_client


def test_items_are_newest_stored_first(client: FlaskClient) -> None:
    items = walk(client, "/api/v1/items", "items", limit=200)

    ids = [i["id"] for i in items]
    assert len(items) == 463 and ids == sorted(ids, reverse=True)
    assert items[0]["sources"][0]["source"].startswith("backfill:")


def test_relevant_filter_splits_the_items(client: FlaskClient) -> None:
    relevant = walk(client, "/api/v1/items", "items", relevant="true", limit=200)
    other = walk(client, "/api/v1/items", "items", relevant="false", limit=200)

    assert {i["relevant"] for i in relevant} == {True}
    assert {i["relevant"] for i in other} == {False}
    assert len(relevant) + len(other) == 463


def test_since_keeps_items_published_at_or_after(client: FlaskClient) -> None:
    items = walk(client, "/api/v1/items", "items", since="2025-01-17T00:00:00Z")
    naive = walk(client, "/api/v1/items", "items", since="2025-01-17T00:00:00")

    assert items and min(i["published_at"] for i in items) >= "2025-01-17T00:00:00+00:00"
    assert naive == items


def test_q_searches_title_and_summary_case_insensitively(client: FlaskClient) -> None:
    found = walk(client, "/api/v1/items", "items", q="MONTANA")

    assert found
    for item in found:
        assert "montana" in (item["title"] + " " + item["summary"]).lower()


@pytest.mark.parametrize("pattern", ["%", "_", "\\"])
def test_q_treats_like_wildcards_as_text(client: FlaskClient, pattern: str) -> None:
    assert read(client, "/api/v1/items", q=pattern)["items"] == []


def test_item_detail_has_tags_with_evidence(client: FlaskClient) -> None:
    listed = next(i for i in walk(client, "/api/v1/items", "items", q="Montana", relevant="true")
                  if "ban" in i["title"].lower())

    detail = read(client, f"/api/v1/items/{listed['id']}")

    assert {k: detail[k] for k in listed} == listed
    tags = detail["tags"]
    assert tags["relevant"] is True and tags["jurisdiction"] == "US-MT"
    assert any(app["slug"] == "tiktok" for app in tags["apps"])
    assert tags["evidence"] and tags["event_type"]


@pytest.mark.parametrize("item_id", ["0", "1000000", str(2 ** 64)])
def test_an_unknown_item_is_404(client: FlaskClient, item_id: str) -> None:
    response = client.get(f"/api/v1/items/{item_id}")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_feed_filter_keeps_items_seen_in_that_feed(
        runtime: Runtime, feed_server: HTTPServer, tmp_path: Path) -> None:
    feed_server.expect_request("/rss").respond_with_data(rss(
        ("a1", "Montana judge blocks the state's TikTok ban", "Fri, 17 Jan 2025 14:00:00 GMT"),
        ("a2", "Temu opens a warehouse in Ohio", "Fri, 17 Jan 2025 15:00:00 GMT")),
        content_type="application/rss+xml")
    write_feeds_file(runtime.settings.feeds_file, [feed_entry("live", feed_server.url_for("/rss"))])
    prepare_database(runtime)
    poll_feed(runtime, "live")
    archive = tmp_path / "archive.jsonl"
    archive.write_text(json.dumps({"title": "India bans TikTok and 58 other apps",
                                   "url": "https://example.com/india", "source": "Wire"}) + "\n")
    ingest_paths(runtime, [archive])
    client = create_app(runtime=runtime).test_client()

    live = read(client, "/api/v1/items", feed="live")["items"]
    everything = read(client, "/api/v1/items")["items"]

    assert {i["title"] for i in live} == {"Montana judge blocks the state's TikTok ban",
                                          "Temu opens a warehouse in Ohio"}
    assert {s["feed_id"] for i in live for s in i["sources"]} == {"live"}
    assert len(everything) == 3
    assert read(client, "/api/v1/items", feed="other")["items"] == []
