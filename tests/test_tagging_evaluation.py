"""The evaluation's arithmetic, the JSON-lines parsing behind the CLI, and the naive baseline."""

from __future__ import annotations

import json

import pytest

from riskwatch.domain.tags import AppMatch, Tags
from riskwatch.tagging import default_tagger
from riskwatch.tagging.baseline import BaselineFilter
from riskwatch.tagging.evaluation import evaluate, render_report
from riskwatch.tagging.records import (
    LabelledItem,
    Labels,
    LineError,
    TagRequest,
    parse_labelled,
    parse_request,
    verdict_line,
)


def item(item_id: str, relevant: bool, apps: frozenset[str] | set[str] = frozenset(),
         jurisdiction: str | None = None, event_type: str | None = None,
         direction: str | None = None) -> LabelledItem:
    return LabelledItem(TagRequest(item_id, f"headline {item_id}", ""),
                        Labels(relevant, frozenset(apps), jurisdiction, event_type, direction))


def verdict(relevant: bool, apps: tuple[str, ...] = (), jurisdiction: str | None = None,
            event_type: str | None = None, direction: str | None = None,
            via: str = "alias") -> Tags:
    return Tags(relevant, tuple(AppMatch(slug, via, slug) for slug in apps), jurisdiction,
                event_type, direction)


def test_perfect_verdicts_score_one_everywhere() -> None:
    items = [item("1", True, {"tiktok"}, "US-MT", "injunction", "relief"), item("2", False)]
    verdicts = [verdict(True, ("tiktok",), "US-MT", "injunction", "relief"), verdict(False)]
    scores = evaluate(items, verdicts).scores
    assert scores.relevance.f1 == scores.apps.f1 == scores.event_type_macro_f1 == 1.0
    assert scores.jurisdiction_accuracy == scores.relief_recall == 1.0
    assert evaluate(items, verdicts).misses == ()


def test_relevance_counts_every_item() -> None:
    items = [item("1", True), item("2", True), item("3", False), item("4", False)]
    verdicts = [verdict(True), verdict(False), verdict(True), verdict(False)]
    relevance = evaluate(items, verdicts).scores.relevance
    assert (relevance.true_positives, relevance.false_positives, relevance.false_negatives) == (
        1, 1, 1)
    assert relevance.precision == relevance.recall == relevance.f1 == 0.5


def test_apps_are_scored_on_relevant_items_without_class_matches() -> None:
    items = [item("1", True, {"tiktok", "wechat"}), item("2", False, {"temu"}),
             item("3", True, set())]
    verdicts = [verdict(True, ("tiktok", "capcut")), verdict(False),
                verdict(True, ("deepseek", "qwen"), via="class")]
    scores = evaluate(items, verdicts).scores
    assert (scores.apps.true_positives, scores.apps.false_positives,
            scores.apps.false_negatives) == (1, 1, 1)
    assert scores.apps_with_class.false_positives == 3


def test_event_type_macro_f1_averages_over_the_types_seen() -> None:
    items = [item("1", True, event_type="fine"), item("2", True, event_type="fine"),
             item("3", True, event_type="investigation")]
    verdicts = [verdict(True, event_type="fine"), verdict(True, event_type="investigation"),
                verdict(True, event_type="investigation")]
    scores = evaluate(items, verdicts).scores
    assert scores.event_type_accuracy == pytest.approx(2 / 3)
    # fine: P 1, R 1/2 -> F1 2/3; investigation: P 1/2, R 1 -> F1 2/3
    assert scores.event_type_macro_f1 == pytest.approx(2 / 3)


def test_relief_recall_counts_relief_items_tagged_relief() -> None:
    items = [item("1", True, direction="relief"), item("2", True, direction="relief"),
             item("3", True, direction="escalation")]
    verdicts = [verdict(True, direction="relief"), verdict(True, direction="escalation"),
                verdict(True, direction="escalation")]
    scores = evaluate(items, verdicts).scores
    assert scores.relief_recall == 0.5
    assert scores.direction_accuracy == pytest.approx(2 / 3)


def test_measures_without_items_are_not_available() -> None:
    scores = evaluate([item("1", False)], [verdict(False)]).scores
    assert scores.relief_recall is None
    assert scores.event_type_macro_f1 is None


def test_misses_list_the_worst_first_with_confusions() -> None:
    items = [item("1", True, {"tiktok"}, "US-MT", "injunction", "relief"),
             item("2", True, {"tiktok"}, "IN", "nationwide_ban", "escalation"),
             item("3", False)]
    verdicts = [verdict(True, ("tiktok",), "US-MT", "court_ruling_against_app", "escalation"),
                verdict(True, ("tiktok",), "NP", "nationwide_ban", "escalation"),
                verdict(True)]
    evaluation = evaluate(items, verdicts)
    assert [miss.item_id for miss in evaluation.misses] == ["1", "3", "2"]
    assert "relief missed: tagged escalation" in evaluation.misses[0].problems
    assert evaluation.confusions == (("injunction", "court_ruling_against_app", 1),)
    report = render_report(evaluation, evaluation, worst=1)
    assert "worst errors (1 of 3)" in report


def test_evaluate_wants_one_verdict_per_item() -> None:
    with pytest.raises(ValueError, match="2 labelled items but 1 verdicts"):
        evaluate([item("1", False), item("2", False)], [verdict(False)])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param('{"id": "a", "title": "T", "extra": 1}', TagRequest("a", "T", ""),
                     id="extra-fields-ignored"),
        pytest.param('{"id": 7, "title": "T", "summary": null}', TagRequest(7, "T", ""),
                     id="integer-id-null-summary"),
        pytest.param("   ", None, id="blank-line"),
        pytest.param("[1, 2]", LineError(3, "not a JSON object"), id="not-an-object"),
        pytest.param('{"id": true, "title": "T"}',
                     LineError(3, "id: must be a non-empty string or an integer"),
                     id="boolean-id"),
    ],
)
def test_request_lines(line: str, expected: object) -> None:
    assert parse_request(3, line) == expected


def test_labelled_lines_check_the_vocabulary() -> None:
    line = json.dumps({"id": "a", "title": "T", "relevant": True, "apps": [],
                       "jurisdiction": None, "event_type": "banned"})
    parsed = parse_labelled(9, line)
    assert isinstance(parsed, LineError)
    assert parsed.line == 9
    assert parsed.message.startswith("event_type: Must be one of")


def test_labelled_lines_need_a_real_boolean() -> None:
    line = json.dumps({"id": "a", "title": "T", "relevant": "yes", "apps": [],
                       "jurisdiction": None, "event_type": None})
    assert isinstance(parse_labelled(1, line), LineError)


def test_verdict_lines_carry_slugs_only() -> None:
    tags = Tags(True, (AppMatch("tiktok", "alias", "TikTok"),), "NP", "nationwide_ban",
                "escalation", 0.9, ("rule:banned@title",))
    assert verdict_line("a", tags) == {
        "id": "a", "relevant": True, "apps": ["tiktok"], "jurisdiction": "NP",
        "event_type": "nationwide_ban", "direction": "escalation", "confidence": 0.9,
        "evidence": ["rule:banned@title"],
    }


@pytest.mark.parametrize(
    ("title", "relevant"),
    [
        pytest.param("Nepal bans TikTok", True, id="alias-and-keyword"),
        pytest.param("TikTok banned in Nepal", True, id="keyword-stem"),
        pytest.param("TikTok bans users under 13", True, id="no-idea-who-acts"),
        pytest.param("TikTok launches a shop", False, id="no-keyword"),
        pytest.param("Schools ban phones", False, id="no-app"),
        pytest.param("TikTokers rally", False, id="alias-inside-a-word"),
    ],
)
def test_baseline_filter(title: str, relevant: bool) -> None:
    baseline = BaselineFilter(default_tagger().catalog)
    assert baseline.tag(title).relevant is relevant
