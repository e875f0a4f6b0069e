"""API speed on a large database: in-process latency, then throughput under gunicorn.

1. Builds bench/out/api-<items>-<events>-<apps>.db (default 1,000,000 items, 100,000 events,
   30 apps; see bench/api_data.py), or reuses it when present.
2. In process, through the Flask test client: p50/p99 of /apps, the busiest app's timeline
   (first page, and a page behind a deep cursor), its risk today and its risk history for
   one year, each answer computed (`Cache-Control: no-cache` skips the copy the API keeps),
   as the process runs now and after `gc.freeze()`. Target: p99 <= 25 ms each.
3. Under gunicorn (2 workers) with wrk on loopback: requests/s of that timeline as clients
   get it (the kept copy, for max-age) and computed every time, against a bare Flask app
   returning a constant JSON body under the same server (bench/api_baseline.py).
   Target: ratio >= 0.5. Needs gunicorn (the `dev` extra) and wrk (`apt-get install wrk`).

    .venv/bin/python bench/api.py [--items 1000000] [--events 100000] [--apps 30]
                                  [--requests 200] [--seconds 10]
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path

import httpx
from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_data import Shape, build  # noqa: E402
from riskwatch.api import create_app  # noqa: E402
from riskwatch.config import Settings  # noqa: E402
from riskwatch.services.catalog import app_catalog  # noqa: E402
from riskwatch.services.runtime import Runtime  # noqa: E402
from riskwatch.store.database import Database  # noqa: E402
from riskwatch.store.migrate import upgrade  # noqa: E402

OUT = ROOT / "bench" / "out"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TARGET_P99_MS = 25.0
# Latency is that of computing an answer, not of the copy the API keeps for max-age.
COMPUTE = {"Cache-Control": "no-cache"}
TARGET_RATIO = 0.5
WORKERS = 2
# wrk and the two workers share the machine: one wrk thread keeps it from starving them.
WRK = ["wrk", "--threads", "1", "--connections", "8", "--latency"]


def settings_for(database: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{database}", rate_limit="", log_level="WARNING")


def database_for(shape: Shape) -> Path:
    """The cached database of this shape, built on first use (into a temporary name, so an
    interrupted build is never reused)."""
    path = OUT / f"api-{shape.items}-{shape.events}-{len(shape.apps)}.db"
    if path.exists():
        print(f"reusing {path.relative_to(ROOT)} (migrated to the current schema)")
        database = Database(f"sqlite:///{path}")
        upgrade(database)
        database.dispose()
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in OUT.glob(partial.name + "*"):
        leftover.unlink()
    print(f"building {path.relative_to(ROOT)} ({shape.items:,} items, {shape.events:,} events, "
          f"{len(shape.apps)} apps)")
    started = time.perf_counter()
    runtime = Runtime(settings_for(partial), clock=lambda: NOW)
    try:
        build(runtime, shape)
    finally:
        runtime.close()
    partial.rename(path)
    print(f"built in {time.perf_counter() - started:.0f} s, "
          f"{path.stat().st_size / 2**20:,.0f} MiB")
    return path


def percentiles(call: Callable[[], None], requests: int) -> tuple[float, float]:
    for _ in range(10):
        call()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=100)
    return cuts[49], cuts[98]


def request(client: FlaskClient, path: str,
            headers: dict[str, str] = COMPUTE) -> Callable[[], None]:
    """One GET that must succeed, ready to be timed."""
    def call() -> None:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return call


def read_cases(client: FlaskClient, slug: str) -> dict[str, Callable[[], None]]:
    """The reads every API bench times for one app, each answer computed (no kept copy)."""
    timeline = f"/api/v1/apps/{slug}/timeline"
    deep, depth = deep_cursor(client, timeline)
    return {
        "/apps": request(client, "/api/v1/apps"),
        "timeline, first page": request(client, timeline),
        f"timeline, after {depth:,} events": request(client, f"{timeline}?cursor={deep}"),
        "risk today": request(client, f"/api/v1/apps/{slug}/risk"),
        "risk history, one year": request(client, f"/api/v1/apps/{slug}/risk/history"),
    }


def measure_in_process(database: Path, slug: str, requests: int) -> bool:
    runtime = Runtime(settings_for(database), clock=lambda: NOW)
    client = create_app(runtime=runtime).test_client()
    cases = {**read_cases(client, slug),
             "timeline, kept copy": request(client, f"/api/v1/apps/{slug}/timeline", {})}
    as_is = {label: percentiles(call, requests) for label, call in cases.items()}
    # What an entry point should do after create_app: the ~200,000 objects of start-up
    # (modules, catalogs, the app) leave the collector's sight, so a full collection no
    # longer walks them (70-150 ms each, every few dozen requests).
    gc.collect()
    gc.freeze()
    frozen = {label: percentiles(call, requests) for label, call in cases.items()}
    gc.unfreeze()
    runtime.close()
    print(f"\nin process, Flask test client, {requests} requests each, app {slug!r}; every "
          f"answer computed (Cache-Control: no-cache) but the kept copy; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'endpoint':<32} {'p50 ms':>8} {'p99 ms':>8}   {'after gc.freeze():':>18} "
          f"{'p50':>6} {'p99':>6}")
    met = True
    for label in cases:
        (p50, p99), (f50, f99) = as_is[label], frozen[label]
        met &= f99 <= TARGET_P99_MS
        print(f"{label:<32} {p50:8.1f} {p99:8.1f}   {'':>18} {f50:6.1f} {f99:6.1f}"
              f"{'' if f99 <= TARGET_P99_MS else '  MISSED'}")
    return met


def deep_cursor(client: FlaskClient, timeline: str) -> tuple[str, int]:
    """A cursor about nine tenths down the timeline, reached page by page, and its depth."""
    pages: list[tuple[str, int]] = []
    cursor, seen = None, 0
    while True:
        page = client.get(timeline, query_string={
            "limit": 200, **({"cursor": cursor} if cursor else {})}).get_json()
        seen += len(page["events"])
        cursor = page["next_cursor"]
        if cursor is None:
            return next(((c, n) for c, n in pages if n >= seen * 0.9), pages[-1])
        pages.append((cursor, seen))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(app: str, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind",
         f"127.0.0.1:{port}", "--chdir", str(ROOT), "--log-level", "warning", app],
        env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url: str, seconds: int, *headers: str) -> float:
    options = [option for header in headers for option in ("--header", header)]
    subprocess.run([*WRK, *options, "--duration", "2s", url], check=True, capture_output=True)
    output = subprocess.run([*WRK, *options, "--duration", f"{seconds}s", url], check=True,
                            capture_output=True, text=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw errors from {url}:\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert found, output
    return float(found[1])


def measure_throughput(database: Path, slug: str, seconds: int) -> bool | None:
    missing = [tool for tool, found in (("wrk", shutil.which("wrk")),
                                        ("gunicorn", find_spec("gunicorn"))) if not found]
    if missing:
        print(f"\nthroughput NOT MEASURED: {' and '.join(missing)} missing "
              f"(apt-get install wrk; pip install -e '.[dev]')")
        return None
    env = {"RISKWATCH_DATABASE_URL": f"sqlite:///{database}", "RISKWATCH_LOG_LEVEL": "WARNING",
           # The limiter stays in the path, as in service, but never refuses the bench.
           "RISKWATCH_RATE_LIMIT": "100000000 per minute"}
    with gunicorn("bench.api_baseline:app", env) as base:
        bare = wrk(base + "/constant", seconds)
    with gunicorn("wsgi:app", env) as base:
        timeline = wrk(f"{base}/api/v1/apps/{slug}/timeline", seconds)
        computed = wrk(f"{base}/api/v1/apps/{slug}/timeline", seconds,
                       *(f"{name}: {value}" for name, value in COMPUTE.items()))
    ratio = timeline / bare
    print(f"\ngunicorn, {WORKERS} sync workers, wrk 1 thread 8 connections, {seconds} s each")
    print(f"bare Flask, constant JSON:             {bare:7.0f} requests/s")
    print(f"riskwatch timeline, 50 events:         {timeline:7.0f} requests/s")
    print(f"  the same, computed every time:       {computed:7.0f} requests/s "
          f"(ratio {computed / bare:.2f})")
    print(f"ratio {ratio:.2f}   target >= {TARGET_RATIO}"
          f"{'' if ratio >= TARGET_RATIO else '  MISSED'}")
    return ratio >= TARGET_RATIO


def read_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of every bench that reads the API: the data's shape and how long to read."""
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--apps", type=int, default=30)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)


def shape_of(args: argparse.Namespace) -> Shape:
    apps = tuple(app.slug for app in app_catalog().apps[:args.apps])
    return Shape(args.items, args.events, apps, NOW.date())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    read_arguments(parser)
    args = parser.parse_args()
    shape = shape_of(args)
    database = database_for(shape)
    latency = measure_in_process(database, shape.apps[0], args.requests)
    throughput = measure_throughput(database, shape.apps[0], args.seconds)
    print(f"\nlatency target (after gc.freeze()) {'met' if latency else 'MISSED'}; "
          f"throughput target "
          f"{'not measured' if throughput is None else 'met' if throughput else 'MISSED'}")


if __name__ == "__main__":
    main()
