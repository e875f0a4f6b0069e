"""The Atom export of a timeline: a feed reader's view of the same events as the JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
import pytest
from flask.testing import FlaskClient

from riskwatch.services.catalog import find_app
from tests.api_support import Filled, read


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[FlaskClient]:
    with filled.client() as test_client:
        yield test_client


def atom(client: FlaskClient, slug: str, **query: Any) -> feedparser.FeedParserDict:
    response = client.get(f"/api/v1/apps/{slug}/timeline.atom", query_string=query)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("query", [{}, {"limit": 7, "direction": "relief"},
                                   {"event_type": ["fine", "investigation"],
                                    "include_class_level": "true"}])
def test_entries_are_the_json_timeline_in_order(client: FlaskClient,
                                                query: dict[str, Any]) -> None:
    events = read(client, "/api/v1/apps/tiktok/timeline", **query)["events"]

    entries = atom(client, "tiktok", **query).entries

    assert events and len(entries) == len(events)
    for entry, event in zip(entries, events, strict=True):
        assert entry.id == f"tag:riskwatch,2025:events/{event['id']}"
        assert entry.title == event["title"]
        assert entry.link == f"http://localhost/api/v1/events/{event['id']}"
        assert entry.summary.startswith(f"{event['occurred_on']}: ")
        assert f"{event['source_count']} source(s)" in entry.summary


def test_the_feed_names_the_app_and_links_to_the_json(client: FlaskClient) -> None:
    feed = atom(client, "xiaohongshu").feed

    assert feed.title == f"riskwatch: regulatory timeline of {find_app('xiaohongshu').name}"
    assert feed.id == "tag:riskwatch,2025:apps/xiaohongshu/timeline"
    links = {link.rel: link.href for link in feed.links}
    assert links["alternate"] == "http://localhost/api/v1/apps/xiaohongshu/timeline"


def test_updated_is_the_latest_change_so_the_feed_is_cacheable(client: FlaskClient) -> None:
    events = read(client, "/api/v1/apps/tiktok/timeline")["events"]

    parsed = atom(client, "tiktok")

    assert parsed.feed.updated == max(e["updated_at"] for e in events)


def test_an_empty_timeline_is_a_valid_empty_feed(client: FlaskClient) -> None:
    parsed = atom(client, "tiktok", since="2030-01-01")

    assert parsed.entries == [] and parsed.feed.updated


def test_the_atom_feed_pages_like_the_json(client: FlaskClient) -> None:
    first = client.get("/api/v1/apps/tiktok/timeline.atom", query_string={"limit": 5})
    json_cursor = read(client, "/api/v1/apps/tiktok/timeline", limit=5)["next_cursor"]

    assert first.headers["Link"] == (
        "<http://localhost/api/v1/apps/tiktok/timeline.atom?limit=5&cursor="
        f'{json_cursor}>; rel="next"')
