"""The curated regulatory history: the shipped file is usable as-is, and a bad edit is refused
with a message that points at the entry and the field to fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import riskwatch.tagging
from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES
from riskwatch.scoring.curated import CuratedDataError, CuratedEvent, load_curated_events
from riskwatch.tagging.catalog import load_catalog

TODAY = dt.date(2026, 11, 25)

# The app slugs the curated history may use (the tracked apps of the catalog).
ALLOWED_APPS = frozenset(
    {
        "tiktok", "douyin", "capcut", "lemon8", "wechat", "qq", "xiaohongshu", "deepseek",
        "temu", "pinduoduo", "shein", "aliexpress", "alipay", "taobao", "kuaishou", "kwai",
        "likee", "bigo-live", "uc-browser", "shareit", "helo", "camscanner", "weibo", "baidu",
        "kimi", "qwen", "wps-office", "pubg-mobile", "xender", "ernie-bot",
    }
)  # fmt: skip

RELIEF_TYPES = {"injunction", "court_ruling_for_app", "ban_lifted", "enforcement_delay"}


@pytest.fixture(scope="module")
def shipped() -> list[CuratedEvent]:
    return load_curated_events(allowed_apps=ALLOWED_APPS, today=TODAY)


def valid_entry(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "key": "us-federal-2024-04-24-pafaca-signed",
        "date": dt.date(2024, 4, 24),
        "jurisdiction": "US-federal",
        "apps": ["tiktok"],
        "event_type": "law_signed",
        "direction": "escalation",
        "title": "Divest-or-ban law signed",
        "sources": ["https://example.com/news/pafaca-signed"],
    }
    entry.update(changes)
    return entry


def write(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "curated_events.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def load_error(path: Path, **kwargs: Any) -> str:
    with pytest.raises(CuratedDataError) as caught:
        load_curated_events(path, today=TODAY, **kwargs)
    return str(caught.value)


def test_shipped_history_is_large_and_broad(shipped: list[CuratedEvent]) -> None:
    assert len(shipped) >= 150
    assert len({app for event in shipped for app in event.apps}) >= 20
    assert len({event.jurisdiction for event in shipped}) >= 20
    assert all(dt.date(2018, 1, 1) <= event.date <= TODAY for event in shipped)
    assert {event.event_type for event in shipped} == set(EVENT_TYPES)
    assert {event.direction for event in shipped} == set(DIRECTIONS)


def test_shipped_history_is_chronological_with_unique_keys(shipped: list[CuratedEvent]) -> None:
    assert [event.date for event in shipped] == sorted(event.date for event in shipped)
    assert len({event.key for event in shipped}) == len(shipped)


def test_shipped_keys_say_where_and_when(shipped: list[CuratedEvent]) -> None:
    for event in shipped:
        assert event.key.startswith(f"{event.jurisdiction.lower()}-{event.date.isoformat()}-")


def test_relief_types_are_never_escalations(shipped: list[CuratedEvent]) -> None:
    assert all(e.direction == "relief" for e in shipped if e.event_type in RELIEF_TYPES)


def test_shipped_apps_are_in_the_tagging_catalog(shipped: list[CuratedEvent]) -> None:
    catalog = load_catalog(Path(riskwatch.tagging.__file__).parent / "data" / "apps.yaml")
    tracked = {app.slug for app in catalog.apps}
    assert {app for event in shipped for app in event.apps} <= tracked


def test_a_valid_entry_loads_into_a_curated_event(tmp_path: Path) -> None:
    path = write(tmp_path, {"events": [valid_entry(note="signed on a Wednesday")]})
    [event] = load_curated_events(path, allowed_apps=ALLOWED_APPS, today=TODAY)
    assert event == CuratedEvent(
        key="us-federal-2024-04-24-pafaca-signed",
        date=dt.date(2024, 4, 24),
        apps=("tiktok",),
        class_level=False,
        jurisdiction="US-federal",
        event_type="law_signed",
        direction="escalation",
        title="Divest-or-ban law signed",
        sources=("https://example.com/news/pafaca-signed",),
        note="signed on a Wednesday",
    )


def test_a_quoted_date_is_read_like_an_unquoted_one(tmp_path: Path) -> None:
    path = write(tmp_path, {"events": [valid_entry(date="2024-04-24")]})
    [event] = load_curated_events(path, today=TODAY)
    assert event.date == dt.date(2024, 4, 24)


@pytest.mark.parametrize(
    ("changes", "field", "complaint"),
    [
        ({"event_type": "ban"}, "event_type", "Must be one of"),
        ({"direction": "up"}, "direction", "Must be one of"),
        ({"jurisdiction": "United States"}, "jurisdiction", "is not US-federal, US-XX, EU"),
        ({"jurisdiction": "us-tx"}, "jurisdiction", "is not US-federal, US-XX, EU"),
        ({"apps": []}, "apps", "must name at least one app"),
        ({"apps": ["TikTok"]}, "apps[0]", "is not a lowercase slug"),
        ({"apps": ["tiktok", "tiktok"]}, "apps", "lists tiktok more than once"),
        ({"sources": []}, "sources", "at least one http(s) source"),
        ({"sources": ["ftp://example.com/x"]}, "sources[0]", "Not a valid URL"),
        ({"sources": ["see the Reuters story"]}, "sources[0]", "Not a valid URL"),
        ({"date": "24 April 2024"}, "date", "Not a valid date"),
        ({"date": dt.date(2026, 11, 26)}, "date", "2026-11-26 is after today (2026-11-25)"),
        ({"key": "US Federal PAFACA"}, "key", "is not a lowercase slug"),
        ({"key": "x" * 121}, "key", "Length must be between 1 and 120"),
        ({"title": ""}, "title", "Length must be between 1 and 300"),
        ({"source": "https://example.com"}, "source", "Unknown field"),
    ],
)
def test_a_bad_field_is_named_with_its_entry(
    tmp_path: Path, changes: dict[str, Any], field: str, complaint: str
) -> None:
    entry = valid_entry(**changes)
    path = write(tmp_path, {"events": [valid_entry(key="first-ok"), entry]})
    message = load_error(path)
    key = entry["key"]
    assert message.startswith("curated_events.yaml: events[1]")
    assert f"events[1] (key {key!r}): {field}: " in message or f"events[1]: {field}: " in message
    assert complaint in message
    assert "events[0]" not in message


def test_a_missing_field_is_reported(tmp_path: Path) -> None:
    entry = valid_entry()
    del entry["sources"]
    message = load_error(write(tmp_path, {"events": [entry]}))
    assert "events[0] (key 'us-federal-2024-04-24-pafaca-signed'): sources: Missing data" in message


def test_an_entry_without_a_key_is_named_by_position(tmp_path: Path) -> None:
    entry = valid_entry()
    del entry["key"]
    message = load_error(write(tmp_path, {"events": [entry]}))
    assert "events[0]: key: Missing data for required field." in message


def test_unknown_apps_are_refused_only_when_a_catalog_is_given(tmp_path: Path) -> None:
    path = write(tmp_path, {"events": [valid_entry(apps=["tiktok", "snapchat"])]})
    assert "apps: unknown app 'snapchat'" in load_error(path, allowed_apps=ALLOWED_APPS)
    assert load_curated_events(path, today=TODAY)[0].apps == ("tiktok", "snapchat")


def test_a_repeated_key_names_both_entries(tmp_path: Path) -> None:
    path = write(tmp_path, {"events": [valid_entry(), valid_entry(title="Same key again")]})
    message = load_error(path)
    expected = "events[1] (key 'us-federal-2024-04-24-pafaca-signed'): key: repeats events[0]"
    assert expected in message


def test_every_bad_entry_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {"events": [valid_entry(key="a", direction="up"), valid_entry(key="b", apps=[])]},
    )
    message = load_error(path)
    assert "events[0] (key 'a'): direction:" in message
    assert "events[1] (key 'b'): apps:" in message


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("events: [\n", "not valid YAML"),
        ("- key: a\n", "expected a mapping with exactly one key, 'events'"),
        ("events: []\nversion: 2\n", "expected a mapping with exactly one key, 'events'"),
        ("events: {key: a}\n", "events: must be a list"),
    ],
)
def test_a_malformed_file_is_refused(tmp_path: Path, text: str, complaint: str) -> None:
    path = tmp_path / "curated_events.yaml"
    path.write_text(text, encoding="utf-8")
    assert complaint in load_error(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "cannot be read" in load_error(tmp_path / "absent.yaml")
