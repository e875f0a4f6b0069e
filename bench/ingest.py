"""Ingest throughput: bare feedparser versus the whole pipeline on the same bytes.

Generates distinct RSS files (50 items each, default 20,000 items, 10% of them about our
apps as in a busy news search feed; --relevant-share 1 for the worst case), then times
(a) feedparser.parse(io.BytesIO(body)) over every file, and
(b) riskwatch's ingestion of the same files into a fresh SQLite database: sandboxed parse,
    normalise, tag, dedupe, store, fold into events, daily snapshots.
Prints items/s for both and the ratio of their times (target: b/a <= 1.5).

    .venv/bin/python bench/ingest.py [--items 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from riskwatch.config import Settings  # noqa: E402
from riskwatch.services.ingesting import ingest_paths  # noqa: E402
from riskwatch.services.runtime import Runtime  # noqa: E402
from riskwatch.store.migrate import upgrade  # noqa: E402
from riskwatch.tagging import default_tagger  # noqa: E402

HEADLINES = [
    "{app} faces new scrutiny as {place} lawmakers weigh a ban",
    "Judge blocks {place}'s {app} ban days before it takes effect",
    "{app} launches a new shopping feature in {place}",
    "{place} regulator opens investigation into {app} data practices",
    "{app} reports record growth in {place} as creators flock to the app",
    "Governor signs bill banning {app} on {place} government devices",
    "{place} schools ban phones in classrooms from next term",
    "{app} fined over children's privacy failures in {place}",
]
# What most of a news feed is: nothing about our apps.
GENERAL = [
    "{place} council approves budget for new {thing}",
    "Storms expected across {place} this weekend, forecasters say",
    "{place} startup raises funding to build {thing}",
    "Inflation in {place} eases for a third month",
    "Local team wins {place} championship after {thing} upset",
    "{place} museum opens exhibition on the history of {thing}",
]
THINGS = ["bridges", "batteries", "solar farms", "libraries", "trams", "vaccines", "chips"]
APPS = ["TikTok", "RedNote", "Temu", "Shein", "DeepSeek", "WeChat", "CapCut", "Lemon8"]
PLACES = ["Montana", "Texas", "India", "Canada", "Nepal", "Italy", "Australia", "the EU"]


def make_feeds(folder: Path, items: int, relevant_share: float,
               per_file: int = 50) -> list[Path]:
    rng = random.Random(42)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    paths = []
    for index in range(items // per_file):
        entries = []
        for n in range(per_file):
            number = index * per_file + n
            template = rng.choice(HEADLINES if rng.random() < relevant_share else GENERAL)
            title = template.format(app=rng.choice(APPS), place=rng.choice(PLACES),
                                    thing=rng.choice(THINGS))
            when = (start + timedelta(minutes=7 * number)).strftime("%a, %d %b %Y %H:%M:%S +0000")
            entries.append(
                f"<item><title>{title} (#{number})</title>"
                f"<link>https://news.example.com/{number}?utm_source=rss</link>"
                f"<guid isPermaLink='false'>bench-{number}</guid><pubDate>{when}</pubDate>"
                f"<description>&lt;p&gt;{title}. Officials said the measure would be reviewed "
                f"&lt;b&gt;next month&lt;/b&gt;, and the company said it would comply with "
                f"the law while it appeals.&lt;/p&gt;</description></item>")
        body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Bench {index}</title><link>https://news.example.com/</link>"
                + "".join(entries) + "</channel></rss>")
        path = folder / f"feed-{index:04d}.xml"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def time_feedparser(paths: list[Path]) -> tuple[float, int]:
    bodies = [p.read_bytes() for p in paths]
    started = time.perf_counter()
    entries = sum(len(feedparser.parse(io.BytesIO(b)).entries) for b in bodies)
    return time.perf_counter() - started, entries


def time_pipeline(paths: list[Path], folder: Path, run: int) -> tuple[float, int]:
    settings = Settings(database_url=f"sqlite:///{folder / f'bench-{run}.db'}",
                        feeds_file=folder / "feeds.yaml")
    runtime = Runtime(settings)
    upgrade(runtime.database)
    # A service starts its parser worker and loads the tagger's catalogs once, at start-up:
    # keep both out of the per-item figure (the start-up time is printed separately).
    started = time.perf_counter()
    runtime.sandbox.parse(b"<rss version='2.0'><channel></channel></rss>",
                          now=datetime.now(UTC))
    default_tagger()
    print(f"  start-up (parser worker, tagger catalogs): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    report = ingest_paths(runtime, paths)
    elapsed = time.perf_counter() - started
    runtime.close()
    return elapsed, report.new_items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--relevant-share", type=float, default=0.1,
                        help="share of items about our apps (mostly regulatory); real news "
                             "feeds run at a few per cent")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_feeds(folder, args.items, args.relevant_share)
        bare, pipeline = [], []
        for run in range(args.runs):
            seconds, entries = time_feedparser(paths)
            bare.append(seconds)
            seconds, stored = time_pipeline(paths, folder, run)
            pipeline.append(seconds)
            print(f"run {run + 1}: feedparser {entries / bare[-1]:8.0f} items/s   "
                  f"pipeline {stored / pipeline[-1]:8.0f} items/s   "
                  f"ratio {pipeline[-1] / bare[-1]:.2f}")
        a, b = statistics.median(bare), statistics.median(pipeline)
        print(f"\n{len(paths)} files, {entries} items ({args.relevant_share:.0%} about our "
              f"apps), median of {args.runs} runs")
        print(f"(a) feedparser.parse alone: {entries / a:8.0f} items/s ({a:.2f} s)")
        print(f"(b) full pipeline:          {stored / b:8.0f} items/s ({b:.2f} s)")
        print(f"ratio b/a (time): {b / a:.2f}   target <= 1.5")


if __name__ == "__main__":
    main()
