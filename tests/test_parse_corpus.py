"""parse_feed over every file of the shared feed corpus (see its MANIFEST.md).

Each file is parsed once, with the HTTP headers its manifest line records, and the outcome is
shared by the tests below. The manifest's `feedparser` block and `Expect:` lines are the
oracle for what feedparser itself makes of the same bytes.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from functools import cache

import feedparser
import pytest

from riskwatch.domain.items import ParsedFeed
from riskwatch.ingest.errors import ParseError
from riskwatch.ingest.guard import HostileDocument
from riskwatch.ingest.normalise import canonical_url, html_to_text
from riskwatch.ingest.parse import parse_feed
from tests.support import CORPUS

NOW = datetime(2026, 1, 1, tzinfo=UTC)
MANIFEST = CORPUS / "manifest.jsonl"
LINES = ([json.loads(line) for line in MANIFEST.read_text(encoding="utf-8").splitlines()]
         if MANIFEST.is_file() else [])
BY_PATH = {line["path"]: line for line in LINES}
# Where feedparser's test harness served files; `base/` and `http/` cases resolve against it.
HARNESS_URL = "http://127.0.0.1:8097/"
NOT_FEEDS = {"expected-json", "govinfo-json", "federalregister-json", "html", "empty", "gzip"}
UNSAFE_TEXT = re.compile(r"<script|<iframe|<object|<embed|<meta|<link|javascript:\S|vbscript:\S"
                         r"|\bon[a-z]+\s*=", re.IGNORECASE)
LINK_EXPECTATION = re.compile(
    r"not bozo and entries\[0\]\['(?:link|links'\]\[0\]\['href)'\] == '([^'\\]*)'")

pytestmark = pytest.mark.skipif(not LINES, reason=f"feed corpus not found at {CORPUS}")


def headers_of(line: dict) -> dict[str, str]:
    """The manifest marks the harness's default Content-type; send the header it stands for."""
    return {name: value.replace(" (harness default)", "")
            for name, value in line.get("http_headers", {}).items()}


@cache
def outcome(path: str) -> ParsedFeed | Exception:
    line = BY_PATH[path]
    try:
        return parse_feed((CORPUS / path).read_bytes(), headers=headers_of(line),
                          base_url=HARNESS_URL + line["origin_path"], now=NOW)
    except Exception as exc:  # the first test reports anything but ParseError
        return exc


def parsed(path: str) -> ParsedFeed:
    result = outcome(path)
    assert isinstance(result, ParsedFeed), result
    return result


def usable_feedparser_entries(path: str) -> int:
    """Entries feedparser finds that have something to show (a title, text or a link)."""
    line = BY_PATH[path]
    result = feedparser.parse(io.BytesIO((CORPUS / path).read_bytes()),
                              response_headers={k.lower(): v for k, v in headers_of(line).items()})
    return sum(1 for entry in result.entries
               if any(entry.get(key) for key in ("title", "link", "summary"))
               or any(content.get("value") for content in entry.get("content", ())))


def paths(predicate=lambda line: True) -> list[str]:
    return [line["path"] for line in LINES if predicate(line)]


def declares_entities(line: dict) -> bool:
    return "entity-declaration" in line.get("security", ())


def is_wellformed_feed(line: dict) -> bool:
    return (line.get("wellformed") is True and line["kind"] not in NOT_FEEDS
            and not declares_entities(line))


@pytest.mark.parametrize("path", paths())
def test_document_parses_or_raises_parse_error(path: str) -> None:
    result = outcome(path)
    assert isinstance(result, ParsedFeed | ParseError), repr(result)
    assert isinstance(result, ParsedFeed) or str(result).startswith("parser: ")


@pytest.mark.parametrize("path", paths(is_wellformed_feed))
def test_wellformed_feed_yields_its_entries(path: str) -> None:
    if usable_feedparser_entries(path):
        assert parsed(path).items


@pytest.mark.parametrize("path", paths())
def test_no_markup_or_script_survives(path: str) -> None:
    result = outcome(path)
    for item in result.items if isinstance(result, ParsedFeed) else ():
        assert not UNSAFE_TEXT.search(item.title), item.title
        assert not UNSAFE_TEXT.search(item.summary), item.summary
        assert item.url is None or item.url.startswith(("http://", "https://")), item.url


@pytest.mark.parametrize("path", paths())
def test_dates_are_utc_or_unknown(path: str) -> None:
    result = outcome(path)
    for item in result.items if isinstance(result, ParsedFeed) else ():
        assert item.published_at is None or (item.published_at.tzinfo is UTC
                                             and item.published_at <= NOW)


@pytest.mark.parametrize("path", paths(declares_entities))
def test_documents_declaring_entities_are_refused(path: str) -> None:
    assert isinstance(outcome(path), HostileDocument)


@pytest.mark.parametrize("path", paths(lambda line: line["kind"] in NOT_FEEDS))
def test_non_feeds_are_errors_not_empty_feeds(path: str) -> None:
    assert isinstance(outcome(path), ParseError)


def test_truncated_reuters_feed_is_an_error_not_an_empty_feed() -> None:
    error = outcome("news/feed-rs/rss_2.0_invalid_1.xml")
    assert isinstance(error, ParseError)
    assert "SAXParseException" in str(error)


def test_html_page_is_not_a_feed() -> None:
    assert isinstance(outcome("news/rss-parser/unrecognized-document-moved.rss"), ParseError)


def test_ill_formed_ninth_circuit_feed_keeps_100_entries_without_dates() -> None:
    result = parsed("government/us-courts/opinions_ca9_p_example.xml")
    assert len(result.items) == 100
    assert {item.published_at for item in result.items} == {None}
    assert result.warning.startswith("parser: ill-formed document (SAXParseException")


def test_undeclared_latin1_feed_decodes_as_feedparser_does() -> None:
    path = "news/rss-parser/uolNoticias.rss"
    reference = feedparser.parse(io.BytesIO((CORPUS / path).read_bytes()))
    result = parsed(path)
    assert [item.title for item in result.items] == [
        html_to_text(entry.title) for entry in reference.entries]
    assert "simulações de 2º turno" in result.items[0].title
    assert "CharacterEncodingOverride" in result.warning


@pytest.mark.parametrize("path", paths(lambda line: line.get("feedparser_expect_ok") and
                                       LINK_EXPECTATION.fullmatch(line["feedparser_expect"])))
def test_relative_links_resolve_as_feedparser_expects(path: str) -> None:
    expected = LINK_EXPECTATION.fullmatch(BY_PATH[path]["feedparser_expect"]).group(1)
    assert parsed(path).items[0].url == canonical_url(expected)


def test_entries_without_guid_or_date_get_distinct_guids_and_no_date() -> None:
    items = parsed("government/us-courts/oral_args_ca3_example.xml").items
    assert {item.published_at for item in items} == {None}
    assert len({item.guid for item in items}) == len({(i.url, i.title) for i in items})


def test_ttl_minutes_become_seconds() -> None:
    assert parsed("feedparser-wellformed/rss/channel_ttl.xml").ttl_seconds == 60 * 60
