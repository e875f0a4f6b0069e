"""`riskwatch score`, `backtest` and `retag`: the risk model and the tagger, from the shell."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from riskwatch.cli.runtime import open_runtime, prepare_or_exit
from riskwatch.scoring.backtest import BacktestReport, read_timeline
from riskwatch.services.backtest import backtest
from riskwatch.services.catalog import find_app
from riskwatch.services.retagging import retag_items
from riskwatch.services.risk import score_of


def _day(_: object, __: object, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


@click.command("score")
@click.argument("app")
@click.option("--as-of", callback=_day, help="Score as of this day (YYYY-MM-DD); default today.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object, as the API's risk.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="Contributions to print (text output).")
def score_command(app: str, as_of: date | None, as_json: bool, top: int) -> None:
    """An app's risk score, level, trend and the events behind it."""
    if find_app(app) is None:
        raise click.BadParameter(f"no app {app!r} in the catalog", param_hint="APP")
    with open_runtime() as runtime:
        prepare_or_exit(runtime)
        with runtime.database.reading() as session:
            score = score_of(session, app, as_of or runtime.clock().date())
    if as_json:
        click.echo(json.dumps(score.to_json(), ensure_ascii=False))
        return
    trend = ", ".join(f"{span} {change:+.1f}" for span, change in score.trend.items())
    click.echo(f"{app} as of {score.as_of}: {score.score:.1f} ({score.level}); trend {trend}")
    for c in score.contributions[:top]:
        click.echo(f"  {c.points:+7.2f}  {c.occurred_on}  {c.event_type:<26} "
                   f"{c.jurisdiction or '-':<10} {c.title[:70]}")
    if len(score.contributions) > top:
        click.echo(f"  ... {len(score.contributions) - top} more (--top, --json)")


def _print_report(report: BacktestReport) -> None:
    head = " ".join(f"{o:+d}d".rjust(13) for o in (s.offset for s in report.bans[0].standings)) \
        if report.bans else ""
    click.echo(f"Bans taking effect (score/level/rank):\n{'date':<11}{'app':<13}"
               f"{'type':<18}{head}  warned")
    for check in report.bans:
        cells = " ".join(f"{s.score:5.1f}/{s.level[:3]}/#{s.rank}".rjust(13)
                         for s in check.standings)
        click.echo(f"{check.event.day!s:<11}{check.event.app:<13}"
                   f"{check.event.event_type:<18}{cells}  "
                   f"{ {True: 'yes', False: 'NO', None: '-'}[check.warned] }")
    click.echo("\nRelief events (score the day before -> the day of):")
    for relief in report.reliefs:
        click.echo(f"{relief.event.day!s:<11}{relief.event.app:<13}{relief.event.event_type:<22}"
                   f"{relief.before:6.1f} -> {relief.after:6.1f}  "
                   f"{'lowered' if relief.lowered else 'NOT LOWERED'}")
    click.echo(f"\nApps with no escalation in the year before {report.as_of}: "
               f"{report.quiet_low}/{len(report.quiet_apps)} low")
    click.echo(f"Summary: {report.bans_warned}/{report.bans_to_warn} nationwide bans and "
               f"app-store removals warned (high+ and top 2 all 7 days before); "
               f"{report.reliefs_lowered}/{len(report.reliefs)} reliefs lowered the score "
               f"on the day")


@click.command("backtest")
@click.argument("timeline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", callback=_day, help="Day for the quiet-app check; default today.")
def backtest_command(timeline: Path, as_of: date | None) -> None:
    """Replay the score around real events (TIMELINE.jsonl) using the stored items."""
    events, problems = read_timeline(timeline.read_text(encoding="utf-8").splitlines())
    for problem in problems:
        click.echo(f"skipped {timeline}: {problem}", err=True)
    if not events:
        raise click.ClickException(f"{timeline}: no usable timeline events")
    with open_runtime() as runtime:
        prepare_or_exit(runtime)
        with runtime.database.reading() as session:
            report = backtest(session, events, as_of or runtime.clock().date())
    _print_report(report)


@click.command("retag")
@click.option("--all", "everything", is_flag=True,
              help="Re-tag every item, not only those tagged by an older tagger version.")
def retag_command(everything: bool) -> None:
    """Apply the current tagger to stored items; changed verdicts move between events."""
    with open_runtime() as runtime:
        prepare_or_exit(runtime)
        result = retag_items(runtime, everything=everything)
    click.echo(f"{result.checked} items checked, {result.changed} changed")
