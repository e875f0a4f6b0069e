"""One HTTP attempt at a webhook delivery, to the address that was checked.

Never follows redirects (a 3xx is a failed attempt, retried later: following it could lead
anywhere), reads at most a few kilobytes of the answer, and never raises for anything the
receiver does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from riskwatch.alerts.targets import Target

EXCERPT_BYTES = 1024


@dataclass(frozen=True, slots=True)
class AttemptResult:
    status_code: int | None
    latency_ms: float
    excerpt: str | None
    error: str | None
    retry_after: int | None


def make_client(timeout: float, user_agent: str) -> httpx.Client:
    return httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                        headers={"User-Agent": user_agent},
                        limits=httpx.Limits(max_connections=200, max_keepalive_connections=50))


def _pinned_url(target: Target) -> str:
    parts = urlsplit(target.url)
    host = (f"[{target.address}]" if target.address.version == 6 else str(target.address))
    return urlunsplit((parts.scheme, f"{host}:{target.port}", parts.path or "/", parts.query,
                       ""))


def send(client: httpx.Client, target: Target, headers: dict[str, str], body: str,
         deadline_seconds: float) -> AttemptResult:
    started = time.perf_counter()
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    try:
        with client.stream("POST", _pinned_url(target), content=body.encode(),
                           headers={**headers, "Host": host_header}, extensions=extensions,
                           timeout=deadline_seconds) as response:
            # The status is the answer; the body is only an excerpt for the log, so a receiver
            # dripping it slowly is cut at the deadline rather than holding a sending slot.
            excerpt = b""
            for chunk in response.iter_bytes():
                excerpt += chunk
                if (len(excerpt) >= EXCERPT_BYTES
                        or time.perf_counter() - started > deadline_seconds):
                    break
            retry_after = response.headers.get("retry-after", "")
            return AttemptResult(response.status_code, _ms(started),
                                 excerpt[:EXCERPT_BYTES].decode("utf-8", "replace"), None,
                                 int(retry_after) if retry_after.isdigit() else None)
    except httpx.TimeoutException:
        return AttemptResult(None, _ms(started), None,
                             f"timed out after {deadline_seconds:g} s", None)
    except httpx.HTTPError as exc:
        return AttemptResult(None, _ms(started), None, f"{type(exc).__name__}: {exc}", None)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
