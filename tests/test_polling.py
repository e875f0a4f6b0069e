"""poll_feed against real HTTP servers on loopback: what gets stored, what gets recorded."""

from __future__ import annotations

import gzip
import resource
import time
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from werkzeug import Request, Response

from riskwatch.services.polling import poll_feed
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import prepare_database
from riskwatch.store.models import Feed, Item, ItemSource
from tests.support import CORPUS, Clock, feed_entry, rss, write_feeds_file

PUB = "Fri, 17 Jan 2025 14:00:00 GMT"
THREE = rss(("a1", "Supreme Court upholds TikTok law", PUB),
            ("a2", "Judge blocks Montana TikTok ban", PUB),
            ("a3", "Temu launches new app feature", PUB))
CORPUS_REUTERS = CORPUS / "news" / "feed-rs" / "rss_2.0_invalid_1.xml"


def configure(runtime: Runtime, server: HTTPServer, *paths: str) -> list[str]:
    feeds = [feed_entry(f"feed-{i}", server.url_for(path)) for i, path in enumerate(paths)]
    write_feeds_file(runtime.settings.feeds_file, feeds)
    prepare_database(runtime)
    return [f["id"] for f in feeds]


def count(runtime: Runtime, model: type) -> int:
    with runtime.database.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def feed_row(runtime: Runtime, feed_id: str) -> Feed:
    with runtime.database.reading() as session:
        return session.get(Feed, feed_id)


def test_new_items_are_stored_with_tags(runtime: Runtime, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/rss").respond_with_data(THREE, content_type="application/rss+xml")
    [feed_id] = configure(runtime, feed_server, "/rss")

    outcome = poll_feed(runtime, feed_id)

    assert (outcome.status, outcome.new_items) == ("ok", 3)
    with runtime.database.reading() as session:
        items = {i.title: i for i in session.scalars(select(Item))}
    assert items["Judge blocks Montana TikTok ban"].tagger_version
    assert items["Judge blocks Montana TikTok ban"].published_at.isoformat() == (
        "2025-01-17T14:00:00+00:00")
    assert items["Temu launches new app feature"].relevant is False
    health = feed_row(runtime, feed_id)
    assert (health.consecutive_errors, health.last_error, health.last_status) == (0, None, 200)


def test_second_poll_is_conditional_and_304_stores_nothing(
        runtime: Runtime, feed_server: HTTPServer, clock: Clock) -> None:
    seen: list[dict[str, str | None]] = []

    def handler(request: Request) -> Response:
        seen.append({"etag": request.headers.get("If-None-Match"),
                     "since": request.headers.get("If-Modified-Since")})
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(THREE, content_type="application/rss+xml",
                        headers={"ETag": '"v1"', "Last-Modified": PUB})

    feed_server.expect_request("/rss").respond_with_handler(handler)
    [feed_id] = configure(runtime, feed_server, "/rss")
    assert poll_feed(runtime, feed_id).new_items == 3
    clock.advance(hours=1)

    outcome = poll_feed(runtime, feed_id)

    assert outcome.status == "not_modified"
    assert seen[1] == {"etag": '"v1"', "since": PUB}
    assert count(runtime, Item) == 3
    assert feed_row(runtime, feed_id).last_ok_at == clock.now


def test_server_errors_back_off_exponentially_then_recover(
        runtime: Runtime, feed_server: HTTPServer, clock: Clock) -> None:
    responses = iter([Response("down", status=500), Response("down", status=500),
                      Response(THREE, content_type="application/rss+xml")])
    feed_server.expect_request("/rss").respond_with_handler(lambda _: next(responses))
    [feed_id] = configure(runtime, feed_server, "/rss")

    first = poll_feed(runtime, feed_id)
    wait1 = feed_row(runtime, feed_id).next_fetch_at - clock.now
    clock.now = feed_row(runtime, feed_id).next_fetch_at
    poll_feed(runtime, feed_id)
    row = feed_row(runtime, feed_id)
    wait2 = row.next_fetch_at - clock.now

    assert first.status == "error" and "returned 500" in first.error
    assert row.consecutive_errors == 2 and "returned 500" in row.last_error
    assert wait2 > wait1 * 1.5
    clock.now = row.next_fetch_at
    assert poll_feed(runtime, feed_id).new_items == 3
    assert feed_row(runtime, feed_id).consecutive_errors == 0


def test_a_feed_that_is_not_due_is_skipped(runtime: Runtime, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/rss").respond_with_data("down", status=503)
    [feed_id] = configure(runtime, feed_server, "/rss")
    poll_feed(runtime, feed_id)

    assert poll_feed(runtime, feed_id).status == "skipped"
    assert len(feed_server.log) == 1


def test_retry_after_is_honoured(runtime: Runtime, feed_server: HTTPServer, clock: Clock) -> None:
    feed_server.expect_request("/rss").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7200"})
    [feed_id] = configure(runtime, feed_server, "/rss")

    poll_feed(runtime, feed_id)

    assert feed_row(runtime, feed_id).next_fetch_at >= clock.now + timedelta(seconds=7200)


def test_feed_ttl_is_a_floor_for_the_next_poll(
        runtime: Runtime, feed_server: HTTPServer, clock: Clock) -> None:
    feed_server.expect_request("/rss").respond_with_data(
        rss(("x", "Some headline", PUB), ttl=180), content_type="application/rss+xml")
    [feed_id] = configure(runtime, feed_server, "/rss")

    poll_feed(runtime, feed_id)

    assert feed_row(runtime, feed_id).next_fetch_at >= clock.now + timedelta(minutes=180)


def test_a_stalling_server_is_cut_off_at_the_timeout(
        runtime: Runtime, feed_server: HTTPServer) -> None:
    def stall(_: Request) -> Response:
        time.sleep(3)
        return Response(THREE)

    feed_server.expect_request("/rss").respond_with_handler(stall)
    [feed_id] = configure(runtime, feed_server, "/rss")
    started = time.monotonic()

    outcome = poll_feed(runtime, feed_id)

    assert outcome.status == "error" and "timed out" in outcome.error
    assert time.monotonic() - started < 3


def test_a_dripping_server_is_cut_off_at_the_total_deadline(
        runtime: Runtime, feed_server: HTTPServer) -> None:
    def drip():
        yield b'<?xml version="1.0"?><rss version="2.0"><channel>'
        for _ in range(20):
            time.sleep(0.5)
            yield b" "

    feed_server.expect_request("/rss").respond_with_handler(
        lambda _: Response(drip(), content_type="application/rss+xml"))
    [feed_id] = configure(runtime, feed_server, "/rss")

    started = time.monotonic()
    outcome = poll_feed(runtime, feed_id)

    assert outcome.status == "error" and "in total" in outcome.error
    # Cut while the server was still dripping (it drips for 10 s), not when it finished.
    assert time.monotonic() - started < 10


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_an_oversized_body_is_refused(runtime: Runtime, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/rss").respond_with_data(
        b"<rss>" + b" " * (11 * 1024 * 1024), content_type="application/rss+xml")
    [feed_id] = configure(runtime, feed_server, "/rss")

    outcome = poll_feed(runtime, feed_id)

    assert outcome.status == "error" and "exceeds" in outcome.error


def test_a_gzip_bomb_is_refused_with_bounded_memory(
        runtime: Runtime, feed_server: HTTPServer) -> None:
    bomb = gzip.compress(b"<rss>" + b"\0" * (256 * 1024 * 1024), compresslevel=9)
    feed_server.expect_request("/rss").respond_with_data(
        bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
    [feed_id] = configure(runtime, feed_server, "/rss")
    before = _maxrss_mb()

    outcome = poll_feed(runtime, feed_id)

    assert outcome.status == "error" and "after decompression" in outcome.error
    assert _maxrss_mb() - before < 100
    assert "exceeds" in feed_row(runtime, feed_id).last_error


def test_a_redirect_loop_stops(runtime: Runtime, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    feed_server.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    [feed_id] = configure(runtime, feed_server, "/a")

    outcome = poll_feed(runtime, feed_id)

    assert outcome.status == "error" and "redirected more than" in outcome.error
    assert len(feed_server.log) <= runtime.settings.fetch_max_redirects + 1


def test_a_permanent_redirect_is_recorded_and_followed_next_time(
        runtime: Runtime, feed_server: HTTPServer, clock: Clock) -> None:
    feed_server.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": feed_server.url_for("/new")})
    feed_server.expect_request("/new").respond_with_data(THREE, content_type="text/xml")
    [feed_id] = configure(runtime, feed_server, "/old")

    poll_feed(runtime, feed_id)
    clock.advance(hours=2)
    poll_feed(runtime, feed_id)

    assert feed_row(runtime, feed_id).permanent_url == feed_server.url_for("/new")
    assert [r.path for r, _ in feed_server.log] == ["/old", "/new", "/new"]


def test_410_gone_disables_the_feed(runtime: Runtime, feed_server: HTTPServer,
                                    clock: Clock) -> None:
    feed_server.expect_request("/rss").respond_with_data("gone", status=410)
    [feed_id] = configure(runtime, feed_server, "/rss")

    assert poll_feed(runtime, feed_id).status == "gone"
    clock.advance(days=3)

    assert poll_feed(runtime, feed_id, force=True).status == "skipped"
    assert "410" in feed_row(runtime, feed_id).disabled_reason


def test_same_story_in_two_feeds_is_one_item_with_two_sources(
        runtime: Runtime, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/one").respond_with_data(THREE, content_type="text/xml")
    feed_server.expect_request("/two").respond_with_data(
        THREE.replace("<guid>a", "<guid>other-"), content_type="text/xml")
    one, two = configure(runtime, feed_server, "/one", "/two")

    assert poll_feed(runtime, one).new_items == 3
    outcome = poll_feed(runtime, two)

    assert (outcome.new_items, outcome.new_sightings) == (0, 3)
    assert (count(runtime, Item), count(runtime, ItemSource)) == (3, 6)


def test_re_polling_the_same_document_changes_nothing(
        runtime: Runtime, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/rss").respond_with_data(THREE, content_type="text/xml")
    [feed_id] = configure(runtime, feed_server, "/rss")
    poll_feed(runtime, feed_id)

    outcome = poll_feed(runtime, feed_id, force=True)

    assert (outcome.status, outcome.new_items, outcome.new_sightings) == ("ok", 0, 0)
    assert (count(runtime, Item), count(runtime, ItemSource)) == (3, 3)


def test_a_broken_document_records_an_error_and_keeps_known_items(
        runtime: Runtime, feed_server: HTTPServer, clock: Clock) -> None:
    truncated = (CORPUS_REUTERS.read_bytes() if CORPUS_REUTERS.exists()
                 else b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>')
    bodies = iter([THREE.encode(), truncated])
    feed_server.expect_request("/rss").respond_with_handler(
        lambda _: Response(next(bodies), content_type="text/xml"))
    [feed_id] = configure(runtime, feed_server, "/rss")
    poll_feed(runtime, feed_id)
    clock.advance(hours=1)

    outcome = poll_feed(runtime, feed_id)

    assert outcome.status == "error" and outcome.error.startswith("parser:")
    assert count(runtime, Item) == 3


@pytest.mark.parametrize("name, body", [
    ("billion laughs", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
     b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
     b']><rss version="2.0"><channel><title>&c;</title></channel></rss>'),
    ("external entity", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
     b'"file:///etc/hostname">]><rss version="2.0"><channel><title>&x;</title>'
     b"<item><title>&x;</title></item></channel></rss>"),
    ("dev zero", b"/dev/zero"),
])
def test_hostile_documents_become_feed_errors(runtime: Runtime, feed_server: HTTPServer,
                                              name: str, body: bytes) -> None:
    feed_server.expect_request("/rss").respond_with_data(body, content_type="text/xml")
    [feed_id] = configure(runtime, feed_server, "/rss")

    outcome = poll_feed(runtime, feed_id)

    assert outcome.status == "error", name
    assert feed_row(runtime, feed_id).last_error.startswith("parser:")
    assert count(runtime, Item) == 0


def test_an_unreachable_feed_is_reported_not_raised(runtime: Runtime) -> None:
    write_feeds_file(runtime.settings.feeds_file,
                     [feed_entry("dead", "http://127.0.0.1:9/nothing-listens-here")])
    prepare_database(runtime)

    outcome = poll_feed(runtime, "dead")

    assert outcome.status == "error" and "fetch: feed 'dead'" in outcome.error
