"""How fast the tagger is, and what it adds to the cost of reading a feed.

Two workloads, each repeated to --items headline+summary pairs and tagged on one core:
- feeds: every entry of the news feeds in ../shared/corpus/feeds/news, as the ingester hands
  them over (plain-text summary). Most name none of the tracked apps, as in production.
- labelled: tests/data/tagging_dev.jsonl, where every item names an app: the slow path.
Then feedparser's own parse time per entry on the Guardian feed, and the tagger's cost per item
as a fraction of it. Times are the best of --runs; CPU time is shown beside wall time because
the machine is shared.

Run: .venv/bin/python bench/tagging.py [--items 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import feedparser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from riskwatch.ingest.normalise import html_to_text  # noqa: E402
from riskwatch.tagging import default_tagger, tag  # noqa: E402

NEWS = ROOT.parent / "shared" / "corpus" / "feeds" / "news"
GUARDIAN = NEWS / "rss-parser" / "guardian.rss"
LABELLED = ROOT / "tests" / "data" / "tagging_dev.jsonl"


def feed_pairs() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted(NEWS.rglob("*")):
        if path.is_file():
            for entry in feedparser.parse(path.read_bytes()).entries:
                pairs.append((entry.get("title", ""), html_to_text(entry.get("summary", ""))))
    return pairs


def labelled_pairs() -> list[tuple[str, str]]:
    if not LABELLED.exists():
        return []
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line]
    return [(row["title"], row.get("summary") or "") for row in rows]


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """The best wall-clock and CPU seconds of `runs` calls."""
    wall = cpu = float("inf")
    for _ in range(runs):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        work()
        wall = min(wall, time.perf_counter() - wall_start)
        cpu = min(cpu, time.process_time() - cpu_start)
    return wall, cpu


def tag_all(pairs: list[tuple[str, str]]) -> None:
    for title, summary in pairs:
        tag(title, summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    default_tagger()
    print(f"catalog, gazetteer and rules loaded in {time.perf_counter() - started:.2f} s "
          f"({default_tagger().lexicon.size:,} phrases in one automaton)")

    per_item_cpu = {}
    for name, pairs in (("feeds", feed_pairs()), ("labelled", labelled_pairs())):
        if not pairs:
            print(f"{name}: no items, skipped")
            continue
        workload = (pairs * (args.items // len(pairs) + 1))[: args.items]
        relevant = sum(tag(title, summary).relevant for title, summary in pairs)
        wall, cpu = best_of(args.runs, lambda w=workload: tag_all(w))
        per_item_cpu[name] = cpu / len(workload)
        print(f"{name}: {len(pairs)} distinct items ({relevant} relevant), "
              f"{len(workload):,} tagged: {len(workload) / wall:,.0f} items/s wall, "
              f"{len(workload) / cpu:,.0f} items/s CPU, "
              f"{cpu / len(workload) * 1e6:.1f} µs/item CPU")

    body = GUARDIAN.read_bytes()
    entries = len(feedparser.parse(body).entries)
    wall, cpu = best_of(args.runs, lambda: feedparser.parse(body))
    feedparser_cpu = cpu / entries
    print(f"feedparser on {GUARDIAN.name}: {entries} entries, "
          f"{wall / entries * 1e6:.0f} µs/entry wall, {feedparser_cpu * 1e6:.0f} µs/entry CPU")
    for name, cost in per_item_cpu.items():
        print(f"tagging cost as a fraction of feedparser's per-entry cost ({name}): "
              f"{cost / feedparser_cpu:.3f}")


if __name__ == "__main__":
    main()
