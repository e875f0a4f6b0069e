"""The command line as an operator uses it: init, ingest, fetch, feeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select

from riskwatch.cli.main import main
from riskwatch.store.database import Database
from riskwatch.store.models import Item
from tests.support import CORPUS, feed_entry, rss, write_feeds_file


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    feeds = tmp_path / "feeds.yaml"
    write_feeds_file(feeds, [feed_entry("local", "http://127.0.0.1:9/feed")])
    return {"RISKWATCH_DATABASE_URL": database_url,
            "RISKWATCH_FEEDS_FILE": str(feeds), "RISKWATCH_LOG_LEVEL": "WARNING",
            "RISKWATCH_FETCH_TIMEOUT": "3"}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def items_in(env: dict[str, str]) -> int:
    db = Database(env["RISKWATCH_DATABASE_URL"])
    try:
        with db.reading() as session:
            return session.scalar(select(func.count()).select_from(Item))
    finally:
        db.dispose()


def test_init_creates_the_database(env: dict[str, str]) -> None:
    result = run(env, "init")

    assert result.exit_code == 0, result.output
    assert "1 feeds configured" in result.output


def test_a_bad_feeds_file_stops_start_up_naming_feed_and_field(env: dict[str, str]) -> None:
    Path(env["RISKWATCH_FEEDS_FILE"]).write_text(
        "feeds:\n- {id: fr-tiktok, url: 'https://x.test/f', kind: news, title: T, "
        "interval: 15x}\n")

    result = run(env, "init")

    assert result.exit_code == 2
    assert "feeds[0].interval: '15x' is not a duration" in result.output
    assert "fr-tiktok" in result.output


def test_a_missing_feeds_file_is_a_clear_error(env: dict[str, str], tmp_path: Path) -> None:
    result = run({**env, "RISKWATCH_FEEDS_FILE": str(tmp_path / "nope.yaml")}, "serve")

    assert result.exit_code == 2
    assert "nope.yaml: cannot be read" in result.output


def test_ingest_jsonl_reports_bad_lines_and_keeps_good_ones(env: dict[str, str],
                                                           tmp_path: Path) -> None:
    lines = [
        {"title": "Montana governor signs TikTok ban", "summary": "SB 419 becomes law.",
         "url": "https://news.example.com/mt", "published": "2023-05-17T20:00:00Z",
         "source": "Example News"},
        "{not json",
        {"summary": "no title"},
        {"title": "Canada orders TikTok to wind up its Canadian business",
         "published": "2024-11-06T15:00:00Z", "source": "Example News"},
        {"title": "Bad date", "published": "yesterday"},
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")

    first = run(env, "ingest", str(path))
    again = run(env, "ingest", str(path))

    assert first.exit_code == 0, first.output
    assert "items.jsonl:2: not JSON" in first.output
    assert "items.jsonl:3: title: Missing data for required field." in first.output
    assert "items.jsonl:5: published: Not a valid datetime." in first.output
    assert "2 new items" in first.output
    assert "0 new items" in again.output and "2 already stored" in again.output
    assert items_in(env) == 2


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus/feeds is not beside the repo")
def test_ingest_survives_the_whole_corpus_and_is_idempotent(env: dict[str, str]) -> None:
    first = run(env, "ingest", str(CORPUS))
    stored = items_in(env)
    again = run(env, "ingest", str(CORPUS / "pacer"))

    assert first.exit_code == 0, first.output[-2000:]
    # Entries feedparser finds across the corpus; duplicates within and across files fold,
    # and documents declaring entities are refused, so somewhat fewer items remain.
    entries = sum((json.loads(line).get("feedparser") or {}).get("entries") or 0
                  for line in (CORPUS / "manifest.jsonl").read_text().splitlines())
    assert 0.8 * entries <= stored <= entries
    assert again.exit_code == 0 and "0 new items" in again.output
    assert items_in(env) == stored


def test_fetch_polls_now_and_prints_a_summary(env: dict[str, str], tmp_path: Path,
                                              feed_server: HTTPServer) -> None:
    feed_server.expect_request("/rss").respond_with_data(
        rss(("g1", "Nepal bans TikTok", "Mon, 13 Nov 2023 12:00:00 GMT")), content_type="text/xml")
    write_feeds_file(Path(env["RISKWATCH_FEEDS_FILE"]),
                     [feed_entry("live", feed_server.url_for("/rss")),
                      feed_entry("dead", "http://127.0.0.1:9/feed")])

    result = run(env, "fetch")
    table = run(env, "feeds")

    assert result.exit_code == 0, result.output
    assert "2 feeds polled, 1 failed, 1 new items" in result.output
    assert "fetch: feed 'dead' failed" in result.output
    assert table.exit_code == 0
    assert [line.split()[:2] for line in table.output.splitlines()[1:]] == [
        ["dead", "failing"], ["live", "ok"]]


def test_fetch_refuses_an_unknown_feed(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["fetch", "nope"], env=env)

    assert result.exit_code == 2
    assert "unknown feed id(s): nope" in result.output
