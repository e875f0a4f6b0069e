"""Runs parse_feed in worker processes with a memory cap and a deadline.

The guard refuses the attacks we know; this bounds the ones we do not (feedparser's quadratic
author-e-mail pattern, an entity trick in an encoding the guard does not read, a bug in a
C extension). A parse that runs out of time is killed with its worker, one that runs out of
memory fails inside it, and either way the service loses a few seconds and one worker, which
pebble replaces. Normalising happens in the worker too, so only small Item dataclasses cross
back to the service, never feedparser's dictionaries.
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from datetime import datetime
from types import TracebackType

from pebble import ProcessExpired, ProcessPool

from riskwatch.domain.items import ParsedFeed
from riskwatch.ingest.errors import ParseError
from riskwatch.ingest.guard import check_size
from riskwatch.ingest.parse import parse_feed

# Workers are started fresh rather than forked: the service forks from threads (scheduler,
# HTTP server), and a fork copies whatever locks those threads held at that instant. As with
# any spawned multiprocessing, a script using the sandbox guards its `__main__` code.
_START_METHOD = "spawn"


class PendingParse:
    """A parse under way in a worker."""

    def __init__(self, future: Future[ParsedFeed], timeout_seconds: float,
                 memory_limit_mb: int) -> None:
        self._future = future
        self._timeout_seconds = timeout_seconds
        self._memory_limit_mb = memory_limit_mb

    def result(self) -> ParsedFeed:
        try:
            return self._future.result()
        except TimeoutError:
            raise ParseError(f"parser: gave up after {self._timeout_seconds} s") from None
        except MemoryError:
            raise ParseError(
                f"parser: ran out of memory (limit {self._memory_limit_mb} MiB)") from None
        except ProcessExpired as exc:
            raise ParseError(f"parser: worker died ({exc})") from None


class ParserSandbox:
    """A pool of parser processes shared by the scheduler's threads; workers start on first use."""

    def __init__(self, *, workers: int = 1, timeout_seconds: float = 10.0,
                 memory_limit_mb: int = 512) -> None:
        self._workers = workers
        self._timeout_seconds = timeout_seconds
        self._memory_limit_mb = memory_limit_mb
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def parse(self, body: bytes, *, headers: Mapping[str, str] | None = None,
              base_url: str | None = None, now: datetime) -> ParsedFeed:
        """parse_feed in a worker; ParseError also when the worker times out, runs out of
        memory or dies."""
        return self.submit(body, headers=headers, base_url=base_url, now=now).result()

    def submit(self, body: bytes, *, headers: Mapping[str, str] | None = None,
               base_url: str | None = None, now: datetime) -> PendingParse:
        """Start a parse and return at once, so a caller can store one document while the
        worker parses the next."""
        check_size(body)  # before copying the body to a worker
        future = self._running_pool().schedule(
            _parse_in_worker, args=(body,), timeout=self._timeout_seconds,
            kwargs={"headers": dict(headers or {}), "base_url": base_url, "now": now})
        return PendingParse(future, self._timeout_seconds, self._memory_limit_mb)

    def close(self) -> None:
        """Stop the workers once their current parses finish; a later parse starts new ones."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
            pool.join()

    def __enter__(self) -> ParserSandbox:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _running_pool(self) -> ProcessPool:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPool(
                    max_workers=self._workers, initializer=_limit_memory,
                    initargs=(self._memory_limit_mb,),
                    context=multiprocessing.get_context(_START_METHOD))
            return self._pool


def _parse_in_worker(body: bytes, *, headers: Mapping[str, str], base_url: str | None,
                     now: datetime) -> ParsedFeed:
    """parse_feed, reporting memory exhaustion only once the failed parse's memory is free.

    Re-raised inside the handler, the MemoryError would keep every frame of the failed parse
    alive through its traceback, and pebble's formatting of that traceback would itself run
    out of memory and take the worker down with a less useful message.
    """
    try:
        return parse_feed(body, headers=headers, base_url=base_url, now=now)
    except MemoryError:
        pass
    raise MemoryError


def _limit_memory(megabytes: int) -> None:
    """Runs in each worker: past the limit, allocations fail with MemoryError."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
