"""Turns one fetched document into normalised items: a pure function of bytes, headers, base URL
and the time.

feedparser reads every RSS and Atom dialect and recovers entries from broken XML; this module
decides what its output means. A document that yields entries is a feed, even if ill-formed
(the problem becomes a warning). A document that yields none because it is broken, or is not
a feed at all, is an error, so the poller never mistakes a server's failure for "this feed is
now empty". feedparser's own HTML sanitiser and relative-URI rewriting inside content are
switched off: titles and summaries are stored as plain text, which `html_to_text` produces
from the raw markup in one pass, faster and with no markup left to get wrong.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from riskwatch.domain.items import Item, ParsedFeed
from riskwatch.ingest.errors import ParseError
from riskwatch.ingest.guard import check_document
from riskwatch.ingest.normalise import build_item, html_to_text
from riskwatch.ingest.pacer import parse_docket_entry

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# feedparser fills these in this order of preference for "when was this published".
_DATE_FIELDS = ("published_parsed", "updated_parsed", "created_parsed")

# FeedParserDict's own lookups map legacy key names and warn about some of them; entries are
# read as the plain dicts they are, which is also several times faster.
_field = dict.get


def parse_feed(body: bytes, *, headers: Mapping[str, str] | None = None,
               base_url: str | None = None, now: datetime) -> ParsedFeed:
    """Parse one response body into its items, or raise ParseError.

    `headers` are the HTTP response headers (their charset and Content-Location count);
    `base_url` is the URL the body was fetched from, against which relative links resolve.
    Runs in the calling process with no limits: untrusted documents go through ParserSandbox.
    """
    check_document(body, headers=headers)
    document = _feedparser_result(body, _response_headers(headers, base_url))
    warning = _bozo_warning(document)
    entries = document["entries"]
    if not entries:
        _refuse_if_not_a_feed(document, warning)
    feed = document["feed"]
    feed_language = _field(feed, "language") or _language(_field(feed, "title_detail"))
    items: list[Item] = []
    errors: list[str] = []
    for position, entry in enumerate(entries, start=1):
        item = _entry_item(entry, feed_language, now)
        if item is None:
            errors.append(f"parser: entry {position} has no title, summary or link; skipped")
        else:
            items.append(item)
    return ParsedFeed(items=tuple(items), title=_text(_field(feed, "title_detail")) or None,
                      ttl_seconds=_ttl_seconds(_field(feed, "ttl")), warning=warning,
                      errors=tuple(errors))


def _response_headers(headers: Mapping[str, str] | None, base_url: str | None) -> dict[str, str]:
    """The headers as feedparser wants them: lowercase names, the document URL as the base.

    feedparser only learns a document's URL when it fetches it; given bytes, it resolves
    relative links against Content-Location, which is itself relative to the document URL.
    Bytes that came without headers (a file) get an XML Content-Type: with it feedparser
    decodes exactly as it does a file (declared encoding, else UTF-8), where a header set
    holding only Content-Location would read as an HTTP response missing its Content-Type.
    """
    merged = {name.lower(): value for name, value in (headers or {}).items()}
    if not merged:
        merged["content-type"] = "application/xml"
    if base_url:
        merged["content-location"] = urljoin(base_url, merged.get("content-location", ""))
    return merged


def _feedparser_result(body: bytes, headers: dict[str, str]) -> Any:
    """feedparser's reading of the body, given as a stream so it never opens a path or URL."""
    try:
        return feedparser.parse(io.BytesIO(body), response_headers=headers,
                                sanitize_html=False, resolve_relative_uris=False)
    except MemoryError:
        raise  # the sandbox reports it as such; it is not a fault of this document's syntax
    except Exception as exc:  # feedparser is reading hostile input; its crash is our error
        raise ParseError(f"parser: feedparser failed: {type(exc).__name__}: {exc}") from exc


def _bozo_warning(document: Any) -> str | None:
    if not document["bozo"]:
        return None
    problem = document.get("bozo_exception")
    return f"parser: ill-formed document ({type(problem).__name__}: {problem})"


def _refuse_if_not_a_feed(document: Any, warning: str | None) -> None:
    if warning:
        raise ParseError(f"{warning}; no entries recovered")
    if not document.get("version"):
        raise ParseError("parser: unable to detect feed format")


def _entry_item(entry: dict[str, Any], feed_language: str | None, now: datetime) -> Item | None:
    title_detail = _field(entry, "title_detail")
    summary_detail = _field(entry, "summary_detail") or next(iter(_field(entry, "content", ())),
                                                             None)
    title = _text(title_detail)
    summary_html = _as_html(summary_detail)
    link = _field(entry, "link")
    if not (title or summary_html or link):
        return None
    return build_item(
        guid=_field(entry, "id"), url=link, title=title, summary=html_to_text(summary_html),
        published=_published(entry), now=now,
        language=_language(title_detail) or _language(summary_detail) or feed_language,
        docket=parse_docket_entry(title, summary_html, link), html=False)


def _as_html(detail: Mapping[str, Any] | None) -> str:
    """A text construct as HTML. Plain text has its ampersands escaped, so entities in it stay
    literal, but stray tags in it are still dropped: plain-text fields in real feeds carry
    markup often enough that none may reach storage."""
    if not detail:
        return ""
    value = detail.get("value") or ""
    return value if detail.get("type") in _HTML_TYPES else value.replace("&", "&amp;")


def _text(detail: Mapping[str, Any] | None) -> str:
    return html_to_text(_as_html(detail))


def _language(detail: Mapping[str, Any] | None) -> str | None:
    return detail.get("language") if detail else None


def _published(entry: dict[str, Any]) -> datetime | None:
    """feedparser's parsed date (a UTC struct_time) as an aware datetime; None if it has none.

    feedparser leaves `*_parsed` empty for dates it cannot read (`12/30/2022`), so an unknown
    date is never replaced by the epoch or the fetch time.
    """
    for field in _DATE_FIELDS:
        parsed = _field(entry, field)
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC)
            except (ValueError, OverflowError):
                continue
    return None


def _ttl_seconds(ttl: str | None) -> int | None:
    """RSS `<ttl>` is in minutes; anything but a positive whole number is ignored."""
    try:
        minutes = int((ttl or "").strip())
    except ValueError:
        return None
    return minutes * 60 if minutes > 0 else None
