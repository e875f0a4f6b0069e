"""The pure parts of webhook alerts: matching, retry policy, address rules, signatures."""

from __future__ import annotations

import ipaddress
import json
import random
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from riskwatch.alerts.matching import SubscriptionFilter, matches
from riskwatch.alerts.messages import (
    DEFAULT_TYPES,
    EVENT_CREATED,
    LEVEL_CHANGED,
    Message,
    ping_message,
)
from riskwatch.alerts.retry import DEFAULT_SCHEDULE, classify, next_delay
from riskwatch.alerts.signing import new_secret, signed_headers
from riskwatch.alerts.targets import UnsafeTarget, forbidden_reason, split_url

BAN = Message(EVENT_CREATED, {}, {"tiktok": "direct", "capcut": "owner"}, "nationwide_ban",
              "US-federal", "escalation", "high")
CLASS_ONLY = Message(EVENT_CREATED, {}, {"tiktok": "class"}, "government_device_ban", "US-TX",
                     "escalation", "low")


@pytest.mark.parametrize("name, wanted, message, expected", [
    ("empty filter takes everything", SubscriptionFilter(), BAN, True),
    ("app named", SubscriptionFilter(apps=frozenset({"tiktok"})), BAN, True),
    ("app through its owner", SubscriptionFilter(apps=frozenset({"capcut"})), BAN, True),
    ("other app", SubscriptionFilter(apps=frozenset({"temu"})), BAN, False),
    ("event type", SubscriptionFilter(event_types=frozenset({"fine"})), BAN, False),
    ("jurisdiction", SubscriptionFilter(jurisdictions=frozenset({"US-federal"})), BAN, True),
    ("direction", SubscriptionFilter(directions=frozenset({"relief"})), BAN, False),
    ("min level met", SubscriptionFilter(min_level="high"), BAN, True),
    ("min level not met", SubscriptionFilter(min_level="severe"), BAN, False),
    ("class-level left out by default", SubscriptionFilter(), CLASS_ONLY, False),
    ("class-level when asked", SubscriptionFilter(include_class_level=True), CLASS_ONLY, True),
])
def test_matching(name: str, wanted: SubscriptionFilter, message: Message,
                  expected: bool) -> None:
    assert matches(wanted, DEFAULT_TYPES, message) is expected, name


def test_a_type_not_subscribed_to_does_not_match() -> None:
    level = Message(LEVEL_CHANGED, {}, {"tiktok": "direct"}, level="high")

    assert not matches(SubscriptionFilter(), [EVENT_CREATED], level)
    assert matches(SubscriptionFilter(), [LEVEL_CHANGED], level)


def test_a_ping_always_matches() -> None:
    assert matches(SubscriptionFilter(apps=frozenset({"temu"})), [], ping_message("sub_1"))


@pytest.mark.parametrize("status, outcome", [
    (200, "success"), (204, "success"), (None, "retry"), (302, "retry"), (429, "retry"),
    (500, "retry"), (503, "retry"), (410, "gone"), (400, "fail"), (404, "fail"), (422, "fail"),
])
def test_classify(status: int | None, outcome: str) -> None:
    assert classify(status) == outcome


def test_retry_schedule_grows_with_jitter_and_ends() -> None:
    rng = random.Random(3)
    delays = [next_delay(n, DEFAULT_SCHEDULE, rng) for n in range(1, len(DEFAULT_SCHEDULE) + 2)]

    for delay, base in zip(delays, DEFAULT_SCHEDULE, strict=False):
        assert 0.8 * base <= delay <= 1.2 * base
    assert delays[-1] is None


def test_retry_after_is_honoured_within_a_day() -> None:
    rng = random.Random(3)

    assert next_delay(1, DEFAULT_SCHEDULE, rng, retry_after=600) == 600
    assert next_delay(1, DEFAULT_SCHEDULE, rng, retry_after=10**9) == 86400


@pytest.mark.parametrize("address", [
    "127.0.0.1", "::1", "0.0.0.0", "169.254.169.254", "::ffff:169.254.169.254", "10.1.2.3",
    "192.168.1.1", "172.16.0.1", "100.64.0.1", "224.0.0.1", "fe80::1", "fc00::1", "240.0.0.1",
    "::ffff:127.0.0.1",
])
def test_internal_addresses_are_forbidden(address: str) -> None:
    assert forbidden_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert forbidden_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url, message", [
    ("ftp://example.com/", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("https:///nohost", "has no host"),
    ("https://user:pw@example.com/", "must not carry credentials"),
    ("http://example.com:99999/", "url:"),
])
def test_bad_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(UnsafeTarget, match=message):
        split_url(url)


def test_signatures_verify_with_the_standardwebhooks_library_for_both_secrets() -> None:
    old, new = new_secret(), new_secret()
    body = json.dumps({"type": "ping"})
    headers = signed_headers("msg_1", datetime.now(UTC), body, [new, old])

    assert Webhook(new).verify(body, headers) == {"type": "ping"}
    assert Webhook(old).verify(body, headers) == {"type": "ping"}
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)
