"""Items become events, events become daily scores: through the real ingest path."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from riskwatch.api import create_app
from riskwatch.cli.main import main
from riskwatch.services.ingesting import ingest_paths
from riskwatch.services.retagging import retag_items
from riskwatch.services.risk import score_of
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import prepare_database
from riskwatch.store.events import events_for_app
from riskwatch.store.models import Event, EventItem, Item, RiskSnapshot
from riskwatch.store.risk import snapshot_on
from tests.support import REPO, write_feeds_file

SUPREME_COURT = [
    ("Supreme Court upholds law that could ban TikTok", "Reuters", "2025-01-17T15:10:00Z"),
    ("Supreme Court upholds TikTok ban law in unanimous ruling", "AP", "2025-01-17T16:00:00Z"),
    ("US Supreme Court sides with government, upholding TikTok ban law", "Example Daily",
     "2025-01-18T02:00:00Z"),
]


def backfill(tmp_path: Path, rows: list[tuple[str, str, str]], name: str = "items") -> Path:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("".join(json.dumps({
        "title": title, "source": source, "published": published,
        "url": f"https://{source.lower().replace(' ', '')}.example/{n}"}) + "\n"
        for n, (title, source, published) in enumerate(rows)))
    return path


def count(runtime: Runtime, model: type) -> int:
    with runtime.database.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def prepared(runtime: Runtime, *, history: bool = False) -> Runtime:
    write_feeds_file(runtime.settings.feeds_file, [])
    prepare_database(runtime, history=history)
    return runtime


def test_reports_of_one_happening_fold_into_one_event_in_any_order(
        runtime: Runtime, tmp_path: Path, settings, clock, databases) -> None:
    prepared(runtime)
    ingest_paths(runtime, [backfill(tmp_path, SUPREME_COURT)])
    with databases.migrated() as other_url:
        other = Runtime(settings.with_overrides({"database_url": other_url}), clock=clock)
        try:
            prepared(other)
            for n, row in enumerate(reversed(SUPREME_COURT)):  # one at a time, reversed
                ingest_paths(other, [backfill(tmp_path, [row], f"one-{n}")])
            events = {r: _events(r) for r in (runtime, other)}
        finally:
            other.close()

    assert len(events[runtime]) == 1
    assert events[runtime] == events[other]
    (event_type, occurred_on, sources), = events[runtime]
    assert (event_type, occurred_on, sources) == ("court_ruling_against_app", "2025-01-17", 3)


def _events(runtime: Runtime) -> list[tuple[str, str, int]]:
    with runtime.database.reading() as session:
        return [(e.event_type, e.occurred_on.isoformat(), e.source_count)
                for e in session.scalars(select(Event).order_by(Event.occurred_on))]


def test_news_joins_the_curated_event_instead_of_duplicating_it(
        runtime: Runtime, tmp_path: Path) -> None:
    prepared(runtime, history=True)
    curated = count(runtime, Event)

    ingest_paths(runtime, [backfill(tmp_path, SUPREME_COURT)])

    assert count(runtime, Event) == curated
    with runtime.database.reading() as session:
        joined = session.scalars(select(Event).join(EventItem, EventItem.event_id == Event.id)
                                 .distinct()).all()
    assert [e.provenance for e in joined] == ["curated"]


def test_history_is_idempotent_and_starts_empty_without_it(runtime: Runtime) -> None:
    prepared(runtime)
    assert count(runtime, Event) == 0

    prepared(runtime, history=True)
    first = count(runtime, Event)
    again = prepare_database(runtime, history=True)

    assert first >= 150 and count(runtime, Event) == first
    assert (again.history.added, again.history.updated) == (0, 0)


def test_snapshots_follow_events_and_match_the_on_demand_score(
        runtime: Runtime, tmp_path: Path, clock) -> None:
    prepared(runtime)
    ingest_paths(runtime, [backfill(tmp_path, SUPREME_COURT)])
    today = clock.now.date()

    with runtime.database.reading() as session:
        stored = snapshot_on(session, "tiktok", today)
        fresh = score_of(session, "tiktok", today)
        days = session.scalar(select(func.count()).select_from(RiskSnapshot)
                              .where(RiskSnapshot.app == "tiktok"))
        events = events_for_app(session, "tiktok")

    assert stored is not None and abs(stored.score - fresh.score) < 1e-6
    assert fresh.score > 0 and fresh.contributions[0].event_id == events[0].id
    assert days >= 1


def test_retag_keeps_verdicts_that_did_not_change(runtime: Runtime, tmp_path: Path) -> None:
    prepared(runtime)
    ingest_paths(runtime, [backfill(tmp_path, SUPREME_COURT)])
    with runtime.database.writing() as session:
        for item in session.scalars(select(Item)):
            item.tagger_version = "0.0"

    result = retag_items(runtime)

    assert (result.checked, result.changed) == (3, 0)
    assert count(runtime, Event) == 1


def test_retag_moves_an_item_whose_verdict_changed(runtime: Runtime, tmp_path: Path) -> None:
    prepared(runtime)
    ingest_paths(runtime, [backfill(tmp_path, SUPREME_COURT[:1])])
    with runtime.database.writing() as session:  # as if an older tagger had missed it
        item = session.scalars(select(Item)).one()
        item.tags, item.relevant = {"relevant": False}, False
        session.query(EventItem).delete()
        session.query(Event).delete()

    result = retag_items(runtime, everything=True)

    assert (result.checked, result.changed) == (1, 1)
    assert count(runtime, Event) == 1


def test_score_and_backtest_commands(tmp_path: Path, database_url: str) -> None:
    env = {"RISKWATCH_DATABASE_URL": database_url,
           "RISKWATCH_FEEDS_FILE": str(REPO / "feeds.yaml"), "RISKWATCH_LOG_LEVEL": "WARNING"}
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--no-history"], env=env).exit_code == 0
    runner.invoke(main, ["ingest", str(backfill(tmp_path, SUPREME_COURT))], env=env)
    timeline = tmp_path / "timeline.jsonl"
    timeline.write_text(json.dumps({"date": "2025-01-19", "app": "tiktok",
                                    "jurisdiction": "US-federal",
                                    "event_type": "nationwide_ban",
                                    "description": "TikTok goes dark"}) + "\n{oops\n")

    text = runner.invoke(main, ["score", "tiktok", "--as-of", "2025-01-18"], env=env)
    as_json = runner.invoke(main, ["score", "tiktok", "--as-of", "2025-01-18", "--json"],
                            env=env)
    report = runner.invoke(main, ["backtest", str(timeline), "--as-of", "2025-02-01"], env=env)
    unknown = runner.invoke(main, ["score", "myspace"], env=env)

    assert text.exit_code == 0 and text.output.startswith("tiktok as of 2025-01-18: ")
    body = json.loads(as_json.output)
    assert set(body) == {"app", "as_of", "score", "level", "trend", "contributions"}
    assert body["contributions"][0]["event_type"] == "court_ruling_against_app"
    assert report.exit_code == 0 and "2025-01-19 tiktok" in report.output
    assert "line 2: not JSON" in report.output
    assert unknown.exit_code == 2 and "no app 'myspace'" in unknown.output


DOCKET_FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>cadc: Recent Entries</title><link>https://ecf.cadc.uscourts.gov</link>
<item><title>24-1113 TikTok Inc. v. Merrick Garland</title>
<link>https://ecf.cadc.uscourts.gov/n/beam/servlet/TransportRoom?caseNum=24-1113</link>
<description>[PETITION for review filed by TikTok Inc. challenging the divestiture law]
(&lt;a href='https://ecf.cadc.uscourts.gov/doc1/1'&gt;1&lt;/a&gt;)</description>
<guid>cadc-24-1113-1</guid><pubDate>Tue, 07 May 2024 15:00:00 GMT</pubDate></item>
<item><title>24-1113 TikTok Inc. v. Merrick Garland</title>
<link>https://ecf.cadc.uscourts.gov/n/beam/servlet/TransportRoom?caseNum=24-1113</link>
<description>[JUDGMENT: petitions for review of TikTok Inc. denied; Act upheld]
(&lt;a href='https://ecf.cadc.uscourts.gov/doc1/2'&gt;2&lt;/a&gt;)</description>
<guid>cadc-24-1113-2</guid><pubDate>Fri, 06 Dec 2024 15:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_docket_entries_of_one_case_form_a_thread_the_api_can_list(
        runtime: Runtime, tmp_path: Path) -> None:
    prepared(runtime)
    feed = tmp_path / "cadc.xml"
    feed.write_text(DOCKET_FEED, encoding="utf-8")
    ingest_paths(runtime, [feed])
    with runtime.database.reading() as session:
        threads = {(e.event_type, e.case_key) for e in session.scalars(select(Event))}
    [case_key] = {key for _, key in threads}
    assert threads == {("court_filing", case_key), ("court_ruling_against_app", case_key)}

    client = create_app(runtime=runtime).test_client()
    listed = client.get("/api/v1/events", query_string={"case": case_key}).get_json()
    timeline = client.get("/api/v1/apps/tiktok/timeline",
                          query_string={"case": case_key}).get_json()
    other = client.get("/api/v1/events", query_string={"case": "cadc:99-9999"}).get_json()

    assert [e["event_type"] for e in listed["events"]] == [
        "court_ruling_against_app", "court_filing"]
    assert timeline["events"] == listed["events"]
    assert other["events"] == []
    too_long = client.get("/api/v1/events", query_string={"case": "x" * 121})
    assert too_long.status_code == 422 and "case" in too_long.get_data(as_text=True)
