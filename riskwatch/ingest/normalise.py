"""Turns the loose values a feed gives into an Item: plain text, UTC dates, canonical URLs.

Everything here is a pure function of its arguments (the clock comes in as `now`), so a feed
entry and a JSONL backfill line with the same story become the same Item.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from functools import lru_cache
from html import unescape as decode_entities
from urllib.parse import urlsplit, urlunsplit

import nh3

from riskwatch.domain.items import DocketEntry, Item

# Long enough for any real teaser; stops a full article body (content:encoded) from being
# stored and scanned by the tagger as if it were a summary.
MAX_SUMMARY_CHARS = 2000

# Elements whose content is not readable text (code, embedded documents, raw-text elements
# that would otherwise surface their markup as text once the tags around them are gone).
_DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "noframes", "noscript", "noembed",
    "object", "applet", "embed", "template", "textarea", "xmp", "plaintext", "title", "head",
    "svg", "math",
})
# Tags that separate words when rendered; a space before them keeps "ban</p><p>TikTok" apart.
_WORD_BREAKING_TAG = re.compile(
    r"<(?=/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|blockquote|pre|section"
    r"|article|header|footer|figure|figcaption|img)\b)", re.IGNORECASE)
# C0 controls other than whitespace: not text, and PostgreSQL refuses NUL in text columns.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "ocid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "smid", "cmpid",
})
_LANGUAGE_TAG = re.compile(r"[a-z]{1,8}(?:-[a-z0-9]{1,8})*")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, script and style with their content,
    entities decoded exactly once, whitespace collapsed to single spaces."""
    if "<" in fragment:
        fragment = nh3.clean(_WORD_BREAKING_TAG.sub(" <", fragment), tags=frozenset(),
                             attributes={}, clean_content_tags=_DROPPED_WITH_CONTENT,
                             strip_comments=True, link_rel=None)
    if "&" in fragment:
        fragment = decode_entities(fragment)
    return _collapse_whitespace(fragment)


def _collapse_whitespace(text: str) -> str:
    return " ".join(_CONTROL_CHARACTERS.sub("", text).split())


@lru_cache(maxsize=8192)
def canonical_url(url: str | None) -> str | None:
    """The form of a URL under which two feeds' links to one page compare equal, or None.

    Lowercases scheme and host, drops default ports, credentials, fragments and tracking
    parameters; keeps every other query piece byte for byte and in order (servers such as
    PACER's `DktRpt.pl?265812` depend on it). Only absolute http(s) URLs are links a reader
    can follow: anything else (`javascript:`, `data:`, a relative path with no base) is None.
    Cached because a docket feed repeats each case's link once per entry.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip().replace(" ", "%20"))
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = "&".join(piece for piece in parts.query.split("&")
                     if piece and not _is_tracking(piece.partition("=")[0]))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _is_tracking(parameter: str) -> bool:
    name = parameter.lower()
    return name.startswith("utm_") or name in _TRACKING_PARAMETERS


def build_item(*, guid: str | None, url: str | None, title: str, summary: str,
               published: datetime | None, now: datetime, language: str | None = None,
               docket: DocketEntry | None = None, html: bool = True) -> Item:
    """Normalise one entry's values into an Item.

    `html` says whether title and summary are HTML (the usual case for feeds and backfill
    lines) or already plain text, in which case only whitespace is collapsed. A naive
    `published` is taken as UTC; a date after `now` (clock skew, typos, scheduled posts) is
    clamped to `now`, and a missing one stays None.
    """
    to_text = html_to_text if html else _collapse_whitespace
    title_text = to_text(title)
    link = canonical_url(url)
    published_at = _clamped(published, now)
    return Item(
        guid=_entry_guid(guid, url, link, title_text, published_at, docket),
        url=link,
        title=title_text,
        summary=to_text(summary)[:MAX_SUMMARY_CHARS],
        published_at=published_at,
        fingerprint=_story_fingerprint(link, title_text, published_at, docket),
        language=_language_tag(language),
        docket=docket,
    )


def _clamped(published: datetime | None, now: datetime) -> datetime | None:
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return min(published.astimezone(UTC), now.astimezone(UTC))


def _entry_guid(guid: str | None, url: str | None, link: str | None, title: str,
                published_at: datetime | None, docket: DocketEntry | None) -> str:
    """The entry's own id when it has one, else a digest of what identifies it.

    Some docket feeds (E.D.N.Y.) put the case's docket-report URL in `<guid>`, the same as
    `<link>`: it names the case, not the entry, so it is treated as absent and every docket
    entry of the case keeps its own guid.
    """
    guid = (guid or "").strip()
    if guid and not (docket is not None and guid == url):
        return guid
    return _digest(link or "", title, published_at.isoformat() if published_at else "",
                   *_docket_parts(docket, published_at))


def _story_fingerprint(link: str | None, title: str, published_at: datetime | None,
                       docket: DocketEntry | None) -> str:
    """Identifies one story across feeds: digest of URL, title, day and docket entry.

    The canonical URL is what two feeds reporting the same article share (tracking
    parameters removed); the casefolded title guards against portals that link every story
    to one landing page; the publication day (not the time, which news feeds round and shift
    differently) separates a page republished on a later day under the same title. Items
    with no date share the empty day.
    """
    return _digest(link or "", title.casefold(),
                   published_at.date().isoformat() if published_at else "",
                   *_docket_parts(docket, published_at))


def _docket_parts(docket: DocketEntry | None, published_at: datetime | None) -> tuple[str, ...]:
    """What tells one docket entry from another of the same case.

    A docket feed links every entry of a case to the case and repeats its title, so the
    entry's short description and document number (or document URL, where appellate feeds
    give no number) count too. So does the time: PACER stamps each entry with its filing
    time, the same in every feed that relays it, and one case can get two bare "Order"
    entries on one day.
    """
    if docket is None:
        return ()
    return (docket.short_description or "",
            docket.document_number or docket.document_url or "",
            published_at.isoformat() if published_at else "")


def _digest(*parts: str) -> str:
    joined = "\x1f".join(parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


def _language_tag(language: str | None) -> str | None:
    """A lowercase BCP 47-shaped tag (`en-us`), or None for an absent or malformed one."""
    if not language:
        return None
    tag = language.strip().replace("_", "-").lower()
    return tag if _LANGUAGE_TAG.fullmatch(tag) else None
