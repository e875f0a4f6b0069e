"""Ingesting local files: feed documents from disk and JSONL backfills from an archive.

Same parse, tag and store path as a live poll, with the file standing in for the feed.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from riskwatch.domain.items import Item
from riskwatch.ingest.errors import ParseError
from riskwatch.ingest.guard import MAX_BODY_BYTES
from riskwatch.ingest.jsonl import BackfillLine, BadLine, read_backfill
from riskwatch.ingest.normalise import build_item
from riskwatch.services.runtime import Runtime
from riskwatch.services.storing import store_batch

BATCH = 1000


@dataclass
class IngestReport:
    files: int = 0
    entries: int = 0
    new_items: int = 0
    new_sightings: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    bad_lines: list[str] = field(default_factory=list)


def ingest_paths(runtime: Runtime, paths: Iterable[Path],
                 on_file: Callable[[Path], None] | None = None) -> IngestReport:
    """Ingest each file; a file that cannot be used is reported and the rest go on."""
    report = IngestReport()
    for path in paths:
        report.files += 1
        try:
            if path.suffix == ".jsonl":
                _ingest_backfill(runtime, path, report)
            else:
                _ingest_feed_file(runtime, path, report)
        except (OSError, ParseError, UnicodeDecodeError) as exc:
            report.errors.append(f"{path}: {exc}")
        if on_file:
            on_file(path)
    return report


def _read_regular_file(path: Path) -> bytes:
    """Read at most the body cap, and only from a regular file (never /dev/zero or a FIFO)."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise ParseError("parser: not a regular file")
    with path.open("rb") as handle:
        body = handle.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise ParseError(f"parser: file exceeds the {MAX_BODY_BYTES}-byte limit")
    return body


def _ingest_feed_file(runtime: Runtime, path: Path, report: IngestReport) -> None:
    now = runtime.clock()
    parsed = runtime.sandbox.parse(_read_regular_file(path), base_url=path.resolve().as_uri(),
                                   now=now)
    if parsed.warning:
        report.errors.append(f"{path}: warning: {parsed.warning}")
    _save(runtime, parsed.items, f"file:{path.resolve()}", None, report)


def _ingest_backfill(runtime: Runtime, path: Path, report: IngestReport) -> None:
    now = runtime.clock()
    batches: dict[str, list[Item]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in read_backfill(lines):
            if isinstance(line, BadLine):
                report.bad_lines.append(f"{path}:{line.line_number}: {line.reason}")
                continue
            batch = batches.setdefault(line.source, [])
            batch.append(_backfill_item(line, now))
            if len(batch) >= BATCH:
                _save(runtime, batch, f"backfill:{line.source}", None, report, line.source)
                batch.clear()
    for source, batch in batches.items():
        _save(runtime, batch, f"backfill:{source}", None, report, source)


def _backfill_item(line: BackfillLine, now: datetime) -> Item:
    return build_item(guid=line.url, url=line.url, title=line.title, summary=line.summary,
                      published=line.published, now=now)


def _save(runtime: Runtime, items: list[Item], source_key: str, feed_id: str | None,
          report: IngestReport, source_name: str | None = None) -> None:
    if not items:
        return
    with runtime.database.writing() as session:
        result, _ = store_batch(session, items, source_key=source_key, feed_id=feed_id,
                                source_name=source_name, now=runtime.clock())
    report.entries += len(items)
    report.new_items += len(result.new_item_ids)
    report.new_sightings += result.new_sightings
    report.unchanged += result.unchanged
