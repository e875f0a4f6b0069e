"""The scheduler polls every enabled feed through poll_feed, and SQLite allows one at a time."""

from __future__ import annotations

import random
import threading

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from riskwatch.config import Settings
from riskwatch.scheduler import build_scheduler
from riskwatch.services.alerting import Dispatcher
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import prepare_database
from riskwatch.services.workers import SchedulerConflict, register_scheduler
from tests.support import feed_entry, rss, write_feeds_file


def test_jobs_poll_each_enabled_feed_without_overlap(settings: Settings,
                                                    feed_server: HTTPServer) -> None:
    runtime = Runtime(settings, rng=random.Random(1))  # real clock: APScheduler runs on it
    hits: dict[str, threading.Event] = {"a": threading.Event(), "b": threading.Event()}

    def handler(name: str):
        def respond(_: Request) -> Response:
            hits[name].set()
            return Response(rss((name, f"Headline {name}", "Mon, 13 Nov 2023 12:00:00 GMT")),
                            content_type="text/xml")
        return respond

    feed_server.expect_request("/a").respond_with_handler(handler("a"))
    feed_server.expect_request("/b").respond_with_handler(handler("b"))
    write_feeds_file(settings.feeds_file, [
        feed_entry("a", feed_server.url_for("/a")), feed_entry("b", feed_server.url_for("/b")),
        feed_entry("off", feed_server.url_for("/off"), enabled=False)])
    feeds = prepare_database(runtime).feeds
    dispatcher = Dispatcher(runtime)
    scheduler = build_scheduler(runtime, feeds, dispatcher, start_spread_seconds=0.2)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        scheduler.start()
        assert hits["a"].wait(10) and hits["b"].wait(10)
    finally:
        scheduler.shutdown(wait=True)
        dispatcher.close()
        runtime.close()

    assert set(jobs) == {"poll:a", "poll:b", "heartbeat", "webhooks", "scores", "recover"}
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())
    assert all("/off" not in str(r.path) for r, _ in feed_server.log)


@pytest.mark.sqlite
def test_a_second_scheduler_on_sqlite_refuses_to_start(runtime: Runtime,
                                                       settings: Settings) -> None:
    write_feeds_file(settings.feeds_file, [])
    prepare_database(runtime)
    register_scheduler(runtime)
    second = Runtime(settings, clock=runtime.clock)
    try:
        with pytest.raises(SchedulerConflict, match=r"another scheduler .* is running"):
            register_scheduler(second)
    finally:
        second.close()
