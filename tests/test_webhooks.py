"""Webhooks end to end: real receivers on loopback verify signatures with standardwebhooks."""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook
from werkzeug import Request, Response

from riskwatch.api import create_app
from riskwatch.config import Settings
from riskwatch.services.alerting import Dispatcher
from riskwatch.services.polling import poll_feed
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import prepare_database
from riskwatch.store import webhooks as outbox
from riskwatch.store.keys import create_key
from riskwatch.store.migrate import upgrade
from riskwatch.store.models import Delivery, Subscription
from tests.support import Clock, feed_entry, write_feeds_file


@pytest.fixture
def clock() -> Clock:
    # Receivers check webhook-timestamp against their own clock: stay near real time.
    return Clock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, webhook_allow_private=True, webhook_timeout=1.0,
                   webhook_concurrency=8)


@pytest.fixture
def client(runtime: Runtime) -> FlaskClient:
    write_feeds_file(runtime.settings.feeds_file, [])
    prepare_database(runtime)
    return create_app(runtime=runtime).test_client()


@pytest.fixture
def dispatcher(runtime: Runtime) -> Iterator[Dispatcher]:
    worker = Dispatcher(runtime)
    yield worker
    worker.close()


def key(runtime: Runtime, name: str, *, admin: bool = False) -> dict[str, str]:
    with runtime.database.writing() as session:
        token = create_key(session, name, runtime.clock(), admin=admin)
    return {"Authorization": f"Bearer {token}"}


class Receiver:
    """A webhook endpoint that checks every signature with the reference library."""

    def __init__(self, server: HTTPServer, path: str = "/hook") -> None:
        self.server, self.path = server, path
        self.secret: str | None = None
        self.messages: list[tuple[str, dict]] = []
        self.answers: list[int] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.server.url_for(self.path)

    def handle(self, request: Request) -> Response:
        payload = Webhook(self.secret).verify(request.get_data(as_text=True),
                                              dict(request.headers))
        with self.lock:
            self.messages.append((request.headers["webhook-id"], payload))
            status = self.answers.pop(0) if self.answers else 200
        return Response("ok" if status < 300 else "nope", status=status)

    def listen(self) -> Receiver:
        self.server.expect_request(self.path, method="POST").respond_with_handler(self.handle)
        return self


def subscribe(client: FlaskClient, headers: dict[str, str], receiver: Receiver,
              **body: object) -> dict:
    response = client.post("/api/v1/subscriptions", json={"url": receiver.url, **body},
                           headers=headers)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    receiver.secret = created["secret"]
    return created


def feed_with(server: HTTPServer, *titles: str, when: datetime) -> str:
    items = "".join(
        f"<item><guid>g{i}</guid><title>{title}</title><link>https://news.example.com/{i}</link>"
        f"<pubDate>{format_datetime(when)}</pubDate></item>" for i, title in enumerate(titles))
    server.expect_request("/rss").respond_with_data(
        f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>',
        content_type="application/rss+xml")
    return server.url_for("/rss")


def ingest(runtime: Runtime, url: str) -> None:
    write_feeds_file(runtime.settings.feeds_file, [feed_entry("news", url, credibility=1)])
    prepare_database(runtime)
    assert poll_feed(runtime, "news", force=True).status == "ok"


def deliveries(runtime: Runtime) -> list[Delivery]:
    with runtime.database.reading() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def test_subscribe_returns_the_secret_once_and_a_signed_ping_arrives(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        dispatcher: Dispatcher) -> None:
    receiver = Receiver(feed_server).listen()
    headers = key(runtime, "team")
    created = subscribe(client, headers, receiver, description="compliance")

    shown = client.get(f"/api/v1/subscriptions/{created['id']}", headers=headers).get_json()
    ping = client.post(f"/api/v1/subscriptions/{created['id']}/test", headers=headers)
    dispatcher.run_until_idle()

    assert created["secret"].startswith("whsec_") and "secret" not in shown
    assert ping.status_code == 202
    assert receiver.messages == [(ping.get_json()["message_id"], receiver.messages[0][1])]
    assert receiver.messages[0][1]["type"] == "ping"


def test_matching_items_produce_event_created_and_one_level_change_per_crossing(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        dispatcher: Dispatcher, clock: Clock) -> None:
    receiver = Receiver(feed_server).listen()
    subscribe(client, key(runtime, "team"), receiver, filter={"apps": ["tiktok"]})
    url = feed_with(feed_server, "US government bans TikTok nationwide as law takes effect",
                    "India bans TikTok and 58 other Chinese apps", "Temu opens a new warehouse",
                    when=clock.now)

    ingest(runtime, url)
    dispatcher.run_until_idle()
    clock.advance(seconds=30)
    assert poll_feed(runtime, "news", force=True).new_items == 0
    dispatcher.run_until_idle()

    types = sorted(p["type"] for _, p in receiver.messages)
    assert types == ["event.created", "event.created", "risk.level_changed"]
    level = next(p for _, p in receiver.messages if p["type"] == "risk.level_changed")["data"]
    assert level["app"] == "tiktok" and level["before"]["level"] == "low"
    assert level["after"]["level"] in ("elevated", "high", "severe")
    assert level["contributions"] and level["links"]["risk"].endswith("/apps/tiktok/risk")


def test_retries_until_the_receiver_recovers_with_a_stable_webhook_id(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        dispatcher: Dispatcher, clock: Clock) -> None:
    receiver = Receiver(feed_server).listen()
    receiver.answers = [500, 503]
    sub = subscribe(client, key(runtime, "team"), receiver)
    client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=key(runtime, "t2", admin=True))

    dispatcher.run_until_idle()
    [first] = deliveries(runtime)
    clock.now = first.next_attempt_at
    dispatcher.run_until_idle()
    [second] = deliveries(runtime)
    clock.now = second.next_attempt_at
    dispatcher.run_until_idle()
    [done] = deliveries(runtime)

    assert 4 <= (first.next_attempt_at - first.last_attempt_at).total_seconds() <= 6
    assert 240 <= (second.next_attempt_at - second.last_attempt_at).total_seconds() <= 360
    assert (done.status, done.attempts) == ("succeeded", 3)
    assert len({message_id for message_id, _ in receiver.messages}) == 1
    log = client.get(f"/api/v1/subscriptions/{sub['id']}/deliveries",
                     headers=key(runtime, "t3", admin=True)).get_json()["deliveries"]
    assert [a["status_code"] for a in log[0]["attempt_log"]] == [500, 503, 200]


def test_a_hanging_receiver_is_cut_at_the_timeout_while_others_are_served(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        dispatcher: Dispatcher) -> None:
    fast = Receiver(feed_server, "/fast").listen()
    release = threading.Event()

    def hang(_: Request) -> Response:
        release.wait(5)
        return Response("late")

    feed_server.expect_request("/slow").respond_with_handler(hang)
    headers = key(runtime, "team")
    slow = client.post("/api/v1/subscriptions", json={"url": feed_server.url_for("/slow")},
                       headers=headers).get_json()
    fast_sub = subscribe(client, headers, fast)
    for sub in (slow, fast_sub):
        client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=headers)

    started = time.monotonic()
    dispatcher.run_until_idle()
    release.set()

    by_sub = {d.subscription_id: d for d in deliveries(runtime)}
    assert by_sub[fast_sub["id"]].status == "succeeded"
    assert by_sub[slow["id"]].status == "pending"
    assert "timed out" in by_sub[slow["id"]].last_error
    assert time.monotonic() - started < 4


def test_a_receiver_dripping_its_answer_is_cut_at_the_deadline_and_its_status_kept(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        dispatcher: Dispatcher) -> None:
    def drip():
        for _ in range(20):  # 10 s of body, a byte at a time, each well within the timeout
            time.sleep(0.5)
            yield b"."

    feed_server.expect_request("/drip").respond_with_handler(
        lambda _: Response(drip(), status=200))
    headers = key(runtime, "team")
    sub = client.post("/api/v1/subscriptions", json={"url": feed_server.url_for("/drip")},
                      headers=headers).get_json()
    client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=headers)

    started = time.monotonic()
    dispatcher.run_until_idle()

    [delivery] = deliveries(runtime)
    assert delivery.status == "succeeded"
    assert time.monotonic() - started < 10


def test_restart_delivers_pending_messages_exactly_once_with_the_same_id(
        settings: Settings, runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        clock: Clock) -> None:
    receiver = Receiver(feed_server).listen()
    headers = key(runtime, "team")
    sub = subscribe(client, headers, receiver)
    queued = {client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=headers)
              .get_json()["message_id"] for _ in range(3)}
    with runtime.database.writing() as session:  # a worker claims them, then dies
        assert len(outbox.claim_due(session, "dead-worker", clock.now, 60, 10)) == 3

    clock.advance(seconds=61)
    restarted = Runtime(settings, clock=clock, rng=random.Random(1))
    upgrade(restarted.database)
    second = Dispatcher(restarted)
    try:
        second.run_until_idle()
        second.run_until_idle()
    finally:
        second.close()
        restarted.close()

    assert sorted(message_id for message_id, _ in receiver.messages) == sorted(queued)


def test_410_disables_and_enable_brings_it_back(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        dispatcher: Dispatcher) -> None:
    receiver = Receiver(feed_server).listen()
    receiver.answers = [410]
    headers = key(runtime, "team")
    sub = subscribe(client, headers, receiver)
    client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=headers)
    dispatcher.run_until_idle()

    disabled = client.get(f"/api/v1/subscriptions/{sub['id']}", headers=headers).get_json()
    enabled = client.post(f"/api/v1/subscriptions/{sub['id']}/enable", headers=headers)

    assert disabled["enabled"] is False and "410" in disabled["disabled_reason"]
    assert enabled.get_json()["enabled"] is True and enabled.get_json()["disabled_reason"] is None


def test_an_endpoint_failing_for_five_days_is_disabled(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        dispatcher: Dispatcher, clock: Clock) -> None:
    feed_server.expect_request("/down", method="POST").respond_with_data("no", status=503)
    headers = key(runtime, "team")
    sub = client.post("/api/v1/subscriptions", json={"url": feed_server.url_for("/down")},
                      headers=headers).get_json()
    started = clock.now

    while clock.now - started < timedelta(days=6):
        due = [d.next_attempt_at for d in deliveries(runtime) if d.next_attempt_at]
        if not due:  # the last message used up its retries: a new one comes along
            client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=headers)
        else:
            clock.now = min(due)
        dispatcher.run_until_idle()
        with runtime.database.reading() as session:
            row = session.get(Subscription, sub["id"])
        if not row.enabled:
            break

    assert row.enabled is False and "every attempt failed since" in row.disabled_reason
    assert timedelta(days=5) <= row.disabled_at - started < timedelta(days=6)


def test_a_redirect_is_not_followed(runtime: Runtime, client: FlaskClient,
                                    feed_server: HTTPServer, dispatcher: Dispatcher) -> None:
    internal = HTTPServer(host="127.0.0.1", port=0)
    internal.start()
    try:
        feed_server.expect_request("/hook", method="POST").respond_with_data(
            "", status=302, headers={"Location": internal.url_for("/admin")})
        headers = key(runtime, "team")
        sub = client.post("/api/v1/subscriptions", json={"url": feed_server.url_for("/hook")},
                          headers=headers).get_json()
        client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=headers)
        dispatcher.run_until_idle()

        [delivery] = deliveries(runtime)
        assert delivery.last_status_code == 302 and delivery.status == "pending"
        assert internal.log == []
    finally:
        internal.stop()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/", "http://[::1]:{port}/", "http://0.0.0.0:{port}/",
    "http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/",
    "http://2130706433:{port}/", "http://0x7f.1:{port}/", "http://100.64.0.1/",
    "http://localhost:{port}/", "ftp://example.com/",
])
def test_internal_destinations_are_refused_and_never_contacted(
        settings: Settings, clock: Clock, feed_server: HTTPServer, url: str) -> None:
    strict = Runtime(replace(settings, webhook_allow_private=False), clock=clock)
    try:
        write_feeds_file(strict.settings.feeds_file, [])
        prepare_database(strict)
        client = create_app(runtime=strict).test_client()
        target = url.format(port=feed_server.port)

        response = client.post("/api/v1/subscriptions", json={"url": target},
                               headers=key(strict, "team"))

        assert response.status_code == 422, target
        assert "url" in response.get_json()["error"]["fields"]
        assert feed_server.log == []
    finally:
        strict.close()


def test_the_address_is_checked_again_at_send_time(
        settings: Settings, runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        clock: Clock) -> None:
    receiver = Receiver(feed_server).listen()
    headers = key(runtime, "team")
    sub = subscribe(client, headers, receiver)
    client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=headers)
    strict = Runtime(replace(settings, webhook_allow_private=False), clock=clock)
    sender = Dispatcher(strict)
    try:
        sender.run_until_idle()
    finally:
        sender.close()
        strict.close()

    [delivery] = deliveries(runtime)
    assert delivery.status == "failed" and delivery.last_error.startswith("refused:")
    assert feed_server.log == []


def test_another_key_cannot_see_a_subscription_but_an_admin_can(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer) -> None:
    receiver = Receiver(feed_server)
    sub = subscribe(client, key(runtime, "owner"), receiver)

    other = client.get(f"/api/v1/subscriptions/{sub['id']}", headers=key(runtime, "other"))
    admin = client.get(f"/api/v1/subscriptions/{sub['id']}",
                       headers=key(runtime, "root", admin=True))
    anonymous = client.get("/api/v1/subscriptions")

    assert other.status_code == 404 and admin.status_code == 200
    assert anonymous.status_code == 401


def test_rotation_signs_with_both_secrets_for_a_day(
        runtime: Runtime, client: FlaskClient, feed_server: HTTPServer,
        dispatcher: Dispatcher) -> None:
    receiver = Receiver(feed_server).listen()
    headers = key(runtime, "team")
    sub = subscribe(client, headers, receiver)
    old_secret = receiver.secret
    rotated = client.post(f"/api/v1/subscriptions/{sub['id']}/rotate-secret",
                          headers=headers).get_json()
    client.post(f"/api/v1/subscriptions/{sub['id']}/test", headers=headers)

    receiver.secret = old_secret  # a receiver that has not switched yet still verifies
    dispatcher.run_until_idle()

    assert rotated["secret"] != old_secret and len(receiver.messages) == 1


def test_bad_subscription_bodies_are_422_with_the_field(runtime: Runtime,
                                                        client: FlaskClient) -> None:
    headers = key(runtime, "team")

    unknown_app = client.post("/api/v1/subscriptions", headers=headers, json={
        "url": "http://127.0.0.1:1/", "filter": {"apps": ["myspace"]}})
    bad_type = client.post("/api/v1/subscriptions", headers=headers, json={
        "url": "http://127.0.0.1:1/", "types": ["event.deleted"]})
    too_big = client.post("/api/v1/subscriptions", headers=headers,
                          data=json.dumps({"url": "x" * 70000}),
                          content_type="application/json")

    assert unknown_app.status_code == 422
    assert "filter" in unknown_app.get_json()["error"]["fields"]
    assert bad_type.status_code == 422 and "types" in bad_type.get_json()["error"]["fields"]
    assert too_big.status_code == 413 and too_big.get_json()["error"]["status"] == 413


def test_delivery_counts_grow_only_by_what_matched(runtime: Runtime, client: FlaskClient,
                                                   feed_server: HTTPServer, clock: Clock) -> None:
    receiver = Receiver(feed_server)
    subscribe(client, key(runtime, "team"), receiver, filter={"apps": ["temu"]})
    url = feed_with(feed_server, "US government bans TikTok nationwide as law takes effect",
                    when=clock.now - timedelta(hours=1))

    ingest(runtime, url)

    with runtime.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0
