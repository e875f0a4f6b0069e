"""Normalising entries: plain text, UTC dates, canonical URLs, guids and story fingerprints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from riskwatch.ingest.normalise import (
    MAX_SUMMARY_CHARS,
    build_item,
    canonical_url,
    html_to_text,
)
from riskwatch.ingest.pacer import parse_docket_entry

NOW = datetime(2025, 1, 17, 15, 0, tzinfo=UTC)
CASE_LINK = "https://ecf.nyed.uscourts.gov/cgi-bin/DktRpt.pl?408124"
CASE_TITLE = "1:17-cr-00554-MKB USA v. Shargorodskaya"


def item(**overrides):
    values = {"guid": None, "url": "https://example.com/story", "title": "TikTok ban upheld",
              "summary": "", "published": datetime(2025, 1, 17, 14, 0, tzinfo=UTC), "now": NOW}
    return build_item(**(values | overrides))


@pytest.mark.parametrize(("fragment", "text"), [
    pytest.param("<p>Ban</p><script>alert(1)</script>", "Ban", id="script-dropped-with-content"),
    pytest.param("<style>p { color: red }</style>Text", "Text", id="style-dropped-with-content"),
    pytest.param("<iframe><script>alert(1)</script></iframe>x", "x", id="iframe-content-dropped"),
    pytest.param("a<!-- <script>alert(1)</script> -->b", "ab", id="comment-dropped"),
    pytest.param('<img src=x onerror="alert(1)">caption', "caption", id="attributes-dropped"),
    pytest.param("Food &amp;amp; Water", "Food &amp; Water", id="entities-decoded-once"),
    pytest.param("AT&amp;T &#8212; &eacute;", "AT&T — é", id="named-and-numeric-entities"),
    pytest.param("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>", id="escaped-markup-is-text"),
    pytest.param("x < y", "x < y", id="lone-angle-bracket-kept"),
    pytest.param("<p>TikTok</p><p>ban</p>", "TikTok ban", id="blocks-separate-words"),
    pytest.param("Tik<b>Tok</b>", "TikTok", id="inline-tags-do-not"),
    pytest.param("  a \n\t b\xa0 ", "a b", id="whitespace-collapsed"),
    pytest.param("nul\x00 and bell\x07", "nul and bell", id="control-characters-dropped"),
])
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(("url", "canonical"), [
    pytest.param("HTTPS://Example.COM:443/a?utm_source=x&id=5&fbclid=y#frag",
                 "https://example.com/a?id=5", id="case-port-tracking-fragment"),
    pytest.param("https://example.com/a?UTM_Campaign=x&gclid=1&mc_cid=2&mc_eid=3&ocid=4",
                 "https://example.com/a", id="all-tracking-parameters"),
    pytest.param("http://example.com:80", "http://example.com/", id="default-port-and-empty-path"),
    pytest.param("http://example.com:8080/x", "http://example.com:8080/x", id="other-port-kept"),
    pytest.param("https://ecf.nysb.uscourts.gov/cgi-bin/DktRpt.pl?265812",
                 "https://ecf.nysb.uscourts.gov/cgi-bin/DktRpt.pl?265812", id="bare-query-kept"),
    pytest.param("https://example.com/p?b=2&a=1&a=0", "https://example.com/p?b=2&a=1&a=0",
                 id="query-order-kept"),
    pytest.param("http://user:secret@example.com/", "http://example.com/",
                 id="credentials-dropped"),
    pytest.param("http://[::1]:80/x", "http://[::1]/x", id="ipv6-host"),
    pytest.param(" http://example.com/a b.pdf\n", "http://example.com/a%20b.pdf",
                 id="spaces-encoded"),
    pytest.param("javascript:alert(1)", None, id="javascript-refused"),
    pytest.param("JaVaScRiPt:alert(1)", None, id="javascript-any-case-refused"),
    pytest.param("data:text/html,<script>alert(1)</script>", None, id="data-refused"),
    pytest.param("ftp://example.com/file", None, id="ftp-refused"),
    pytest.param("/relative/path", None, id="relative-refused"),
    pytest.param("http://example.com:99999/", None, id="bad-port-refused"),
    pytest.param("http:///no-host", None, id="no-host-refused"),
    pytest.param("", None, id="empty"),
])
def test_canonical_url(url: str, canonical: str | None) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(("published", "stored"), [
    pytest.param(datetime(2025, 1, 17, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
                 datetime(2025, 1, 17, 14, 0, tzinfo=UTC), id="offset-converted-to-utc"),
    pytest.param(datetime(2025, 1, 17, 14, 0), datetime(2025, 1, 17, 14, 0, tzinfo=UTC),
                 id="naive-taken-as-utc"),
    pytest.param(datetime(2099, 1, 1, tzinfo=UTC), NOW, id="far-future-clamped-to-now"),
    pytest.param(NOW + timedelta(minutes=5), NOW, id="clock-skew-clamped-to-now"),
    pytest.param(datetime(1999, 12, 31, tzinfo=UTC), datetime(1999, 12, 31, tzinfo=UTC),
                 id="old-date-kept"),
    pytest.param(None, None, id="missing-stays-unknown"),
])
def test_published_dates(published: datetime | None, stored: datetime | None) -> None:
    published_at = item(published=published).published_at
    assert published_at == stored
    assert published_at is None or published_at.tzinfo == UTC


def test_title_and_summary_are_plain_text() -> None:
    built = item(title="<b>TikTok</b> &amp; the law", summary="<p>Ruling</p><script>x()</script>")
    assert (built.title, built.summary) == ("TikTok & the law", "Ruling")


def test_plain_text_input_only_has_whitespace_collapsed() -> None:
    built = item(title="  a <b> &amp; c ", html=False)
    assert built.title == "a <b> &amp; c"


def test_summary_is_capped() -> None:
    assert len(item(summary="word " * MAX_SUMMARY_CHARS).summary) == MAX_SUMMARY_CHARS


def test_url_is_canonical() -> None:
    assert item(url="HTTPS://Example.com/story?utm_medium=rss").url == "https://example.com/story"


@pytest.mark.parametrize(("language", "tag"), [
    pytest.param("en-US", "en-us", id="lowercased"),
    pytest.param("pt_BR", "pt-br", id="underscore"),
    pytest.param(" zh-cn ", "zh-cn", id="trimmed"),
    pytest.param("not a language!", None, id="malformed"),
    pytest.param(None, None, id="missing"),
])
def test_language(language: str | None, tag: str | None) -> None:
    assert item(language=language).language == tag


def test_entry_id_is_the_guid() -> None:
    assert item(guid="  urn:uuid:1234 ").guid == "urn:uuid:1234"


def test_missing_guid_is_a_stable_digest_of_link_title_and_date() -> None:
    first, again = item(), item(now=NOW + timedelta(days=3))
    assert len(first.guid) == 64
    assert first.guid == again.guid
    assert item(title="Another story").guid != first.guid
    assert item(published=None).guid != first.guid


def test_docket_guid_that_repeats_the_case_link_is_made_entry_specific() -> None:
    order = docket_item("[Order] USA v. Shargorodskaya", guid=CASE_LINK)
    other = docket_item("[Order(Other)] USA v. Shargorodskaya", guid=CASE_LINK)
    assert CASE_LINK not in (order.guid, other.guid)
    assert order.guid != other.guid


def test_same_story_from_two_feeds_has_one_fingerprint() -> None:
    publisher = item(url="https://www.example.com/story?id=7",
                     title="Supreme Court upholds TikTok law",
                     published=datetime(2025, 1, 17, 14, 5, tzinfo=UTC))
    aggregator = item(url="HTTPS://WWW.Example.com:443/story?utm_source=feed&id=7#top",
                      title="  SUPREME COURT upholds   TikTok law ",
                      published=datetime(2025, 1, 17, 9, 30, tzinfo=timezone(timedelta(hours=-5))))
    assert publisher.fingerprint == aggregator.fingerprint


def test_same_page_on_another_day_is_another_story() -> None:
    assert item().fingerprint != item(published=datetime(2025, 1, 16, tzinfo=UTC)).fingerprint


def test_two_filings_in_one_case_on_one_day_are_two_stories() -> None:
    order = docket_item("[Order] (<a href='https://ecf.nyed.uscourts.gov/doc1/1'>12</a>)")
    letter = docket_item("[Letter] (<a href='https://ecf.nyed.uscourts.gov/doc1/2'>13</a>)")
    assert (order.url, order.title) == (letter.url, letter.title)
    assert order.fingerprint != letter.fingerprint


def docket_item(description: str, guid: str | None = None):
    return item(guid=guid, url=CASE_LINK, title=CASE_TITLE, summary=description,
                docket=parse_docket_entry(CASE_TITLE, description, CASE_LINK))
