"""Scores a tagger's verdicts against labelled items.

Relevance is scored on every item. The other measures are scored on the items the labeller
marked relevant, because only there do apps, type, place and direction have a gold answer:
- apps: micro precision/recall/F1 over (item, app) pairs. The labels list the apps an item
  names, directly or through their company's flagship ("ByteDance" -> TikTok); widened matches
  (a company's other apps, `via="owner"`, and class-level matches, "Chinese apps" -> every
  Chinese-owned app, `via="class"`) are scored on their own line, with them;
- event type: accuracy, and macro-F1 over the types present in the gold or predicted labels;
- jurisdiction: accuracy (None is an answer: the item names no government);
- direction: accuracy over the items whose label gives one; relief recall: the share of gold
  relief items tagged relief, the error that would raise a score when it should fall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from riskwatch.domain.tags import Tags
from riskwatch.tagging.records import LabelledItem, Labels

# How much each kind of mistake hurts a user of the score, to rank the worst errors.
_SEVERITY = {"relevance": 3, "relief missed": 3, "event type": 2, "direction": 2, "apps": 1,
             "jurisdiction": 1}


@dataclass(frozen=True, slots=True)
class PrecisionRecall:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float | None:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.true_positives,
                      2 * self.true_positives + self.false_positives + self.false_negatives)


@dataclass(frozen=True, slots=True)
class Scores:
    items: int
    relevant_items: int
    relief_items: int
    relevance: PrecisionRecall
    apps: PrecisionRecall
    apps_with_class: PrecisionRecall
    event_type_accuracy: float | None
    event_type_macro_f1: float | None
    jurisdiction_accuracy: float | None
    direction_accuracy: float | None
    relief_recall: float | None


@dataclass(frozen=True, slots=True)
class Miss:
    """One item the tagger got wrong, with what was wrong, worst first."""

    item_id: str | int
    title: str
    problems: tuple[str, ...]
    severity: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    scores: Scores
    misses: tuple[Miss, ...]
    confusions: tuple[tuple[str, str, int], ...]


def evaluate(items: Sequence[LabelledItem], verdicts: Sequence[Tags]) -> Evaluation:
    if len(items) != len(verdicts):
        raise ValueError(f"{len(items)} labelled items but {len(verdicts)} verdicts")
    pairs = list(zip((item.labels for item in items), verdicts, strict=True))
    relevant = [(gold, tags) for gold, tags in pairs if gold.relevant]
    with_direction = [(gold, tags) for gold, tags in relevant if gold.direction is not None]
    relief = [(gold, tags) for gold, tags in relevant if gold.direction == "relief"]
    scores = Scores(
        items=len(pairs),
        relevant_items=len(relevant),
        relief_items=len(relief),
        relevance=_count(
            (gold.relevant and tags.relevant, not gold.relevant and tags.relevant,
             gold.relevant and not tags.relevant)
            for gold, tags in pairs
        ),
        apps=_app_counts(relevant, with_class=False),
        apps_with_class=_app_counts(relevant, with_class=True),
        event_type_accuracy=_share(
            gold.event_type == tags.event_type for gold, tags in relevant
        ),
        event_type_macro_f1=_macro_f1(
            [(gold.event_type, tags.event_type) for gold, tags in relevant]
        ),
        jurisdiction_accuracy=_share(
            gold.jurisdiction == tags.jurisdiction for gold, tags in relevant
        ),
        direction_accuracy=_share(
            gold.direction == tags.direction for gold, tags in with_direction
        ),
        relief_recall=_share(tags.direction == "relief" for _, tags in relief),
    )
    misses = [
        Miss(item.request.id, item.request.title, problems, sum(_SEVERITY[p.split(":")[0]]
                                                                for p in problems))
        for item, tags in zip(items, verdicts, strict=True)
        if (problems := _problems(item.labels, tags))
    ]
    misses.sort(key=lambda miss: -miss.severity)
    confusions = Counter(
        (gold.event_type or "none", tags.event_type or "none")
        for gold, tags in relevant
        if gold.event_type != tags.event_type
    )
    return Evaluation(
        scores=scores,
        misses=tuple(misses),
        confusions=tuple((gold, said, n) for (gold, said), n in confusions.most_common()),
    )


def _problems(gold: Labels, tags: Tags) -> tuple[str, ...]:
    if gold.relevant != tags.relevant:
        return (f"relevance: labelled {gold.relevant}, tagged {tags.relevant}",)
    if not gold.relevant:
        return ()
    problems = []
    predicted_apps = _named_apps(tags, with_class=False)
    if predicted_apps != gold.apps:
        problems.append(f"apps: labelled {sorted(gold.apps)}, tagged {sorted(predicted_apps)}")
    if gold.event_type != tags.event_type:
        problems.append(f"event type: labelled {gold.event_type}, tagged {tags.event_type}")
    if gold.direction == "relief" and tags.direction != "relief":
        problems.append(f"relief missed: tagged {tags.direction}")
    elif gold.direction is not None and gold.direction != tags.direction:
        problems.append(f"direction: labelled {gold.direction}, tagged {tags.direction}")
    if gold.jurisdiction != tags.jurisdiction:
        problems.append(f"jurisdiction: labelled {gold.jurisdiction}, tagged {tags.jurisdiction}")
    return tuple(problems)


def _count(outcomes: Iterable[tuple[bool, bool, bool]]) -> PrecisionRecall:
    """Counts (true positive, false positive, false negative) flags."""
    tp = fp = fn = 0
    for hit, false_alarm, missed in outcomes:
        tp += hit
        fp += false_alarm
        fn += missed
    return PrecisionRecall(tp, fp, fn)


def _named_apps(tags: Tags, with_class: bool) -> set[str]:
    return {app.slug for app in tags.apps if with_class or app.named}


def _app_counts(pairs: Sequence[tuple[Labels, Tags]], with_class: bool) -> PrecisionRecall:
    tp = fp = fn = 0
    for gold, tags in pairs:
        predicted = _named_apps(tags, with_class)
        tp += len(predicted & gold.apps)
        fp += len(predicted - gold.apps)
        fn += len(gold.apps - predicted)
    return PrecisionRecall(tp, fp, fn)


def _macro_f1(pairs: Sequence[tuple[str | None, str | None]]) -> float | None:
    labels = {label for pair in pairs for label in pair if label is not None}
    if not labels:
        return None
    f1s = [
        _count((gold == label and said == label, gold != label and said == label,
                gold == label and said != label) for gold, said in pairs).f1 or 0.0
        for label in labels
    ]
    return sum(f1s) / len(f1s)


def _share(outcomes: Iterable[bool]) -> float | None:
    values = list(outcomes)
    return _ratio(sum(values), len(values))


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _shown(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def comparison_rows(ours: Scores, baseline: Scores) -> list[tuple[str, str, str]]:
    """(measure, ours, baseline) rows, for the terminal report and the docs table."""
    measures = [
        ("relevance precision", lambda s: s.relevance.precision),
        ("relevance recall", lambda s: s.relevance.recall),
        ("relevance F1", lambda s: s.relevance.f1),
        ("apps micro-F1", lambda s: s.apps.f1),
        ("  with widened matches", lambda s: s.apps_with_class.f1),
        ("event type accuracy", lambda s: s.event_type_accuracy),
        ("event type macro-F1", lambda s: s.event_type_macro_f1),
        ("jurisdiction accuracy", lambda s: s.jurisdiction_accuracy),
        ("direction accuracy", lambda s: s.direction_accuracy),
        ("relief recall", lambda s: s.relief_recall),
    ]
    return [(name, _shown(value(ours)), _shown(value(baseline))) for name, value in measures]


def render_report(ours: Evaluation, baseline: Evaluation, worst: int = 10) -> str:
    """The plain-text report of `riskwatch eval-tagger`."""
    scores = ours.scores
    lines = [
        f"{scores.items} items, {scores.relevant_items} labelled relevant, "
        f"{scores.relief_items} relief",
        "",
        f"{'measure':<24}{'tagger':>10}{'baseline':>10}",
    ]
    lines += [f"{name:<24}{mine:>10}{theirs:>10}"
              for name, mine, theirs in comparison_rows(scores, baseline.scores)]
    if ours.confusions:
        lines += ["", "event types confused (labelled -> tagged: count)"]
        lines += [f"  {gold} -> {said}: {n}" for gold, said, n in ours.confusions[:worst]]
    if ours.misses:
        lines += ["", f"worst errors ({min(worst, len(ours.misses))} of {len(ours.misses)})"]
        for miss in ours.misses[:worst]:
            lines.append(f"  [{miss.item_id}] {miss.title}")
            lines += [f"      {problem}" for problem in miss.problems]
    return "\n".join(lines)
