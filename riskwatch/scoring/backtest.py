"""Back-testing the score against real history: where were apps before bans took effect, and
did relief lower the score on the day it landed? Pure: daily scores in, a report out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from riskwatch.domain.scores import DailyScore
from riskwatch.domain.vocabulary import EVENT_TYPES

BAN_TYPES: Final = ("nationwide_ban", "app_store_removal", "law_signed")
# The bans a user must have been warned of: the app stops working for them.
WARNED_TYPES: Final = ("nationwide_ban", "app_store_removal")
RELIEF_TYPES: Final = ("injunction", "court_ruling_for_app", "ban_lifted", "enforcement_delay")
OFFSETS: Final = (-30, -7, -1, 1, 7, 30)
# The run-up a user needs warning in: every day of it should read high or severe, top two.
RUN_UP_DAYS: Final = 7
WARNING_LEVELS: Final = ("high", "severe")
QUIET_DAYS: Final = 365


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    day: date
    app: str
    jurisdiction: str
    event_type: str
    description: str


@dataclass(frozen=True, slots=True)
class Standing:
    offset: int
    score: float
    level: str
    rank: int


@dataclass(frozen=True, slots=True)
class BanCheck:
    event: TimelineEvent
    standings: tuple[Standing, ...]
    # every day of the run-up at high+ and ranked first or second; None for a signed law,
    # which is reported but is not a ban the user experiences that day
    warned: bool | None


@dataclass(frozen=True, slots=True)
class ReliefCheck:
    event: TimelineEvent
    before: float
    after: float

    @property
    def lowered(self) -> bool:
        return self.after < self.before


@dataclass
class BacktestReport:
    bans: list[BanCheck] = field(default_factory=list)
    reliefs: list[ReliefCheck] = field(default_factory=list)
    quiet_apps: dict[str, str] = field(default_factory=dict)  # app -> level on the last day
    as_of: date | None = None

    @property
    def bans_warned(self) -> int:
        return sum(check.warned is True for check in self.bans)

    @property
    def bans_to_warn(self) -> int:
        return sum(check.warned is not None for check in self.bans)

    @property
    def reliefs_lowered(self) -> int:
        return sum(check.lowered for check in self.reliefs)

    @property
    def quiet_low(self) -> int:
        return sum(level == "low" for level in self.quiet_apps.values())


Histories = Mapping[str, Mapping[date, DailyScore]]


def rank_on(histories: Histories, app: str, day: date) -> int:
    """1 + the number of apps scoring strictly higher that day (ties share a rank)."""
    mine = histories[app][day].score
    return 1 + sum(h[day].score > mine for other, h in histories.items() if other != app)


def _standing(histories: Histories, app: str, day: date, offset: int) -> Standing:
    point = histories[app][day]
    return Standing(offset, point.score, point.level, rank_on(histories, app, day))


def run_backtest(timeline: Sequence[TimelineEvent], histories: Histories,
                 last_escalation: Mapping[str, date], as_of: date) -> BacktestReport:
    """`histories` must cover 30 days either side of every timeline event, for every app;
    `last_escalation` gives each app's latest escalation event on or before `as_of`."""
    report = BacktestReport(as_of=as_of)
    for event in sorted(timeline, key=lambda e: (e.day, e.app, e.event_type)):
        if event.app not in histories:
            continue
        if event.event_type in BAN_TYPES:
            standings = tuple(_standing(histories, event.app, event.day + timedelta(days=o), o)
                              for o in OFFSETS)
            run_up = [_standing(histories, event.app, event.day - timedelta(days=d), -d)
                      for d in range(1, RUN_UP_DAYS + 1)]
            warned = (all(s.level in WARNING_LEVELS and s.rank <= 2 for s in run_up)
                      if event.event_type in WARNED_TYPES else None)
            report.bans.append(BanCheck(event, standings, warned))
        elif event.event_type in RELIEF_TYPES:
            history = histories[event.app]
            report.reliefs.append(ReliefCheck(
                event, history[event.day - timedelta(days=1)].score, history[event.day].score))
    for app, history in sorted(histories.items()):
        last = last_escalation.get(app)
        if (last is None or (as_of - last).days > QUIET_DAYS) and as_of in history:
            report.quiet_apps[app] = history[as_of].level
    return report


class _TimelineLineSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    date = fields.Date(required=True)
    app = fields.String(required=True, validate=validate.Length(1, 64))
    jurisdiction = fields.String(load_default="")
    event_type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    description = fields.String(load_default="")


def read_timeline(lines: Iterable[str]) -> tuple[list[TimelineEvent], list[str]]:
    """Timeline lines `{"date","app","jurisdiction","event_type","description"}`; bad lines
    come back as 'line N: reason' instead of stopping the run."""
    schema = _TimelineLineSchema()
    events: list[TimelineEvent] = []
    problems: list[str] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = schema.load(json.loads(raw))
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not JSON: {exc.msg}")
            continue
        except ValidationError as exc:
            problems.append(f"line {number}: {exc.normalized_messages()}")
            continue
        except TypeError:
            problems.append(f"line {number}: expected a JSON object")
            continue
        events.append(TimelineEvent(data["date"], data["app"], data["jurisdiction"],
                                    data["event_type"], data["description"]))
    return events, problems
