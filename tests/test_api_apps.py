"""Apps, timelines and risk, read through the API from a database filled by the ingest path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from riskwatch.domain.vocabulary import level_for
from riskwatch.services.catalog import app_catalog
from tests.api_support import NOW, Filled, read, walk

TODAY = NOW.date()


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[FlaskClient]:
    with filled.client() as test_client:
        yield test_client


def test_apps_lists_the_whole_catalog_highest_score_first(client: FlaskClient) -> None:
    apps = read(client, "/api/v1/apps", limit=200)["apps"]

    assert {a["slug"] for a in apps} == {a.slug for a in app_catalog().apps}
    assert [a["score"] for a in apps] == sorted((a["score"] for a in apps), reverse=True)
    assert apps[0]["slug"] == "tiktok" and apps[0]["score"] > 0
    for app in apps:
        assert app["level"] == level_for(app["score"])


def test_apps_sort_by_slug_or_lowest_score(client: FlaskClient) -> None:
    by_slug = [a["slug"] for a in read(client, "/api/v1/apps", sort="slug", limit=200)["apps"]]
    reversed_slugs = [a["slug"] for a in read(client, "/api/v1/apps", sort="-slug",
                                               limit=200)["apps"]]
    lowest = [a["score"] for a in read(client, "/api/v1/apps", sort="score", limit=200)["apps"]]

    assert by_slug == sorted(by_slug) and reversed_slugs == by_slug[::-1]
    assert lowest == sorted(lowest)


def test_an_app_shows_its_trend_and_last_event(client: FlaskClient) -> None:
    tiktok = next(a for a in read(client, "/api/v1/apps", limit=200)["apps"]
                  if a["slug"] == "tiktok")
    week_ago = read(client, "/api/v1/apps/tiktok/risk",
                    as_of=(TODAY - timedelta(days=7)).isoformat())
    newest = read(client, "/api/v1/apps/tiktok/timeline", limit=1)["events"][0]

    assert tiktok["scored_on"] == TODAY.isoformat()
    assert tiktok["trend_7d"] == pytest.approx(tiktok["score"] - week_ago["score"], abs=0.02)
    assert tiktok["last_event_on"] == newest["occurred_on"]


def test_app_detail_adds_catalog_data_to_the_listed_score(client: FlaskClient) -> None:
    listed = next(a for a in read(client, "/api/v1/apps", limit=200)["apps"]
                  if a["slug"] == "xiaohongshu")

    detail = read(client, "/api/v1/apps/xiaohongshu")

    assert {k: detail[k] for k in listed} == listed
    assert detail["owner"] and "chinese-owned" in detail["classes"]
    assert "RedNote" in detail["aliases"] and detail["country_of_control"] == "CN"


@pytest.mark.parametrize("path", ["", "/timeline", "/timeline.atom", "/risk", "/risk/history"])
def test_an_unknown_app_is_404_everywhere(client: FlaskClient, path: str) -> None:
    response = client.get(f"/api/v1/apps/myspace{path}")

    assert response.status_code == 404
    assert response.get_json() == {"error": {
        "status": 404, "code": "not_found", "message": "no app 'myspace' in the catalog"}}


def test_timeline_is_newest_first_with_top_sources(client: FlaskClient) -> None:
    events = walk(client, "/api/v1/apps/tiktok/timeline", "events", limit=200)

    days = [e["occurred_on"] for e in events]
    assert len(events) > 100 and days == sorted(days, reverse=True)
    for event in events:
        assert {"slug": "tiktok", "via": "direct"} in event["apps"] or \
            {"slug": "tiktok", "via": "owner"} in event["apps"]
        assert 1 <= len(event["top_sources"]) <= 3 and event["source_count"] >= 1
        assert event["first_seen_at"] == NOW.isoformat()


def test_sources_of_an_ingested_event_name_title_url_outlet_and_date(
        client: FlaskClient) -> None:
    events = walk(client, "/api/v1/apps/tiktok/timeline", "events", limit=200)
    ingested = next(e for e in events if e["provenance"] == "ingested" and e["source_count"] > 1)

    for source in ingested["top_sources"]:
        assert source["title"] and source["url"].startswith("https://")
        assert source["outlet"] and source["item_id"] is not None
        assert source["published_at"].endswith("+00:00")
    tiers = [s["credibility"] for s in ingested["top_sources"]]
    assert tiers == sorted(tiers)


def test_curated_sources_name_the_host_as_outlet(client: FlaskClient) -> None:
    events = walk(client, "/api/v1/apps/tiktok/timeline", "events", limit=200)
    curated = next(e for e in events if e["provenance"] == "curated")

    source = curated["top_sources"][0]
    assert source["outlet"] and source["outlet"] in source["url"]
    assert (source["item_id"], source["credibility"]) == (None, 1)


def test_timeline_filters_by_day_type_jurisdiction_and_direction(client: FlaskClient) -> None:
    path = "/api/v1/apps/tiktok/timeline"

    window = walk(client, path, "events", since="2023-01-01", until="2023-12-31")
    typed = walk(client, path, "events", event_type=["law_signed", "government_device_ban"])
    federal = walk(client, path, "events", jurisdiction="US-federal")
    relief = walk(client, path, "events", direction="relief")

    assert window and all("2023-01-01" <= e["occurred_on"] <= "2023-12-31" for e in window)
    assert {e["event_type"] for e in typed} == {"law_signed", "government_device_ban"}
    assert federal and {e["jurisdiction"] for e in federal} == {"US-federal"}
    assert relief and {e["direction"] for e in relief} == {"relief"}


def test_class_level_events_only_on_request(client: FlaskClient) -> None:
    path = "/api/v1/apps/xiaohongshu/timeline"

    direct = walk(client, path, "events")
    everything = walk(client, path, "events", include_class_level="true")

    vias = {a["via"] for e in everything for a in e["apps"] if a["slug"] == "xiaohongshu"}
    assert set(e["id"] for e in direct) < set(e["id"] for e in everything)
    assert "class" in vias


def test_risk_explains_its_score_event_by_event(client: FlaskClient) -> None:
    risk = read(client, "/api/v1/apps/tiktok/risk")

    assert risk["as_of"] == TODAY.isoformat() and risk["level"] == level_for(risk["score"])
    assert set(risk["trend"]) == {"7d", "30d"}
    assert sum(c["points"] for c in risk["contributions"]) == pytest.approx(risk["score"],
                                                                            abs=0.5)
    assert any(c["direction"] == "relief" and c["points"] < 0 for c in risk["contributions"])
    listed = read(client, "/api/v1/apps/tiktok")
    assert risk["score"] == listed["score"]


def test_risk_before_any_event_is_zero(client: FlaskClient) -> None:
    risk = read(client, "/api/v1/apps/tiktok/risk", as_of="2010-01-01")

    assert (risk["score"], risk["level"], risk["contributions"]) == (0.0, "low", [])


def test_history_defaults_to_the_last_year_day_by_day(client: FlaskClient) -> None:
    history = read(client, "/api/v1/apps/tiktok/risk/history")

    days = [d["day"] for d in history["series"]]
    assert history["until"] == TODAY.isoformat()
    assert history["since"] == (TODAY - timedelta(days=365)).isoformat()
    assert days[0] == history["since"] and days[-1] == history["until"] and len(days) == 366


def test_history_agrees_with_risk_as_of_each_day(client: FlaskClient) -> None:
    history = read(client, "/api/v1/apps/tiktok/risk/history",
                   since="2025-01-10", until="2025-01-24")

    assert len(history["series"]) == 15
    for day in history["series"]:
        risk = read(client, "/api/v1/apps/tiktok/risk", as_of=day["day"])
        assert (day["score"], day["level"]) == (risk["score"], risk["level"])


def test_history_past_the_last_snapshot_is_computed_like_risk(client: FlaskClient) -> None:
    later = TODAY + timedelta(days=30)

    history = read(client, "/api/v1/apps/tiktok/risk/history", since=TODAY.isoformat(),
                   until=later.isoformat())

    for day in (TODAY + timedelta(days=1), later):
        scored = history["series"][(day - TODAY).days]
        risk = read(client, "/api/v1/apps/tiktok/risk", as_of=day.isoformat())
        assert (scored["day"], scored["score"]) == (risk["as_of"], risk["score"])


@pytest.mark.parametrize(("query", "problem"), [
    ({"since": "2025-02-01", "until": "2025-01-01"}, "must not be after 'until'"),
    ({"since": (TODAY + timedelta(days=1)).isoformat()}, "must not be after 'until'"),
    ({"since": "2000-01-01"}, "at most 3660 days per request"),
])
def test_history_refuses_a_reversed_or_too_long_span_naming_since(
        client: FlaskClient, query: dict[str, str], problem: str) -> None:
    response = client.get("/api/v1/apps/tiktok/risk/history", query_string=query)

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"since": [problem]}


def test_days_and_times_are_iso_8601_utc(client: FlaskClient) -> None:
    event = read(client, "/api/v1/apps/tiktok/timeline", limit=1)["events"][0]

    assert date.fromisoformat(event["occurred_on"])
    assert event["first_seen_at"].endswith("+00:00") and event["updated_at"].endswith("+00:00")
