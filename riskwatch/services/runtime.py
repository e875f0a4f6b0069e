"""What a running process shares between jobs: settings, database, HTTP client, parser sandbox.

Built once by an entry point and passed to every service call, so no service reads global
configuration, and tests can give each app its own clock and database.
"""

from __future__ import annotations

import os
import random
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property

import httpx

from riskwatch.config import Settings
from riskwatch.ingest.fetch import FetchLimits, make_client
from riskwatch.ingest.sandbox import ParserSandbox
from riskwatch.store.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


class Runtime:
    def __init__(self, settings: Settings, *, database: Database | None = None,
                 clock: Callable[[], datetime] = utc_now, rng: random.Random | None = None):
        self.settings = settings
        self.database = database or Database(settings.database_url)
        self.clock = clock
        self.rng = rng or random.Random()
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._lock = threading.Lock()

    @cached_property
    def fetch_limits(self) -> FetchLimits:
        s = self.settings
        return FetchLimits(connect_timeout=s.fetch_connect_timeout,
                           read_timeout=s.fetch_read_timeout,
                           total_timeout=s.fetch_total_timeout, max_bytes=s.fetch_max_bytes,
                           max_redirects=s.fetch_max_redirects, user_agent=s.user_agent)

    @cached_property
    def http(self) -> httpx.Client:
        return make_client(self.fetch_limits)

    @cached_property
    def sandbox(self) -> ParserSandbox:
        s = self.settings
        return ParserSandbox(workers=s.parse_workers, timeout_seconds=s.parse_timeout,
                             memory_limit_mb=s.parse_memory_mb)

    def close(self) -> None:
        with self._lock:
            if "http" in self.__dict__:
                self.http.close()
            if "sandbox" in self.__dict__:
                self.sandbox.close()
            self.database.dispose()
