"""What every command needs first: settings from the environment, logging, a Runtime."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from riskwatch.config import SettingsError, settings_from_env
from riskwatch.ingest.feeds_file import FeedsFileError
from riskwatch.scoring.curated import CuratedDataError
from riskwatch.services.runtime import Runtime
from riskwatch.services.setup import Prepared, prepare_database


@contextmanager
def open_runtime() -> Iterator[Runtime]:
    try:
        settings = settings_from_env()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # APScheduler narrates every run of every job at INFO: one line a second per job.
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING,
                                                  logging.getLogger().getEffectiveLevel()))
    runtime = Runtime(settings)
    try:
        yield runtime
    finally:
        runtime.close()


def prepare_or_exit(runtime: Runtime, *, history: bool = False) -> Prepared:
    """Migrate and load feeds.yaml (and the history); a bad file ends with exit code 2."""
    try:
        return prepare_database(runtime, history=history)
    except (FeedsFileError, CuratedDataError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
