"""Ingesting local files: feed documents from disk and JSONL backfills from an archive.

Same parse, tag and store path as a live poll, with the file standing in for the feed.
"""

from __future__ import annotations

import stat
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from riskwatch.domain.items import Item, ParsedFeed
from riskwatch.ingest.errors import ParseError
from riskwatch.ingest.guard import MAX_BODY_BYTES
from riskwatch.ingest.jsonl import BackfillLine, BadLine, read_backfill
from riskwatch.ingest.normalise import build_item
from riskwatch.ingest.sandbox import PendingParse
from riskwatch.services.alerting import refresh_and_alert
from riskwatch.services.events import FoldResult
from riskwatch.services.runtime import Runtime
from riskwatch.services.storing import store_batch

BATCH = 1000
# Documents handed to the sandbox before the oldest is stored: enough to keep a worker busy.
PARSE_AHEAD = 2


@dataclass
class IngestReport:
    files: int = 0
    entries: int = 0
    new_items: int = 0
    new_sightings: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    bad_lines: list[str] = field(default_factory=list)
    # events the files created or changed, and the apps whose scores they moved
    touched: FoldResult = field(default_factory=FoldResult)


def ingest_paths(runtime: Runtime, paths: Iterable[Path],
                 on_file: Callable[[Path], None] | None = None) -> IngestReport:
    """Ingest each file; a file that cannot be used is reported and the rest go on.

    The next files are parsed in the sandbox while this one is stored, so parsing and
    storing overlap on two cores. Daily scores are refreshed once at the end, for every app
    the files touched.
    """
    report = IngestReport()
    ahead: deque[tuple[Path, Started]] = deque()
    for path in paths:
        ahead.append((path, _start(runtime, path)))
        if len(ahead) > PARSE_AHEAD:
            _finish(runtime, *ahead.popleft(), report, on_file)
    while ahead:
        _finish(runtime, *ahead.popleft(), report, on_file)
    with runtime.database.writing() as session:
        refresh_and_alert(session, report.touched, runtime.clock(),
                          runtime.settings.public_url)
    return report


# A parse under way, a file that could not even be read, or a backfill (read as it is stored).
Started = PendingParse | Exception | None


def _start(runtime: Runtime, path: Path) -> Started:
    if path.suffix == ".jsonl":
        return None
    try:
        return runtime.sandbox.submit(_read_regular_file(path),
                                      base_url=path.resolve().as_uri(), now=runtime.clock())
    except (OSError, ParseError) as exc:
        return exc


def _finish(runtime: Runtime, path: Path, started: Started, report: IngestReport,
            on_file: Callable[[Path], None] | None) -> None:
    report.files += 1
    try:
        if started is None:
            _ingest_backfill(runtime, path, report)
        elif isinstance(started, Exception):
            raise started
        else:
            _store_parsed(runtime, path, started.result(), report)
    except (OSError, ParseError, UnicodeDecodeError) as exc:
        report.errors.append(f"{path}: {exc}")
    if on_file:
        on_file(path)


def _read_regular_file(path: Path) -> bytes:
    """Read at most the body cap, and only from a regular file (never /dev/zero or a FIFO)."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise ParseError("parser: not a regular file")
    with path.open("rb") as handle:
        body = handle.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise ParseError(f"parser: file exceeds the {MAX_BODY_BYTES}-byte limit")
    return body


def _store_parsed(runtime: Runtime, path: Path, parsed: ParsedFeed,
                  report: IngestReport) -> None:
    if parsed.warning:
        report.errors.append(f"{path}: warning: {parsed.warning}")
    _save(runtime, list(parsed.items), f"file:{path.resolve()}", None, report)


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
        result, folded = store_batch(session, items, source_key=source_key, feed_id=feed_id,
                                     source_name=source_name, now=runtime.clock(),
                                     api_base=None)
    report.touched.absorb(folded)
    report.entries += len(items)
    report.new_items += len(result.new_item_ids)
    report.new_sightings += result.new_sightings
    report.unchanged += result.unchanged
