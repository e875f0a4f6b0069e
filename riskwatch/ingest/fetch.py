"""HTTP fetching of feeds: conditional, bounded in time and size, and honest about failures.

Every limit holds against a hostile or broken server: the body cap counts decompressed bytes
(a gzip bomb stops at the cap), the total deadline holds against a server that drips one byte
at a time, and redirects are capped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from riskwatch.domain.items import FeedConfig

PERMANENT_REDIRECTS = frozenset({301, 308})


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = "riskwatch"


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful response let us send back for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    status: int
    url: str
    body: bytes
    headers: dict[str, str]
    validators: Validators
    permanent_url: str | None = None
    max_age_seconds: int | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A failed fetch; `gone` means the feed asked never to be polled again (410)."""

    def __init__(self, message: str, *, status: int | None = None,
                 retry_after_seconds: int | None = None, gone: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after_seconds = retry_after_seconds
        self.gone = gone


def make_client(limits: FetchLimits) -> httpx.Client:
    """One pooled client for all feeds; connection failures are retried by the transport."""
    return httpx.Client(
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        headers={"User-Agent": limits.user_agent,
                 "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                           "text/xml;q=0.8, */*;q=0.5"},
        transport=httpx.HTTPTransport(retries=2),
    )


def parse_retry_after(value: str | None, now: datetime) -> int | None:
    """Retry-After is either delta-seconds or an HTTP date; anything else is ignored."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - now).total_seconds()))


def parse_max_age(cache_control: str | None) -> int | None:
    if not cache_control:
        return None
    for directive in cache_control.split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() in ("max-age", "s-maxage") and value.strip('"').isdigit():
            return int(value.strip('"'))
    return None


def _permanent_target(response: httpx.Response) -> str | None:
    """The new address when every hop of the redirect chain was permanent."""
    if response.history and all(r.status_code in PERMANENT_REDIRECTS for r in response.history):
        return str(response.url)
    return None


def fetch_feed(client: httpx.Client, feed: FeedConfig, validators: Validators,
               limits: FetchLimits, *, now: datetime) -> FetchResult:
    """GET the feed conditionally; raise FetchError with a message naming the feed and cause."""
    name = f"fetch: feed {feed.id!r}"
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    deadline = time.monotonic() + limits.total_timeout
    try:
        with client.stream("GET", feed.url, headers=headers) as response:
            status = response.status_code
            if status == 304:
                return FetchResult(304, str(response.url), b"", dict(response.headers),
                                   validators, _permanent_target(response),
                                   parse_max_age(response.headers.get("cache-control")))
            if status >= 400 or 300 <= status < 400:
                retry_after = parse_retry_after(response.headers.get("retry-after"), now)
                raise FetchError(f"{name} returned {status} {response.reason_phrase}".rstrip(),
                                 status=status, retry_after_seconds=retry_after,
                                 gone=status == 410)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(f"{name} body of {int(declared)} bytes exceeds the "
                                 f"{limits.max_bytes}-byte limit", status=status)
            body = _read_bounded(response, limits, deadline, name)
            return FetchResult(
                status=status, url=str(response.url), body=body,
                headers=dict(response.headers),
                validators=Validators(response.headers.get("etag"),
                                      response.headers.get("last-modified")),
                permanent_url=_permanent_target(response),
                max_age_seconds=parse_max_age(response.headers.get("cache-control")))
    except FetchError:
        raise
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{name} redirected more than {limits.max_redirects} times") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{name} timed out ({type(exc).__name__})") from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"{name} sent a body that cannot be decompressed") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{name} failed: {type(exc).__name__}: {exc}") from exc


def _read_bounded(response: httpx.Response, limits: FetchLimits, deadline: float,
                  name: str) -> bytes:
    """Checks size and deadline on every piece as it arrives: a fixed chunk size would wait
    for that many bytes, so a server dripping a byte at a time outlived the deadline."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"{name} body exceeds the {limits.max_bytes}-byte limit "
                             "(after decompression)", status=response.status_code)
        if time.monotonic() > deadline:
            raise FetchError(f"{name} took longer than {limits.total_timeout:g} s in total",
                             status=response.status_code)
        chunks.append(chunk)
    return b"".join(chunks)
