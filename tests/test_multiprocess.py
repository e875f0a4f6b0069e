"""Several `riskwatch scheduler` processes on one database, as in production: real
subprocesses, 200 feeds on a local server, a webhook receiver, and one process killed with
SIGKILL in the middle of its polls and sends.

The server tells the processes apart by their User-Agent. After the first process has been
answered a few times, every request it makes (feeds and webhooks alike) is held unanswered;
once all it holds leases on are such requests, it is killed. So what must happen next is
exact: each held feed and message is taken over by the survivor when the lease expires, and
everything else is fetched or sent exactly once.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from werkzeug import Request, Response

from riskwatch.alerts.messages import EVENT_CREATED, EVENT_UPDATED, LEVEL_CHANGED
from riskwatch.alerts.signing import new_secret
from riskwatch.store import webhooks as outbox
from riskwatch.store.database import Database
from riskwatch.store.keys import create_key
from riskwatch.store.models import ApiKey, Delivery, Feed, Item, ItemSource, Subscription
from tests.support import write_feeds_file

FEEDS = 200
ANSWERED_BEFORE_HOLDING = 20
RISKWATCH = Path(sys.executable).with_name("riskwatch")
# Deadlines that outlast the holding of the victim's requests (so it never gives up on one
# before it is killed) and leases that still expire within the test: a feed's lease is the
# fetch and parse timeouts plus the margin (18 s), a delivery's twice the webhook timeout
# plus the margin (17 s).
ENV = {"RISKWATCH_LOG_LEVEL": "WARNING", "RISKWATCH_FETCH_TIMEOUT": "15",
       "RISKWATCH_PARSE_TIMEOUT": "2", "RISKWATCH_LEASE_MARGIN": "1",
       "RISKWATCH_WEBHOOK_TIMEOUT": "8", "RISKWATCH_WEBHOOK_ALLOW_PRIVATE": "1",
       "RISKWATCH_WEBHOOK_CONCURRENCY": "8", "RISKWATCH_POLL_THREADS": "4",
       "PYTHONUNBUFFERED": "1"}


@dataclass
class Visit:
    key: str  # the feed id, or the webhook-id of a message
    who: str
    started: float
    ended: float | None = None
    held: bool = False


class Server:
    """Serves every feed and receives every webhook, holding the victim's requests on cue."""

    def __init__(self, http: HTTPServer, victim: str) -> None:
        self.http, self.victim = http, victim
        self.visits: list[Visit] = []
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.answered_victim = 0
        now = datetime.now(UTC)
        self.published = format_datetime(now, usegmt=True)
        http.expect_request(re.compile(r"/feed/.*")).respond_with_handler(self.feed)
        http.expect_request("/hook", method="POST").respond_with_handler(self.hook)

    def _visit(self, key: str, request: Request) -> tuple[Visit, bool]:
        who = request.headers.get("User-Agent", "")
        with self.lock:
            visit = Visit(key, who, time.monotonic())
            self.visits.append(visit)
            if who == self.victim:
                visit.held = self.answered_victim >= ANSWERED_BEFORE_HOLDING
                self.answered_victim += not visit.held
        return visit, visit.held

    def _end(self, visit: Visit) -> None:
        with self.lock:
            visit.ended = time.monotonic()

    def feed(self, request: Request) -> Response:
        feed_id = request.path.rsplit("/", 1)[1]
        visit, held = self._visit(feed_id, request)
        if held:
            self.released.wait()
        self._end(visit)
        return Response(self.rss(feed_id), content_type="application/rss+xml")

    def hook(self, request: Request) -> Response:
        visit, held = self._visit(request.headers["webhook-id"], request)
        if held:
            self.released.wait()
        self._end(visit)
        return Response(status=204)

    def rss(self, feed_id: str) -> str:
        """The feed's own story, and one story every feed carries under its own guid."""
        number = int(feed_id.removeprefix("feed-"))
        stories = [(f"{feed_id}-own", f"Texas governor signs law banning TikTok on state "
                                      f"devices, report {number}", f"/story/{number}"),
                   (f"{feed_id}-shared", "Shared wire story about the weather", "/shared")]
        items = "".join(
            f"<item><guid>{guid}</guid><title>{title}</title>"
            f"<link>https://news.example.com{link}</link><description>{title}.</description>"
            f"<pubDate>{self.published}</pubDate></item>" for guid, title, link in stories)
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>{feed_id}</title><link>https://news.example.com/</link>{items}"
                "</channel></rss>")

    def of(self, kind: str) -> list[Visit]:
        with self.lock:
            return [v for v in self.visits if v.key.startswith("feed-") == (kind == "feeds")]


def start_scheduler(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    """In a session of its own, so a kill takes its parser workers down with it."""
    with log.open("wb") as output:
        return subprocess.Popen(
            [str(RISKWATCH), "scheduler"], env={**os.environ, **env,
                                                "RISKWATCH_USER_AGENT": name},
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def server(feed_server: HTTPServer) -> Iterator[Server]:
    running = Server(feed_server, victim="riskwatch-test victim")
    yield running
    running.released.set()


@pytest.fixture
def environment(tmp_path: Path, database_url: str, server: Server) -> dict[str, str]:
    feeds_file = tmp_path / "feeds.yaml"
    write_feeds_file(feeds_file, [
        {"id": f"feed-{n:03d}", "url": server.http.url_for(f"/feed/feed-{n:03d}"),
         "kind": "news", "title": f"Feed {n}", "interval": "60s"} for n in range(FEEDS)])
    database = Database(database_url)
    with database.writing() as session:
        create_key(session, "owner", datetime.now(UTC))
        session.flush()
        session.add(Subscription(
            id="sub-1", owner_key_id=session.scalar(select(ApiKey.id)),
            url=server.http.url_for("/hook"), description="", filter={},
            types=[EVENT_CREATED, EVENT_UPDATED, LEVEL_CHANGED], secret=new_secret(),
            enabled=True, created_at=datetime.now(UTC), updated_at=datetime.now(UTC)))
    database.dispose()
    return {**ENV, "RISKWATCH_DATABASE_URL": database_url,
            "RISKWATCH_FEEDS_FILE": str(feeds_file)}


def leased_by(database: Database, pid: int) -> tuple[set[str], set[str]]:
    owner = f"%:{pid}:%"
    with database.reading() as session:
        feeds = set(session.scalars(select(Feed.id).where(Feed.lease_owner.like(owner))))
        messages = set(session.scalars(select(Delivery.message_id)
                                       .where(Delivery.lease_owner.like(owner))))
    return feeds, messages


def held(server: Server) -> tuple[set[str], set[str]]:
    return ({v.key for v in server.of("feeds") if v.held},
            {v.key for v in server.of("hooks") if v.held})


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting: {what}")


def all_done(database: Database) -> bool:
    with database.reading() as session:
        unpolled = session.scalar(select(func.count()).select_from(Feed).where(
            Feed.last_ok_at.is_(None) | Feed.lease_owner.is_not(None)))
        unsent = session.scalar(select(func.count()).select_from(Delivery).where(
            Delivery.status != outbox.SUCCEEDED))
    return unpolled == 0 and unsent == 0


def one_at_a_time(visits: list[Visit]) -> bool:
    """No two requests for the same key were open at once."""
    by_key: dict[str, list[Visit]] = {}
    for visit in visits:
        by_key.setdefault(visit.key, []).append(visit)
    return all(later.started >= earlier.ended
               for group in by_key.values()
               for earlier, later in zip(sorted(group, key=lambda v: v.started),
                                         sorted(group, key=lambda v: v.started)[1:],
                                         strict=False))


def counts(visits: list[Visit]) -> dict[str, tuple[int, int]]:
    """key -> (answered, held)"""
    found: dict[str, tuple[int, int]] = {}
    for visit in visits:
        answered, kept = found.get(visit.key, (0, 0))
        found[visit.key] = (answered + (not visit.held), kept + visit.held)
    return found


@pytest.mark.postgres
@pytest.mark.slow
def test_two_schedulers_share_the_work_and_the_survivor_finishes_what_a_killed_one_held(
        tmp_path: Path, database_url: str, server: Server, environment: dict[str, str]) -> None:
    database = Database(database_url)
    victim = start_scheduler(environment, server.victim, tmp_path / "victim.log")
    survivor = start_scheduler(environment, "riskwatch-test survivor", tmp_path / "survivor.log")
    try:
        wait_for(lambda: all(held(server)), "the victim holding a feed and a message")

        def everything_it_leases_is_held() -> bool:
            feeds, messages = leased_by(database, victim.pid)
            held_feeds, held_messages = held(server)
            return feeds <= held_feeds and messages <= held_messages

        wait_for(everything_it_leases_is_held, "the victim recording what it was answered")
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
        server.released.set()
        wait_for(lambda: all_done(database), "every feed polled and every message sent")
    finally:
        for process in (victim, survivor):
            stop(process)
    held_feeds, held_messages = held(server)
    with database.reading() as session:
        items = session.scalar(select(func.count()).select_from(Item))
        sightings = session.scalar(select(func.count()).select_from(ItemSource))
        messages = set(session.scalars(select(Delivery.message_id)))
    database.dispose()
    survivor_log = (tmp_path / "survivor.log").read_text()

    feeds = counts(server.of("feeds"))
    assert held_feeds and held_messages
    assert feeds == {f"feed-{n:03d}": (1, f"feed-{n:03d}" in held_feeds) for n in range(FEEDS)}
    assert one_at_a_time(server.of("feeds"))
    # Each feed's own story, and the story they all carry once, seen in every feed.
    assert (items, sightings) == (FEEDS + 1, 2 * FEEDS)
    hooks = counts(server.of("hooks"))
    assert set(hooks) == messages
    assert all(answered == 1 for answered, _ in hooks.values())
    assert one_at_a_time(server.of("hooks"))
    assert "Traceback" not in survivor_log, survivor_log


@pytest.mark.sqlite
def test_a_second_scheduler_on_one_sqlite_file_refuses_to_start(
        tmp_path: Path, database_url: str) -> None:
    feeds_file = tmp_path / "feeds.yaml"
    write_feeds_file(feeds_file, [])
    env = {**ENV, "RISKWATCH_DATABASE_URL": database_url, "RISKWATCH_FEEDS_FILE": str(feeds_file)}
    first = start_scheduler(env, "first", tmp_path / "first.log")
    try:
        wait_for(lambda: "scheduler running" in (tmp_path / "first.log").read_text(),
                 "the first scheduler to start")
        second = subprocess.run([str(RISKWATCH), "scheduler"], env={**os.environ, **env},
                                capture_output=True, text=True, timeout=60)
    finally:
        stop(first)

    assert second.returncode == 1
    assert re.search(r"another scheduler \(pid \d+ on .+\) is running on this SQLite database",
                     second.stderr)
    assert "use PostgreSQL for several" in second.stderr
