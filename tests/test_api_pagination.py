"""Cursor pagination: pages add up to the whole list, stay stable while rows arrive, and refuse
cursors and limits they did not give out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from riskwatch.api import create_app
from riskwatch.services.ingesting import ingest_paths
from tests.api_support import Filled, read, walk

LISTS = [
    ("/api/v1/apps", "apps", {}),
    ("/api/v1/apps", "apps", {"sort": "slug"}),
    ("/api/v1/apps/tiktok/timeline", "events", {}),
    ("/api/v1/apps/tiktok/timeline", "events", {"include_class_level": "true",
                                                "direction": "escalation"}),
    ("/api/v1/events", "events", {}),
    ("/api/v1/events", "events", {"app": "wechat", "since": "2020-01-01"}),
    ("/api/v1/items", "items", {}),
    ("/api/v1/items", "items", {"relevant": "true", "q": "tiktok"}),
]
NEXT = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[FlaskClient]:
    with filled.client() as test_client:
        yield test_client


def ids(rows: list[dict[str, Any]]) -> list[Any]:
    return [row.get("id", row.get("slug")) for row in rows]


@pytest.mark.parametrize(("path", "key", "query"), LISTS)
def test_small_pages_add_up_to_the_unpaginated_list(client: FlaskClient, path: str, key: str,
                                                    query: dict[str, str]) -> None:
    whole = walk(client, path, key, limit=200, **query)
    paged = walk(client, path, key, limit=7, **query)

    assert len(whole) > 7 and paged == whole
    assert len(set(ids(paged))) == len(paged)


def test_the_link_header_leads_to_the_next_page(client: FlaskClient) -> None:
    first = client.get("/api/v1/events", query_string={"limit": 3, "app": "tiktok"})
    link = NEXT.match(first.headers["Link"])
    assert link is not None

    following = client.get(link["url"])
    by_cursor = read(client, "/api/v1/events", limit=3, app="tiktok",
                     cursor=first.get_json()["next_cursor"])

    assert "app=tiktok" in link["url"] and "limit=3" in link["url"]
    assert following.get_json() == by_cursor
    assert ids(following.get_json()["events"])[0] not in ids(first.get_json()["events"])


def test_the_default_page_is_50_and_the_last_has_no_next(client: FlaskClient) -> None:
    first = client.get("/api/v1/items")
    last = client.get("/api/v1/apps", query_string={"limit": 200})

    assert len(first.get_json()["items"]) == 50 and "Link" in first.headers
    assert last.get_json()["next_cursor"] is None and "Link" not in last.headers


def _archive(folder: Path, name: str, days: list[str]) -> Path:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps({
        "title": f"Judge blocks Montana's TikTok ban, ruling {name}-{n}",
        "summary": "A federal judge blocked the state law banning TikTok.",
        "url": f"https://example.com/{name}/{n}", "published": f"{day}T12:00:00Z",
        "source": f"Outlet {name}"}) + "\n" for n, day in enumerate(days)))
    return path


@pytest.mark.parametrize(("path", "key"), [("/api/v1/items", "items"),
                                           ("/api/v1/events", "events"),
                                           ("/api/v1/apps/tiktok/timeline", "events")])
def test_pages_stay_stable_while_rows_are_inserted(
        filled: Filled, tmp_path: Path, path: str, key: str) -> None:
    with filled.runtime() as runtime:
        client = create_app(runtime=runtime).test_client()
        before = ids(walk(client, path, key, limit=200))
        seen: list[Any] = []
        cursor = None
        for batch in range(100):
            page = read(client, path, limit=40, **({"cursor": cursor} if cursor else {}))
            seen.extend(ids(page[key]))
            cursor = page["next_cursor"]
            if cursor is None:
                break
            # Newer and older rows arrive between two page fetches.
            ingest_paths(runtime, [_archive(tmp_path, f"b{batch}", ["2026-05-31", "2019-03-01"])])
        after = ids(walk(client, path, key, limit=200, fresh=True))

    assert len(after) > len(before)
    assert len(seen) == len(set(seen))
    assert set(before) <= set(seen)


@pytest.mark.parametrize("cursor", [
    "not-a-cursor", "%%%", "W10",  # [] has the wrong length
    "WyIyMDI1LTAxLTE3Il0",  # ["2025-01-17"]: half an events cursor, a string for an item id
    "Wzk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5XQ",  # an id too large for the database
    "WyJcdWQ4MDAiXQ",  # ["\ud800"], a lone surrogate
])
@pytest.mark.parametrize("path", ["/api/v1/items", "/api/v1/events"])
def test_a_cursor_it_did_not_give_out_is_400(client: FlaskClient, path: str,
                                             cursor: str) -> None:
    response = client.get(path, query_string={"cursor": cursor})

    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"cursor": ["Not a valid cursor."]}


def test_a_cursor_of_another_list_is_400(client: FlaskClient) -> None:
    events_cursor = read(client, "/api/v1/events", limit=1)["next_cursor"]

    response = client.get("/api/v1/items", query_string={"cursor": events_cursor})

    assert response.status_code == 400


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten", "1.5"])
def test_a_limit_outside_1_to_200_is_422(client: FlaskClient, limit: str) -> None:
    response = client.get("/api/v1/events", query_string={"limit": limit})

    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["limit"]


@pytest.mark.parametrize("limit", [1, 200])
def test_the_limit_bounds_are_accepted(client: FlaskClient, limit: int) -> None:
    assert len(read(client, "/api/v1/items", limit=limit)["items"]) == limit
