"""`riskwatch`: set up, serve, poll, ingest and inspect from the command line."""

from __future__ import annotations

import gc
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from riskwatch.cli.keys import keys_group
from riskwatch.cli.risk import backtest_command, retag_command, score_command
from riskwatch.cli.runtime import open_runtime, prepare_or_exit
from riskwatch.cli.tagging import eval_tagger_command, tag_command
from riskwatch.services.alerting import Dispatcher
from riskwatch.services.ingesting import ingest_paths
from riskwatch.services.polling import PollOutcome, poll_feed
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import Prepared
from riskwatch.services.workers import SchedulerConflict, register_scheduler, unregister_scheduler
from riskwatch.store.feeds import feed_status, list_feeds


@click.group()
@click.version_option(package_name="riskwatch")
def main() -> None:
    """riskwatch: regulatory risk for Chinese-owned apps, from news, government and court feeds."""


HISTORY_OPTION = click.option(
    "--no-history", is_flag=True,
    help="Do not load the curated history of regulatory events (start empty).")


def _history_line(prepared: Prepared) -> str:
    if prepared.history is None:
        return "curated history not loaded"
    h = prepared.history
    return f"curated history: {h.added} added, {h.updated} updated, {h.removed} removed"


@main.command()
@HISTORY_OPTION
def init(no_history: bool) -> None:
    """Create or upgrade the database, load feeds.yaml and the curated history."""
    with open_runtime() as runtime:
        prepared = prepare_or_exit(runtime, history=not no_history)
        click.echo(f"database ready at {runtime.database.url}; {len(prepared.feeds)} feeds "
                   f"configured; {_history_line(prepared)}")


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """SIGTERM and SIGINT set an event so the caller shuts down cleanly, then finishes."""
    stop = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    for sig in previous:
        signal.signal(sig, lambda *_: stop.set())
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _running_scheduler(runtime: Runtime, feeds: list[Any]) -> Iterator[None]:
    from riskwatch.scheduler import build_scheduler

    try:
        register_scheduler(runtime)
    except SchedulerConflict as exc:
        raise click.ClickException(str(exc)) from exc
    dispatcher = Dispatcher(runtime)
    scheduler = build_scheduler(runtime, feeds, dispatcher)
    scheduler.start()
    try:
        yield
    finally:
        scheduler.shutdown(wait=True)
        dispatcher.close()
        unregister_scheduler(runtime)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@HISTORY_OPTION
def serve(host: str, port: int, threads: int, no_history: bool) -> None:
    """Run the API and the scheduler in one process (migrates the database first)."""
    from waitress.server import create_server

    from riskwatch.api import create_app

    with open_runtime() as runtime:
        feeds = prepare_or_exit(runtime, history=not no_history).feeds
        app = create_app(runtime=runtime)
        gc.freeze()  # as in wsgi.py: long-lived start-up objects stay out of full collections
        server = create_server(app, host=host, port=port, threads=threads)
        with _running_scheduler(runtime, feeds), _stop_on_signals() as stop:
            thread = threading.Thread(target=server.run, name="http", daemon=True)
            thread.start()
            click.echo(f"riskwatch serving on http://{host}:{port} with "
                       f"{sum(f.enabled for f in feeds)} feeds scheduled; Ctrl-C to stop")
            stop.wait()
            click.echo("stopping: finishing in-flight polls")
            server.close()


@main.command()
def scheduler() -> None:
    """Run the scheduler alone (polling), without the API."""
    with open_runtime() as runtime:
        feeds = prepare_or_exit(runtime).feeds
        with _running_scheduler(runtime, feeds), _stop_on_signals() as stop:
            click.echo(f"scheduler running with {sum(f.enabled for f in feeds)} feeds")
            stop.wait()
            click.echo("stopping: finishing in-flight polls")


def _outcome_line(outcome: PollOutcome) -> str:
    detail = outcome.error or outcome.warning or ""
    counts = f"{outcome.new_items:>5} new {outcome.new_sightings:>4} seen-again"
    return f"{outcome.feed_id:<32} {outcome.status:<13} {counts}  {detail}".rstrip()


@main.command()
@click.argument("feed_ids", nargs=-1)
def fetch(feed_ids: tuple[str, ...]) -> None:
    """Poll the given feeds (default: all enabled) once now and print a summary."""
    with open_runtime() as runtime:
        feeds = prepare_or_exit(runtime).feeds
        known = {f.id for f in feeds}
        unknown = sorted(set(feed_ids) - known)
        if unknown:
            raise click.BadParameter(f"unknown feed id(s): {', '.join(unknown)}",
                                     param_hint="FEED_IDS")
        wanted = list(feed_ids) or [f.id for f in feeds if f.enabled]
        with ThreadPoolExecutor(runtime.settings.poll_threads) as pool:
            outcomes = list(pool.map(lambda fid: poll_feed(runtime, fid, force=True), wanted))
        for outcome in outcomes:
            click.echo(_outcome_line(outcome))
        failed = sum(o.status in ("error", "gone") for o in outcomes)
        click.echo(f"{len(outcomes)} feeds polled, {failed} failed, "
                   f"{sum(o.new_items for o in outcomes)} new items")


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        else:
            files.append(path)
    return files


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def ingest(paths: tuple[Path, ...]) -> None:
    """Ingest local feed files or JSONL backfills (title, summary, url, published, source)."""
    with open_runtime() as runtime:
        prepare_or_exit(runtime)
        files = _expand(paths)
        with click.progressbar(length=len(files), label="ingesting", file=sys.stderr) as bar:
            report = ingest_paths(runtime, files, on_file=lambda _: bar.update(1))
        for line in report.bad_lines:
            click.echo(f"skipped {line}", err=True)
        for line in report.errors:
            click.echo(line, err=True)
        click.echo(f"{report.files} files, {report.entries} entries: {report.new_items} new "
                   f"items, {report.new_sightings} seen in another source, {report.unchanged} "
                   f"already stored; {len(report.bad_lines)} bad lines, "
                   f"{sum(not e.split(': ', 1)[1].startswith('warning') for e in report.errors)}"
                   f" files unusable")


@main.command()
def feeds() -> None:
    """Show each feed's health."""
    with open_runtime() as runtime:
        prepare_or_exit(runtime)
        with runtime.database.reading() as session:
            rows = list_feeds(session)
        click.echo(f"{'feed':<28} {'status':<8} {'errors':>6}  {'last ok':<20} "
                   f"{'next fetch':<20} last error")
        for feed in rows:
            last_ok = feed.last_ok_at.strftime("%Y-%m-%d %H:%M:%S") if feed.last_ok_at else "-"
            nxt = feed.next_fetch_at.strftime("%Y-%m-%d %H:%M:%S") if feed.next_fetch_at else "-"
            click.echo(f"{feed.id:<28} {feed_status(feed):<8} {feed.consecutive_errors:>6}  "
                       f"{last_ok:<20} {nxt:<20} {(feed.last_error or '')[:80]}")


main.add_command(keys_group)
main.add_command(score_command)
main.add_command(backtest_command)
main.add_command(retag_command)
main.add_command(tag_command)
main.add_command(eval_tagger_command)
