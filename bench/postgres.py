"""PostgreSQL beside SQLite in one run: API reads on a large database, and ingest throughput
with one process and with two at once.

1. Reads. The API bench's database (bench/api_data.py: default 1,000,000 items, 100,000
   events, 30 apps), on SQLite as bench/api.py builds it and in a PostgreSQL database built
   by the same generator (both kept and reused). In process, p50/p99 of /apps, the busiest
   app's timeline (first page, and behind a deep cursor), its risk today and its risk history;
   then requests/s of that timeline under gunicorn with wrk. Target: PostgreSQL within 2x of
   SQLite.
2. Ingest. bench/ingest.py's feed files (default 20,000 items, 10% about our apps) through
   the pipeline (`ingest_paths`: sandboxed parse, tag, store, fold, scores) into a fresh
   database: on SQLite, on PostgreSQL with one process, and on PostgreSQL with two processes
   at once, each given half the files. Target: two processes >= 1.6x the items/s of one.

    .venv/bin/python bench/postgres.py [--items 1000000] [--events 100000] [--apps 30]
        [--requests 200] [--seconds 10] [--ingest-items 20000] [--runs 3]
        [--skip-reads] [--skip-ingest]

The server is RISKWATCH_BENCH_POSTGRES_URL (default the local `test` database's server); the
bench creates databases named riskwatch_bench_* on it.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import (  # noqa: E402
    NOW,
    database_for,
    gunicorn,
    percentiles,
    read_arguments,
    read_cases,
    shape_of,
    wrk,
)
from bench.api_data import Shape, build  # noqa: E402
from bench.ingest import make_feeds  # noqa: E402
from riskwatch.api import create_app  # noqa: E402
from riskwatch.config import Settings  # noqa: E402
from riskwatch.services.ingesting import ingest_paths  # noqa: E402
from riskwatch.services.runtime import Runtime  # noqa: E402
from riskwatch.services.setup import prepare_database  # noqa: E402
from riskwatch.store.database import Database  # noqa: E402
from riskwatch.store.migrate import upgrade  # noqa: E402
from riskwatch.tagging import default_tagger  # noqa: E402

SERVER = os.environ.get("RISKWATCH_BENCH_POSTGRES_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")
READ_TARGET = 2.0
SCALE_TARGET = 1.6


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def postgres_url(name: str) -> str:
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def admin(statement: sql.Composable, *params: object) -> list[tuple]:
    with psycopg.connect(_libpq(SERVER), autocommit=True) as connection:
        cursor = connection.execute(statement, list(params) or None)
        return cursor.fetchall() if cursor.description else []


def exists(name: str) -> bool:
    return bool(admin(sql.SQL("SELECT 1 FROM pg_database WHERE datname = %s"), name))


def recreate(name: str) -> None:
    drop(name)
    admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(name: str) -> None:
    admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def finish_bulk_load(url: str) -> None:
    """What a bulk load owes PostgreSQL: sequences past the ids written explicitly, and
    statistics for the planner (autovacuum would get there, later)."""
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        for table in ("items", "item_sources"):
            connection.execute(sql.SQL(
                "SELECT setval(pg_get_serial_sequence({t}, 'id'), "
                "(SELECT coalesce(max(id), 0) + 1 FROM {i}), false)").format(
                t=sql.Literal(table), i=sql.Identifier(table)))
        connection.execute("VACUUM ANALYZE")


def postgres_database_for(shape: Shape) -> str:
    """The PostgreSQL twin of bench/api.py's database, built on first use (under a temporary
    name, so an interrupted build is never reused)."""
    name = f"riskwatch_bench_api_{shape.items}_{shape.events}_{len(shape.apps)}"
    if exists(name):
        print(f"reusing PostgreSQL database {name} (migrated to the current schema)")
        database = Database(postgres_url(name))
        upgrade(database)
        database.dispose()
        return postgres_url(name)
    partial = name + "_partial"
    print(f"building PostgreSQL database {name}")
    recreate(partial)
    started = time.perf_counter()
    runtime = Runtime(Settings(database_url=postgres_url(partial), log_level="WARNING"),
                      clock=lambda: NOW)
    try:
        build(runtime, shape)
    finally:
        runtime.close()
    finish_bulk_load(postgres_url(partial))
    admin(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(partial),
                                                           sql.Identifier(name)))
    print(f"built in {time.perf_counter() - started:.0f} s")
    return postgres_url(name)


@dataclass
class Reads:
    latency: dict[str, tuple[float, float]]  # label -> (p50 ms, p99 ms)
    requests_per_second: float | None


def measure_reads(url: str, slug: str, requests: int, seconds: int) -> Reads:
    """The API bench's cases, in process after gc.freeze() as a server runs them, then under
    gunicorn with wrk."""
    runtime = Runtime(Settings(database_url=url, rate_limit="", log_level="WARNING"),
                      clock=lambda: NOW)
    cases = read_cases(create_app(runtime=runtime).test_client(), slug)
    gc.collect()
    gc.freeze()
    latency = {label: percentiles(call, requests) for label, call in cases.items()}
    gc.unfreeze()
    runtime.close()
    rate = None
    if shutil.which("wrk"):
        env = {"RISKWATCH_DATABASE_URL": url, "RISKWATCH_LOG_LEVEL": "WARNING",
               "RISKWATCH_RATE_LIMIT": "100000000 per minute"}
        with gunicorn("wsgi:app", env) as base:
            rate = wrk(f"{base}/api/v1/apps/{slug}/timeline", seconds)
    return Reads(latency, rate)


def print_reads(sqlite: Reads, postgres: Reads) -> bool:
    print(f"\n{'endpoint':<30} {'SQLite p50/p99 ms':>18} {'PostgreSQL p50/p99 ms':>22} "
          f"{'ratio p99':>9}")
    met = True
    for label, (s50, s99) in sqlite.latency.items():
        p50, p99 = postgres.latency[label]
        ratio = p99 / s99
        met &= ratio <= READ_TARGET
        print(f"{label:<30} {s50:8.1f} {s99:8.1f}   {p50:10.1f} {p99:10.1f}   {ratio:8.2f}"
              f"{'' if ratio <= READ_TARGET else '  MISSED'}")
    if sqlite.requests_per_second and postgres.requests_per_second:
        ratio = sqlite.requests_per_second / postgres.requests_per_second
        met &= ratio <= READ_TARGET
        print(f"{'timeline under gunicorn, req/s':<30} {sqlite.requests_per_second:17.0f}"
              f"   {postgres.requests_per_second:21.0f}   {ratio:8.2f}")
    print(f"reads: PostgreSQL within {READ_TARGET}x of SQLite: {'met' if met else 'MISSED'}")
    return met


def _ingest_part(url: str, paths: list[Path], feeds_file: Path, ready: Any) -> None:
    """One ingesting process, started and warmed up (parser worker, tagger catalogs) before
    the clock starts, as a scheduler is long before its polls."""
    runtime = Runtime(Settings(database_url=url, feeds_file=feeds_file, log_level="WARNING"))
    runtime.sandbox.parse(b"<rss version='2.0'><channel></channel></rss>", now=NOW)
    default_tagger()
    ready.wait()
    ingest_paths(runtime, paths)
    runtime.close()


def cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine so far (Linux), to show what was left."""
    fields = [float(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def ingest(url: str, paths: list[Path], folder: Path, processes: int) -> tuple[float, float]:
    """Seconds for `processes` processes to ingest a share of the files each, all at once,
    and the share of the machine's CPU time that was busy meanwhile (PostgreSQL included)."""
    feeds_file = folder / "feeds.yaml"
    runtime = Runtime(Settings(database_url=url, feeds_file=feeds_file, log_level="WARNING"))
    prepare_database(runtime)
    runtime.close()
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(processes + 1)
    workers = [context.Process(target=_ingest_part,
                               args=(url, paths[n::processes], feeds_file, ready))
               for n in range(processes)]
    for worker in workers:
        worker.start()
    ready.wait()
    started, (busy, total) = time.perf_counter(), cpu_times()
    for worker in workers:
        worker.join()
        if worker.exitcode:
            raise SystemExit(f"an ingesting process failed ({worker.exitcode})")
    seconds, (busy_after, total_after) = time.perf_counter() - started, cpu_times()
    return seconds, (busy_after - busy) / (total_after - total)


def measure_ingest(items: int, runs: int) -> bool:
    """Each configuration `runs` times, interleaved so a burst of other load on the machine
    does not land on one of them only; medians are reported."""
    timings: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "feeds.yaml").write_text("feeds: []\n")
        paths = make_feeds(folder, items, relevant_share=0.1)
        for run in range(runs):
            sqlite = folder / f"ingest-{run}.db"
            timings.setdefault("SQLite, 1 process", []).append(
                ingest(f"sqlite:///{sqlite}", paths, folder, 1))
            for processes in (1, 2):
                name = f"riskwatch_bench_ingest_{processes}"
                recreate(name)
                try:
                    timings.setdefault(
                        f"PostgreSQL, {processes} process{'es' * (processes > 1)}", []).append(
                        ingest(postgres_url(name), paths, folder, processes))
                finally:
                    drop(name)
    print(f"\ningest, {items:,} items in {len(paths)} files (10% about our apps), fresh "
          f"database each, processes started and warmed up before the clock starts; "
          f"median of {runs} runs")
    seconds = {label: statistics.median(t for t, _ in measured)
               for label, measured in timings.items()}
    for label, measured in timings.items():
        busy = statistics.median(b for _, b in measured)
        print(f"{label:<28} {items / seconds[label]:8.0f} items/s ({seconds[label]:.1f} s), "
              f"CPUs {busy:.0%} busy")
    scale = seconds["PostgreSQL, 1 process"] / seconds["PostgreSQL, 2 processes"]
    print(f"two processes / one on PostgreSQL: {scale:.2f}x   target >= {SCALE_TARGET}"
          f"{'' if scale >= SCALE_TARGET else '  MISSED'}")
    return scale >= SCALE_TARGET


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    read_arguments(parser)
    parser.add_argument("--ingest-items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="ingest runs per configuration")
    parser.add_argument("--skip-reads", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; PostgreSQL server {make_url(SERVER).host}")
    if not args.skip_reads:
        shape = shape_of(args)
        sqlite_url = f"sqlite:///{database_for(shape)}"
        pg_url = postgres_database_for(shape)
        reads = [measure_reads(url, shape.apps[0], args.requests, args.seconds)
                 for url in (sqlite_url, pg_url)]
        print_reads(*reads)
    if not args.skip_ingest:
        measure_ingest(args.ingest_items, args.runs)


if __name__ == "__main__":
    main()
