"""`riskwatch tag` and `riskwatch eval-tagger`: the tagger from the command line.

Both read files line by line through `riskwatch.tagging.records`, so a bad line is reported with
its number on stderr and skipped; only a file that cannot be opened stops the command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

import click

from riskwatch.domain.tags import Tags
from riskwatch.tagging import default_tagger
from riskwatch.tagging.baseline import BaselineFilter
from riskwatch.tagging.evaluation import evaluate, render_report
from riskwatch.tagging.records import (
    LabelledItem,
    LineError,
    parse_labelled,
    parse_request,
    verdict_line,
)

Parsed = TypeVar("Parsed")


@click.command("tag")
@click.argument("headline", required=False)
@click.option("--summary", default="", help="The item's summary, with a HEADLINE.")
@click.option("--jsonl", "jsonl_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Tag every JSON line of this file ({id, title, summary?} each).")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the --jsonl verdicts here instead of standard output.")
def tag_command(
    headline: str | None, summary: str, jsonl_path: Path | None, out_path: Path | None
) -> None:
    """Tag one HEADLINE, or a JSON-lines file with --jsonl."""
    if (headline is None) == (jsonl_path is None):
        raise click.UsageError("give either a HEADLINE or --jsonl FILE")
    if jsonl_path is None:
        click.echo(_describe(default_tagger().tag(headline or "", summary)))
        return
    tagger = default_tagger()
    with _opened(jsonl_path) as lines, click.open_file(str(out_path or "-"), "w",
                                                       encoding="utf-8") as out:
        for request in _good_lines(lines, parse_request):
            verdict = verdict_line(request.id, tagger.tag(request.title, request.summary))
            out.write(json.dumps(verdict, ensure_ascii=False) + "\n")


@click.command("eval-tagger")
@click.argument("labelled", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--worst", default=10, show_default=True, help="How many errors to list.")
def eval_tagger_command(labelled: Path, worst: int) -> None:
    """Score the tagger and the naive baseline filter on a LABELLED JSON-lines file."""
    with _opened(labelled) as lines:
        items: list[LabelledItem] = list(_good_lines(lines, parse_labelled))
    tagger = default_tagger()
    baseline = BaselineFilter(tagger.catalog)
    ours = evaluate(items, [tagger.tag(i.request.title, i.request.summary) for i in items])
    naive = evaluate(items, [baseline.tag(i.request.title, i.request.summary) for i in items])
    click.echo(render_report(ours, naive, worst))


def _opened(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as exc:
        raise click.FileError(str(path), hint=exc.strerror or str(exc)) from exc


def _good_lines(
    lines: IO[bytes], parse: Callable[[int, str], Parsed | LineError | None]
) -> Iterator[Parsed]:
    """The parsed lines; undecodable and invalid ones are reported on stderr and skipped."""
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            click.echo(f"{LineError(number, 'not UTF-8')}", err=True)
            continue
        parsed = parse(number, text)
        if isinstance(parsed, LineError):
            click.echo(str(parsed), err=True)
        elif parsed is not None:
            yield parsed


def _describe(tags: Tags) -> str:
    """A person's view of one verdict: the answer first, then the evidence behind it."""
    apps = ", ".join(
        app.slug if app.via == "alias" else f"{app.slug} (via {app.via} '{app.phrase}')"
        for app in tags.apps
    )
    lines = [
        f"relevant:     {'yes' if tags.relevant else 'no'} (confidence {tags.confidence:.2f})",
        f"apps:         {apps or '-'}",
    ]
    if tags.relevant:
        lines += [
            f"jurisdiction: {tags.jurisdiction or '-'}",
            f"event:        {tags.event_type} ({tags.direction})",
        ]
    lines.append("evidence:")
    lines += [f"  {line}" for line in tags.evidence] or ["  -"]
    return "\n".join(lines)
