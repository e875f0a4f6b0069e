"""The risk model's ingredients, one behaviour per test, and the TikTok worked example."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import pytest

from riskwatch.domain.events import Event, EventApp
from riskwatch.scoring.model import CONTRIBUTION_FLOOR, score_app, score_history
from riskwatch.scoring.weights import default_weights

AS_OF = date(2025, 1, 10)
TIKTOK = (EventApp("tiktok", "direct"),)


def event(event_id: str = "e1", **overrides: object) -> Event:
    fields: dict[str, object] = dict(
        id=event_id,
        event_type="law_signed",
        direction="escalation",
        jurisdiction="US-federal",
        occurred_on=AS_OF,
        title=f"event {event_id}",
        apps=TIKTOK,
        source_count=4,
        credibility=1,
        provenance="ingested",
    )
    fields.update(overrides)
    return Event(**fields)  # type: ignore[arg-type]


def score(*events: Event, app: str = "tiktok", as_of: date = AS_OF) -> float:
    return score_app(app, events, as_of).score


def test_no_events_is_zero_and_low() -> None:
    result = score_app("tiktok", [], AS_OF)
    assert (str(result.score), result.level, result.contributions) == ("0.0", "low", ())
    assert result.trend == {"7d": 0.0, "30d": 0.0}


def test_events_after_as_of_do_not_count() -> None:
    assert score(event(occurred_on=AS_OF + timedelta(days=1))) == 0.0


def test_events_about_other_apps_are_skipped() -> None:
    assert score(event(apps=(EventApp("wechat", "direct"),))) == 0.0


def test_single_news_only_investigation_stays_below_high() -> None:
    investigation = event(event_type="investigation", credibility=2, source_count=1)
    assert score_app("tiktok", [investigation], AS_OF).level in ("low", "elevated")


def test_nationwide_law_outweighs_a_state_device_ban() -> None:
    state_ban = event(event_type="government_device_ban", jurisdiction="US-TX")
    assert score(event()) > score(state_ban)


@pytest.mark.parametrize("smaller", ["US-MT", "NP", "EU", None])
def test_us_federal_and_india_outweigh_other_jurisdictions(smaller: str | None) -> None:
    def ban_in(jurisdiction: str | None) -> float:
        return score(event(event_type="nationwide_ban", jurisdiction=jurisdiction))

    assert ban_in("US-federal") == ban_in("IN") > ban_in(smaller)


def test_source_tiers_rank_primary_over_outlet_over_aggregator() -> None:
    assert score(event(credibility=1)) > score(event(credibility=2)) > score(event(credibility=3))


def test_corroboration_adds_with_diminishing_returns() -> None:
    one, two, three = (score(event(source_count=n)) for n in (1, 2, 3))
    assert one < two < three
    assert three - two < two - one


def test_curated_events_count_as_corroborated() -> None:
    assert score(event(provenance="curated", source_count=1)) > score(event(source_count=1))


def test_signed_law_decays_slower_than_an_investigation() -> None:
    later = AS_OF + timedelta(days=120)

    def kept(event_type: str) -> float:
        escalation = event(event_type=event_type)
        return score(escalation, as_of=later) / score(escalation)

    assert kept("law_signed") > kept("investigation")


def test_owner_and_class_events_count_for_their_apps_discounted() -> None:
    direct = score(event())
    via_owner = score(event(apps=(EventApp("tiktok", "owner"),)))
    via_class = score(event(apps=(EventApp("tiktok", "class"), EventApp("temu", "class"))))
    assert direct > via_owner > via_class > 0
    assert score(event(apps=(EventApp("tiktok", "class"), EventApp("temu", "class"))), app="temu")


def test_app_named_directly_and_by_class_counts_once_as_direct() -> None:
    both = event(apps=(EventApp("tiktok", "class"), EventApp("tiktok", "direct")))
    assert score(both) == score(event())


def test_relief_lowers_the_score_on_the_day_it_lands() -> None:
    law = event("law", occurred_on=AS_OF - timedelta(days=30))
    injunction = event("inj", event_type="injunction", direction="relief")
    assert score(law, injunction) < score(law)
    assert score(law, injunction, as_of=AS_OF - timedelta(days=1)) == score(
        law, as_of=AS_OF - timedelta(days=1)
    )


def test_relief_only_cuts_risk_built_before_it() -> None:
    injunction = event("inj", event_type="injunction", direction="relief")
    later_law = event("law", occurred_on=AS_OF + timedelta(days=5))
    as_of = AS_OF + timedelta(days=5)
    assert score(injunction, later_law, as_of=as_of) == score(later_law, as_of=as_of)


def test_relief_only_cuts_risk_in_its_own_jurisdiction() -> None:
    state_law = event("mt", jurisdiction="US-MT", occurred_on=AS_OF - timedelta(days=10))
    federal_relief = event("delay", event_type="enforcement_delay", direction="relief")
    assert score(state_law, federal_relief) == score(state_law)


def test_relief_with_nothing_to_cut_changes_nothing() -> None:
    escalations = [
        event("mt", event_type="court_filing", jurisdiction="US-MT"),
        event("fed", event_type="executive_order", occurred_on=AS_OF - timedelta(days=9)),
        event("in", event_type="nationwide_ban", jurisdiction="IN"),
    ]
    early_relief = event(
        "r",
        event_type="injunction",
        direction="relief",
        jurisdiction="NP",
        occurred_on=AS_OF - timedelta(days=30),
    )
    assert score(early_relief, *escalations) == score(*escalations)


def test_many_events_of_one_type_saturate_below_the_type_cap() -> None:
    state_bans = [
        event(f"s{n}", event_type="government_device_ban", jurisdiction=f"US-S{n}")
        for n in range(60)
    ]
    cap = default_weights().event_types["government_device_ban"].cap
    assert score(*state_bans) < 100 * -math.expm1(-cap / default_weights().scale)


def test_contributions_are_signed_sorted_and_add_up_to_the_score() -> None:
    law = event("law", occurred_on=AS_OF - timedelta(days=60))
    ruling = event("ruling", event_type="court_ruling_against_app")
    filing = event("filing", event_type="court_filing", occurred_on=AS_OF - timedelta(days=3))
    relief = event("inj", event_type="injunction", direction="relief")
    result = score_app("tiktok", [filing, relief, law, ruling], AS_OF)
    points = [c.points for c in result.contributions]
    assert points == sorted(points, key=abs, reverse=True)
    assert {c.event_id for c in result.contributions if c.points < 0} == {"inj"}
    assert math.isclose(sum(points), result.score, abs_tol=4 * CONTRIBUTION_FLOOR)


def test_contribution_factors_multiply_to_its_raw_points() -> None:
    law = event(occurred_on=AS_OF - timedelta(days=100), credibility=2, source_count=2)
    (contribution,) = score_app("tiktok", [law], AS_OF).contributions
    factors = dict(contribution.factors)
    assert factors.pop("remaining_after_relief") == 1.0
    assert math.isclose(math.prod(factors.values()), contribution.raw)


def test_contribution_shows_the_share_left_by_later_relief_in_its_own_jurisdiction() -> None:
    law = event("law", occurred_on=AS_OF - timedelta(days=30))
    state_ban = event(
        "mt",
        event_type="government_device_ban",
        jurisdiction="US-MT",
        occurred_on=AS_OF - timedelta(days=30),
    )
    injunction = event(
        "inj", event_type="injunction", direction="relief", occurred_on=AS_OF - timedelta(days=10)
    )
    result = score_app("tiktok", [injunction, state_ban, law], AS_OF)
    factors = {c.event_id: c.factors for c in result.contributions}
    assert factors["law"]["remaining_after_relief"] == 1.0 - factors["inj"]["strength"]
    assert factors["mt"]["remaining_after_relief"] == 1.0


def test_trend_is_the_change_over_seven_and_thirty_days() -> None:
    law = event(occurred_on=AS_OF - timedelta(days=10))
    result = score_app("tiktok", [law], AS_OF)
    week_ago = score(law, as_of=AS_OF - timedelta(days=7))
    assert math.isclose(result.trend["7d"], result.score - week_ago)
    assert result.trend["30d"] == result.score  # nothing had happened thirty days earlier


def test_to_json_uses_iso_dates_and_the_agreed_keys() -> None:
    payload = score_app("tiktok", [event()], AS_OF).to_json()
    assert list(payload) == ["app", "as_of", "score", "level", "trend", "contributions"]
    assert payload["as_of"] == "2025-01-10"
    assert payload["contributions"][0]["occurred_on"] == "2025-01-10"
    assert payload["contributions"][0]["factors"]["severity"] == 55.0


def test_unknown_event_type_is_named() -> None:
    with pytest.raises(ValueError, match="event 'x' has unknown type 'meeting'"):
        score_app("tiktok", [event("x", event_type="meeting")], AS_OF)


def test_custom_weights_are_used() -> None:
    gentler = replace(default_weights(), scale=default_weights().scale * 2)
    assert score_app("tiktok", [event()], AS_OF, gentler).score < score(event())


def test_history_matches_scoring_each_day() -> None:
    events = [
        event("law", occurred_on=AS_OF - timedelta(days=40)),
        event("ruling", event_type="court_ruling_against_app", occurred_on=AS_OF - timedelta(2)),
        event("inj", event_type="injunction", direction="relief", occurred_on=AS_OF),
    ]
    since, until = AS_OF - timedelta(days=60), AS_OF + timedelta(days=30)
    history = score_history("tiktok", events, since, until)
    assert [point.day for point in history] == [
        since + timedelta(days=n) for n in range((until - since).days + 1)
    ]
    for point in history:
        assert math.isclose(point.score, score(*events, as_of=point.day), abs_tol=1e-9)


# The TikTok milestones of docs/scoring.md (curated, US-federal unless marked).
MILESTONES = [
    ("2020-08-06", "executive_order", "escalation", "Executive order 13942 on TikTok"),
    ("2020-08-14", "divestiture_order", "escalation", "Order to divest Musical.ly"),
    ("2020-09-18", "app_store_removal", "escalation", "Commerce bars TikTok from app stores"),
    ("2020-09-27", "injunction", "relief", "Court blocks the app store ban"),
    ("2021-06-09", "ban_lifted", "relief", "Executive orders revoked"),
    ("2024-03-13", "bill_passed", "escalation", "House passes the divest-or-ban bill"),
    ("2024-04-23", "bill_passed", "escalation", "Senate passes the divest-or-ban bill"),
    ("2024-04-24", "law_signed", "escalation", "Divest-or-ban law signed"),
    ("2024-12-06", "court_ruling_against_app", "escalation", "Appeals court upholds the law"),
    ("2025-01-17", "court_ruling_against_app", "escalation", "Supreme Court upholds the law"),
    ("2025-01-19", "nationwide_ban", "escalation", "TikTok goes dark in the US"),
    ("2025-01-20", "enforcement_delay", "relief", "Enforcement delayed 75 days"),
    ("2025-02-13", "ban_lifted", "relief", "TikTok back in app stores"),
]
TIMELINE = [
    event(
        f"m{n}",
        occurred_on=date.fromisoformat(day),
        event_type=kind,
        direction=direction,
        title=title,
        provenance="curated",
        source_count=1,
    )
    for n, (day, kind, direction, title) in enumerate(MILESTONES)
]


def level_on(day: str) -> str:
    return score_app("tiktok", TIMELINE, date.fromisoformat(day)).level


def test_worked_example_builds_up_to_high_the_week_before_the_ban() -> None:
    assert all(level_on(f"2025-01-{d:02d}") in ("high", "severe") for d in range(12, 19))


def test_worked_example_app_store_order_lands_at_high() -> None:
    assert level_on("2020-09-13") in ("high", "severe")


def test_worked_example_relief_lowers_the_score_the_day_it_lands() -> None:
    for day, _, direction, _ in MILESTONES:
        if direction == "relief":
            landed = date.fromisoformat(day)
            assert score(*TIMELINE, as_of=landed) < score(*TIMELINE, as_of=landed - timedelta(1))


def test_worked_example_is_low_a_year_after_the_last_escalation() -> None:
    assert level_on("2026-01-20") == "low"
    assert level_on("2023-06-01") == "low"
