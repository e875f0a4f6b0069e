"""Processes sharing one PostgreSQL database: each race is staged by holding one transaction
open while another one runs, so what the second does is certain, not a matter of timing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from riskwatch.config import Settings
from riskwatch.domain.items import FeedConfig
from riskwatch.ingest.normalise import build_item
from riskwatch.services.runtime import Runtime
from riskwatch.services.storing import store_batch
from riskwatch.services.workers import register_scheduler
from riskwatch.store import webhooks as outbox
from riskwatch.store.database import Database
from riskwatch.store.feeds import claim_feed, release_feed, sync_feeds
from riskwatch.store.items import save_items
from riskwatch.store.keys import create_key
from riskwatch.store.migrate import upgrade
from riskwatch.store.models import ApiKey, Event, Item, ItemSource, Subscription

pytestmark = pytest.mark.postgres

NOW = datetime(2025, 1, 17, 15, 0, tzinfo=UTC)
# A guard, not a measure: a claim that waits on a lock fails the test instead of hanging it.
NO_WAITING = text("SET LOCAL lock_timeout = '5s'")


class Process:
    """One of two processes: its own engine, named so the server can say what it waits on."""

    def __init__(self, url: str, name: str) -> None:
        self.name = name
        self.database = Database(make_url(url).update_query_dict(
            {"application_name": name}).render_as_string(hide_password=False))

    def in_background(self, work: Callable[[Session], Any]) -> Background:
        return Background(self, work)


class Background(threading.Thread):
    """A write transaction run on a thread, so the test can hold another one open meanwhile."""

    def __init__(self, process: Process, work: Callable[[Session], Any]) -> None:
        super().__init__(name=process.name)
        self.process, self.work = process, work
        self.result: Any = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            with self.process.database.writing() as session:
                self.result = self.work(session)
        except BaseException as exc:  # handed to the test by outcome()
            self.error = exc

    def wait_until_blocked(self, on: str) -> None:
        """Until the server reports this process waiting for a lock of the given type."""
        probe = Database(str(self.process.database.url))
        try:
            for _ in range(500):
                with probe.reading() as session:
                    waiting = session.scalar(text(
                        "SELECT wait_event FROM pg_stat_activity WHERE application_name = :n "
                        "AND wait_event_type = 'Lock'"), {"n": self.process.name})
                if waiting == on or not self.is_alive():
                    return
                time.sleep(0.02)
        finally:
            probe.dispose()
        raise AssertionError(f"{self.process.name} never waited on a {on} lock")

    def outcome(self) -> Any:
        self.join()
        if self.error is not None:
            raise self.error
        return self.result


@pytest.fixture
def processes(database_url: str) -> Iterator[tuple[Process, Process]]:
    pair = (Process(database_url, "first"), Process(database_url, "second"))
    yield pair
    for process in pair:
        process.database.dispose()


def story(guid: str, title: str, url: str) -> Any:
    return build_item(guid=guid, url=url, title=title, summary=title, published=NOW, now=NOW)


def untagged(_: Any) -> tuple[dict[str, Any], bool, str]:
    return {}, False, "test"


def count(database: Database, model: Any) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_story_two_feeds_store_at_once_is_one_item_with_two_sightings(
        processes: tuple[Process, Process]) -> None:
    first, second = processes
    shared = story("a-1", "Court hears TikTok appeal", "https://news.example.com/appeal")

    def save_from(source: str) -> Callable[[Session], Any]:
        return lambda session: save_items(session, [shared], source_key=source, feed_id=None,
                                          seen_at=NOW, tag=untagged)

    with first.database.writing() as session:
        stored = save_from("feed-a")(session)
        racing = second.in_background(save_from("feed-b"))
        racing.wait_until_blocked(on="transactionid")
    seen = racing.outcome()

    assert len(stored.new_item_ids) == 1
    assert (seen.new_item_ids, seen.new_sightings) == ([], 1)
    assert (count(first.database, Item), count(first.database, ItemSource)) == (1, 2)


def test_reports_of_one_happening_stored_at_once_fold_into_one_event(
        processes: tuple[Process, Process]) -> None:
    first, second = processes
    reports = {
        "feed-a": story("a-1", "Montana governor signs law banning TikTok statewide",
                        "https://a.example.com/montana"),
        "feed-b": story("b-1", "Montana governor signs TikTok ban into law",
                        "https://b.example.com/montana-ban"),
    }

    def store_from(source: str) -> Callable[[Session], Any]:
        return lambda session: store_batch(session, [reports[source]], source_key=source,
                                           feed_id=None, source_name=source, now=NOW,
                                           api_base=None)

    with first.database.writing() as session:
        _, created = store_from("feed-a")(session)
        racing = second.in_background(store_from("feed-b"))
        racing.wait_until_blocked(on="advisory")
    _, joined = racing.outcome()

    assert len(created.created) == 1 and joined.created == set()
    assert joined.changed == created.created
    assert count(first.database, Event) == 1


def subscription_with_deliveries(database: Database, deliveries: int) -> None:
    with database.writing() as session:
        create_key(session, "owner", NOW)
        session.flush()
        owner = session.scalar(select(ApiKey.id))
        session.add(Subscription(id="sub-1", owner_key_id=owner, url="http://127.0.0.1:9/",
                                 description="", filter={}, types=[], secret="whsec_x",
                                 enabled=True, created_at=NOW, updated_at=NOW))
        session.flush()
        outbox.enqueue(session, [
            {"message_id": f"msg-{n}", "subscription_id": "sub-1", "type": "ping",
             "payload": {}, "status": outbox.PENDING, "attempts": 0, "next_attempt_at": NOW,
             "created_at": NOW} for n in range(deliveries)])


def claim(session: Session, owner: str, limit: int) -> list[str]:
    session.execute(NO_WAITING)
    return [d.message_id for d in outbox.claim_due(session, owner, NOW, 60, limit)]


def test_two_dispatchers_claiming_at_once_take_different_deliveries_without_waiting(
        processes: tuple[Process, Process]) -> None:
    first, second = processes
    subscription_with_deliveries(first.database, 10)

    with first.database.writing() as mine:
        taken_first = claim(mine, "first", 4)
        with second.database.writing() as theirs:
            taken_second = claim(theirs, "second", 10)

    assert len(taken_first) == 4 and len(taken_second) == 6
    assert set(taken_first).isdisjoint(taken_second)


def test_a_claimed_delivery_is_taken_again_only_once_its_lease_expired(
        processes: tuple[Process, Process]) -> None:
    first, second = processes
    subscription_with_deliveries(first.database, 1)
    with first.database.writing() as session:
        claim(session, "first", 1)

    with second.database.writing() as session:
        while_leased = outbox.claim_due(session, "second", NOW + timedelta(seconds=59), 60, 1)
        after_expiry = outbox.claim_due(session, "second", NOW + timedelta(seconds=61), 60, 1)

    assert while_leased == [] and [d.message_id for d in after_expiry] == ["msg-0"]


def test_a_poller_skips_a_feed_whose_row_another_poller_is_recording(
        processes: tuple[Process, Process]) -> None:
    first, second = processes
    with first.database.writing() as session:
        sync_feeds(session, [FeedConfig(id="f", url="http://127.0.0.1:9/f", kind="news",
                                        title="F", credibility=2, interval_seconds=900)])
    with first.database.writing() as session:
        claim_feed(session, "f", "first", NOW, 60)

    with first.database.writing() as recording:
        release_feed(recording, "f", "first")
        recording.flush()  # the row is now locked until this poll is recorded
        with second.database.writing() as session:
            session.execute(NO_WAITING)
            skipped = claim_feed(session, "f", "second", NOW, 60)

    assert skipped is None


def test_schedulers_starting_together_migrate_once(empty_database_url: str) -> None:
    databases = [Database(empty_database_url) for _ in range(3)]
    errors: list[BaseException] = []

    def migrate(database: Database) -> None:
        try:
            upgrade(database)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=migrate, args=(db,)) for db in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with databases[0].reading() as session:
        revision = session.scalar(text("SELECT version_num FROM alembic_version"))
    for database in databases:
        database.dispose()

    assert errors == [] and revision is not None


def test_several_schedulers_may_run_on_postgresql(settings: Settings) -> None:
    runtimes = [Runtime(settings) for _ in range(2)]
    try:
        for runtime in runtimes:
            register_scheduler(runtime)
    finally:
        for runtime in runtimes:
            runtime.close()
