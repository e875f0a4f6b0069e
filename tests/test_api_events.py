"""Events across apps and one event with every source, from the ingested and curated history."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from tests.api_support import Filled, read, walk


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[FlaskClient]:
    with filled.client() as test_client:
        yield test_client


def test_events_are_newest_first_across_apps(client: FlaskClient) -> None:
    events = walk(client, "/api/v1/events", "events", limit=200)

    keys = [(e["occurred_on"], e["id"]) for e in events]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
    assert {e["provenance"] for e in events} == {"curated", "ingested"}
    assert len({a["slug"] for e in events for a in e["apps"]}) > 10


def test_events_of_an_app_are_its_timeline(client: FlaskClient) -> None:
    query = {"app": "temu", "include_class_level": "true", "direction": "escalation"}

    events = walk(client, "/api/v1/events", "events", **query)
    timeline = walk(client, "/api/v1/apps/temu/timeline", "events",
                    **{k: v for k, v in query.items() if k != "app"})

    assert events and events == timeline


def test_event_filters_combine(client: FlaskClient) -> None:
    events = walk(client, "/api/v1/events", "events", event_type="fine", jurisdiction="US-federal",
                  since="2019-01-01")

    assert events
    assert {(e["event_type"], e["jurisdiction"]) for e in events} == {("fine", "US-federal")}
    assert min(e["occurred_on"] for e in events) >= "2019-01-01"


def test_event_detail_lists_every_source(client: FlaskClient) -> None:
    listed = next(e for e in walk(client, "/api/v1/events", "events", limit=200)
                  if e["provenance"] == "ingested" and e["source_count"] >= 3)

    detail = read(client, f"/api/v1/events/{listed['id']}")

    assert {k: detail[k] for k in listed} == listed
    assert len(detail["sources"]) >= detail["source_count"]
    assert detail["sources"][:3] == detail["top_sources"]
    assert len({s["outlet"] for s in detail["sources"]}) == detail["source_count"]
    for source in detail["sources"]:
        item = read(client, f"/api/v1/items/{source['item_id']}")
        assert (item["title"], item["url"]) == (source["title"], source["url"])


def test_a_curated_event_lists_its_citations(client: FlaskClient) -> None:
    detail = read(client, "/api/v1/events/cur-us-federal-2025-01-17-supreme-court-upholds-pafaca")

    assert detail["title"].startswith("Supreme Court") and detail["credibility"] == 1
    citations = [s for s in detail["sources"] if s["item_id"] is None]
    assert citations and all(s["url"].startswith("https://") for s in citations)


def test_an_unknown_event_is_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/events/ev-0")

    assert response.status_code == 404
    assert response.get_json() == {"error": {"status": 404, "code": "not_found",
                                             "message": "no event with id 'ev-0'"}}


@pytest.mark.parametrize(("query", "field"), [
    ({"event_type": ["fine", "ban"]}, "event_type"),
    ({"direction": "sideways"}, "direction"),
    ({"jurisdiction": "United States"}, "jurisdiction"),
    ({"since": "17/01/2025"}, "since"),
    ({"include_class_level": "perhaps"}, "include_class_level"),
])
def test_a_bad_filter_is_422_naming_it(client: FlaskClient, query: dict[str, object],
                                       field: str) -> None:
    response = client.get("/api/v1/events", query_string=query)

    error = response.get_json()["error"]
    assert response.status_code == 422
    assert list(error["fields"]) == [field] and error["message"] == f"invalid parameters: {field}"
