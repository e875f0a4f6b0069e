"""Helpers the tests share: a hand-moved clock, feeds files and small RSS documents."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "feeds"


class Clock:
    """A clock the test moves by hand, so back-off and schedules need no sleeping."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def write_feeds_file(path: Path, feeds: list[dict[str, Any]]) -> None:
    path.write_text(yaml.safe_dump({"feeds": feeds}, allow_unicode=True), encoding="utf-8")


def feed_entry(feed_id: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"id": feed_id, "url": url, "kind": "news", "title": f"Feed {feed_id}",
            "interval": "15m", **extra}


def rss(*items: tuple[str, str, str], ttl: int | None = None) -> str:
    """An RSS 2.0 document from (guid, title, pubDate) triples."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title>"
        f"<link>https://news.example.com/{guid}</link>"
        f"<description>{title}. More at 11.</description><pubDate>{date}</pubDate></item>"
        for guid, title, date in items)
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Test feed</title><link>https://news.example.com/</link>{ttl_tag}"
            f"{entries}</channel></rss>")
