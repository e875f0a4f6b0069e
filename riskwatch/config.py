"""Settings, read once from the environment at start-up and passed down explicitly.

Nothing below the entry points reads environment variables: a job, a test or a second app
in the same process each get their own `Settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_INSTANCE_DIR = Path("instance")


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{(DEFAULT_INSTANCE_DIR / 'riskwatch.db').resolve()}"
    feeds_file: Path = Path("feeds.yaml")
    log_level: str = "INFO"
    user_agent: str = "riskwatch/0.1 (regulatory-risk feed poller)"
    fetch_connect_timeout: float = 10.0
    fetch_read_timeout: float = 20.0
    fetch_total_timeout: float = 60.0
    fetch_max_bytes: int = 10 * 1024 * 1024
    fetch_max_redirects: int = 5
    parse_timeout: float = 10.0
    parse_memory_mb: int = 512
    parse_workers: int = 1
    poll_threads: int = 8
    max_backoff_seconds: int = 24 * 3600
    reads_need_key: bool = False
    cors_origins: tuple[str, ...] = ()
    rate_limit: str = "600 per minute"
    public_url: str = "http://127.0.0.1:8000"
    webhook_timeout: float = 15.0
    webhook_allow_private: bool = False
    webhook_retry_schedule: tuple[int, ...] = (5, 300, 1800, 7200, 18000, 36000, 36000)
    webhook_disable_after_seconds: int = 5 * 86400
    webhook_concurrency: int = 200
    # How long a poll's or a send's lease outlasts its own deadlines; a process that dies
    # holding a lease delays that feed or delivery by at most this much past them.
    lease_margin_seconds: int = 60
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> Settings:
        """Apply a mapping of field names (tests, create_app(config=...)) on top of these."""
        if not overrides:
            return self
        known = {k: v for k, v in overrides.items() if k in self.__dataclass_fields__}
        unknown = {k: v for k, v in overrides.items() if k not in known}
        if "feeds_file" in known:
            known["feeds_file"] = Path(known["feeds_file"])
        merged = replace(self, **known)
        return replace(merged, extra={**merged.extra, **unknown}) if unknown else merged


_ENV = {
    "RISKWATCH_DATABASE_URL": ("database_url", str),
    "RISKWATCH_FEEDS_FILE": ("feeds_file", Path),
    "RISKWATCH_LOG_LEVEL": ("log_level", str),
    "RISKWATCH_USER_AGENT": ("user_agent", str),
    "RISKWATCH_FETCH_TIMEOUT": ("fetch_total_timeout", float),
    "RISKWATCH_PARSE_TIMEOUT": ("parse_timeout", float),
    "RISKWATCH_POLL_THREADS": ("poll_threads", int),
    "RISKWATCH_READS_NEED_KEY": ("reads_need_key", "flag"),
    "RISKWATCH_CORS_ORIGINS": ("cors_origins", "list"),
    "RISKWATCH_RATE_LIMIT": ("rate_limit", str),
    "RISKWATCH_PUBLIC_URL": ("public_url", str),
    "RISKWATCH_WEBHOOK_TIMEOUT": ("webhook_timeout", float),
    "RISKWATCH_WEBHOOK_ALLOW_PRIVATE": ("webhook_allow_private", "flag"),
    "RISKWATCH_WEBHOOK_RETRY_SCHEDULE": ("webhook_retry_schedule", "durations"),
    "RISKWATCH_WEBHOOK_DISABLE_AFTER": ("webhook_disable_after_seconds", "duration"),
    "RISKWATCH_WEBHOOK_CONCURRENCY": ("webhook_concurrency", int),
    "RISKWATCH_LEASE_MARGIN": ("lease_margin_seconds", "duration"),
}

_FLAGS = {"1": True, "true": True, "yes": True, "on": True,
          "0": False, "false": False, "no": False, "off": False}


def _convert(raw: str, kind: Any) -> Any:
    if kind == "flag":
        if raw.strip().lower() not in _FLAGS:
            raise ValueError(raw)
        return _FLAGS[raw.strip().lower()]
    if kind == "list":
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if kind == "duration":
        return _seconds(raw)
    if kind == "durations":
        return tuple(_seconds(part) for part in raw.split(",") if part.strip())
    return kind(raw)


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _seconds(text: str) -> int:
    """'90s', '5m', '2h', '5d' or plain seconds."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    number, unit = text[:-1], text[-1:]
    if not number.isdigit() or unit not in _UNITS:
        raise ValueError(text)
    return int(number) * _UNITS[unit]


def _kind_name(kind: Any) -> str:
    return {"flag": "flag (1/0, true/false)", "list": "comma-separated list",
            "duration": "duration (e.g. 5d, 2h, 90s)",
            "durations": "comma-separated list of durations (e.g. 5s,5m,30m)"}.get(
        kind, getattr(kind, "__name__", str(kind)))


class SettingsError(ValueError):
    pass


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from RISKWATCH_* variables; a malformed value is an error, not a default."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, (attr, convert) in _ENV.items():
        raw = environ.get(name)
        if raw is None or raw == "":
            continue
        try:
            values[attr] = _convert(raw, convert)
        except ValueError as exc:
            message = f"config: {name}={raw!r} is not a valid {_kind_name(convert)}"
            raise SettingsError(message) from exc
    return Settings(**values)
