"""HTTP caching: ETag and Cache-Control on every successful GET, 304 for a matching
If-None-Match, and a copy of each public response kept for as long as it may be reused.

The ETag is a digest of the body, so it is right by construction, whatever the endpoint.
Cache-Control lets any cache reuse a response for MAX_AGE_SECONDS; this process does the same
for anonymous GETs, so a timeline a thousand feed readers poll is computed once per worker per
half-minute, not once per reader. A copy is never shared between callers with a key, never
made of /healthz or /metrics, skipped when the request says `Cache-Control: no-cache`, and
dropped when a write goes through this process (other processes catch up within max-age).
Serving a copy is not rate-limited (see init_app).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, Response, current_app, g, request

from riskwatch.api.context import runtime

MAX_AGE_SECONDS = 30
MAX_BYTES = 32 * 2**20
LIVE_PATHS = ("/healthz", "/metrics")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
KEPT_HEADERS = ("Content-Type", "Cache-Control", "ETag", "Link")
EXTENSION = "riskwatch.responses"


@dataclass(frozen=True, slots=True)
class Copy:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    stored_at: datetime


class ResponseCache:
    """Copies by URL, least recently used dropped first beyond MAX_BYTES; thread-safe, because
    `riskwatch serve` answers from several threads."""

    def __init__(self, max_age: timedelta, max_bytes: int) -> None:
        self.max_age = max_age
        self.max_bytes = max_bytes
        self._copies: OrderedDict[str, Copy] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, url: str, now: datetime) -> Copy | None:
        with self._lock:
            copy = self._copies.get(url)
            if copy is None:
                return None
            if now - copy.stored_at >= self.max_age:
                self._drop(url)
                return None
            self._copies.move_to_end(url)
            return copy

    def put(self, url: str, copy: Copy) -> None:
        with self._lock:
            if url in self._copies:
                self._drop(url)
            self._copies[url] = copy
            self._bytes += len(copy.body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._copies)))

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
            self._bytes = 0

    def _drop(self, url: str) -> None:
        self._bytes -= len(self._copies.pop(url).body)


def _shareable() -> bool:
    """A GET whose answer is the same for every reader, and who accepts a kept copy."""
    return (request.method == "GET" and "Authorization" not in request.headers
            and request.path not in LIVE_PATHS
            and "no-cache" not in request.headers.get("Cache-Control", ""))


def _cache() -> ResponseCache:
    cache: ResponseCache = current_app.extensions[EXTENSION]
    return cache


def _serve_copy() -> Response | None:
    if not _shareable():
        return None
    now = runtime().clock()
    copy = _cache().get(request.full_path, now)
    if copy is None:
        return None
    g.served_copy = True
    response = Response(copy.body, headers=[
        *copy.headers, ("Age", str(int((now - copy.stored_at).total_seconds())))])
    # The busiest path of the API: skip the conditional machinery when nothing is asked.
    return response.make_conditional(request) if request.if_none_match else response


def _conditional(response: Response) -> Response:
    if request.method not in SAFE_METHODS and response.status_code < 400:
        _cache().clear()
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.direct_passthrough or response.is_streamed or g.get("served_copy"):
        return response
    response.headers.setdefault("Cache-Control", "no-store" if request.path in LIVE_PATHS
                                else f"public, max-age={MAX_AGE_SECONDS}")
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    if _shareable():
        _cache().put(request.full_path, Copy(
            response.get_data(), tuple((name, value) for name, value in response.headers.items()
                                       if name in KEPT_HEADERS), runtime().clock()))
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """After auth and the metrics timer, before the rate limiter: a kept copy costs less than
    the limiter's own bookkeeping, and the limit is there to protect the work of answering."""
    app.extensions[EXTENSION] = ResponseCache(timedelta(seconds=MAX_AGE_SECONDS), MAX_BYTES)
    app.before_request(_serve_copy)
    app.after_request(_conditional)
