"""Folding items into events: the link rule, decisions, derived fields, order independence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskwatch.domain.events import (
    ClusterCandidate,
    Docket,
    Event,
    EventApp,
    ItemSignal,
)
from riskwatch.scoring.clustering import (
    WINDOW_DAYS,
    Create,
    Join,
    Merge,
    candidate_query,
    case_key,
    decide,
    derive_event,
    refresh_event,
)

DAY = date(2025, 1, 17)
TIKTOK = (EventApp("tiktok", "direct"),)


def signal(item_id: str, **overrides: object) -> ItemSignal:
    fields: dict[str, object] = dict(
        item_id=item_id,
        title="Supreme Court upholds TikTok ban",
        day=DAY,
        apps=TIKTOK,
        event_type="court_ruling_against_app",
        direction="escalation",
        jurisdiction="US-federal",
        credibility=2,
        source_id=f"outlet-{item_id}",
    )
    fields.update(overrides)
    return ItemSignal(**fields)  # type: ignore[arg-type]


def ingested(event_id: str, *members: ItemSignal) -> ClusterCandidate:
    return ClusterCandidate(derive_event(event_id, members), members)


def curated(event_id: str = "c1", **overrides: object) -> Event:
    fields: dict[str, object] = dict(
        id=event_id,
        event_type="court_ruling_against_app",
        direction="escalation",
        jurisdiction="US-federal",
        occurred_on=DAY,
        title="Supreme Court upholds the divest-or-ban law in TikTok v. Garland",
        apps=TIKTOK,
        source_count=2,
        credibility=1,
        provenance="curated",
    )
    fields.update(overrides)
    return Event(**fields)  # type: ignore[arg-type]


# --- the link rule, through decide() -------------------------------------------------------


def test_same_day_report_with_different_wording_joins() -> None:
    existing = ingested("e1", signal("1"))
    late = signal("2", title="Justices side with the government over TikTok")
    assert decide(late, [existing]) == Join("e1")


@pytest.mark.parametrize(
    "difference",
    [
        pytest.param({"jurisdiction": "US-MT"}, id="other jurisdiction"),
        pytest.param({"direction": "relief"}, id="other direction"),
        pytest.param({"event_type": "court_filing"}, id="other event type"),
        pytest.param({"apps": (EventApp("wechat", "direct"),)}, id="no app in common"),
        pytest.param({"jurisdiction": None}, id="unknown jurisdiction is not a wildcard"),
        pytest.param({"day": DAY + timedelta(days=WINDOW_DAYS + 1)}, id="outside the window"),
    ],
)
def test_item_that_differs_in_a_key_field_starts_its_own_event(difference: dict) -> None:
    existing = ingested("e1", signal("1"))
    assert decide(signal("2", **difference), [existing]) == Create()


def test_sharing_any_app_is_enough_so_class_reports_meet_named_ones() -> None:
    named = ingested("e1", signal("1", apps=(EventApp("tiktok", "direct"),)))
    by_class = signal(
        "2", apps=(EventApp("tiktok", "class"), EventApp("wechat", "class")), title="TikTok ban"
    )
    assert decide(by_class, [named]) == Join("e1")


@pytest.mark.parametrize(
    ("title", "gap", "joins"),
    [
        pytest.param("TikTok ruling: justices side with Congress", 0, True, id="0.2 same day"),
        pytest.param("TikTok ruling: justices side with Congress", 1, False, id="0.2 a day apart"),
        pytest.param("Justices uphold TikTok law unanimously", 2, True, id="0.4 two days apart"),
        pytest.param("Justices uphold TikTok law unanimously", 3, False, id="0.4 three days"),
        pytest.param("Justices uphold TikTok ban", 3, True, id="0.75 three days apart"),
    ],
)
def test_similarity_needed_grows_with_the_gap(title: str, gap: int, joins: bool) -> None:
    existing = ingested("e1", signal("1", title="Supreme Court upholds TikTok ban"))
    later = signal("2", title=title, day=DAY + timedelta(days=gap))
    assert decide(later, [existing]) == (Join("e1") if joins else Create())


def test_chinese_headlines_are_compared_by_character_pairs() -> None:
    existing = ingested("e1", signal("1", title="美国最高法院维持TikTok禁令"))
    same = signal("2", title="最高法院维持TikTok禁令", day=DAY + timedelta(days=2))
    assert decide(same, [existing]) == Join("e1")


def test_late_item_dated_before_its_event_joins_it() -> None:
    existing = ingested("e1", signal("1"), signal("2", day=DAY + timedelta(days=1)))
    late = signal("3", day=DAY - timedelta(days=2), title="Supreme Court set to uphold TikTok ban")
    assert decide(late, [existing]) == Join("e1")


def test_candidates_the_item_does_not_link_to_are_ignored() -> None:
    unrelated = ingested("e1", signal("1", title="Montana TikTok law", jurisdiction="US-MT"))
    assert decide(signal("2"), [unrelated]) == Create()


# --- dockets --------------------------------------------------------------------------------


def test_case_key_ignores_division_padding_and_judge_initials() -> None:
    assert case_key(Docket("D.D.C.", "1:24-cv-00147-ABC")) == case_key(Docket("ddc", "24-cv-147"))


def test_case_key_tells_courts_apart() -> None:
    assert case_key(Docket("cadc", "24-1113")) != case_key(Docket("ca9", "24-1113"))


def test_entries_of_one_case_join_whatever_their_wording() -> None:
    docket = Docket("cadc", "24-1113")
    existing = ingested("e1", signal("1", title="ORDER filed", docket=docket))
    entry = signal("2", title="Per curiam judgment", day=DAY + timedelta(days=2), docket=docket)
    assert decide(entry, [existing]) == Join("e1")


def test_entries_of_different_cases_never_join() -> None:
    existing = ingested("e1", signal("1", docket=Docket("cadc", "24-1113")))
    other_case = signal("2", docket=Docket("cadc", "24-1130"))
    assert decide(other_case, [existing]) == Create()


def test_event_carries_its_case_key_for_the_case_thread() -> None:
    event = derive_event("e1", [signal("1", docket=Docket("cadc", "24-1113"))])
    assert event.case_key == "cadc:24-1113"


# --- merging and curated anchors ------------------------------------------------------------


def test_item_bridging_two_events_merges_them_into_the_oldest() -> None:
    earlier = ingested("e2", signal("1", day=DAY - timedelta(days=2)))
    later = ingested("e1", signal("2", day=DAY + timedelta(days=2)))
    bridge = signal("3")
    assert decide(bridge, [later, earlier]) == Merge(into="e2", event_ids=("e1", "e2"))


def test_item_matching_a_curated_event_joins_it() -> None:
    anchor = ClusterCandidate(curated(), ())
    assert decide(signal("1", day=DAY + timedelta(days=1)), [anchor]) == Join("c1")


def test_bridge_between_curated_and_ingested_merges_into_the_curated() -> None:
    anchor = ClusterCandidate(curated(), ())
    stray = ingested("e1", signal("1", day=DAY + timedelta(days=3)))
    bridge = signal("2", day=DAY + timedelta(days=1))
    assert decide(bridge, [stray, anchor]) == Merge(into="c1", event_ids=("c1", "e1"))


def test_two_curated_events_are_never_merged_the_nearer_one_wins() -> None:
    near = ClusterCandidate(curated("c1"), ())
    far = ClusterCandidate(curated("c2", occurred_on=DAY + timedelta(days=3)), ())
    assert decide(signal("1", day=DAY + timedelta(days=1)), [far, near]) == Join("c1")


def test_curated_date_title_and_apps_survive_members_and_refresh_is_idempotent() -> None:
    anchor = curated()
    members = [
        signal("1", day=DAY - timedelta(days=1), credibility=1, title="Early docket note"),
        signal("2", apps=(EventApp("capcut", "owner"),)),
    ]
    refreshed = refresh_event(anchor, members)
    assert (refreshed.occurred_on, refreshed.title) == (anchor.occurred_on, anchor.title)
    assert refreshed.apps == anchor.apps
    assert refreshed.credibility == 1
    assert refreshed.reported_span == (DAY - timedelta(days=1), DAY)
    assert refresh_event(refreshed, members) == refreshed


# --- derived fields -------------------------------------------------------------------------


def test_date_and_title_come_from_the_best_tier_earliest_report() -> None:
    members = [
        signal("1", day=DAY - timedelta(days=1), credibility=3, title="Aggregator guess"),
        signal("2", day=DAY + timedelta(days=1), credibility=1, title="Court: judgment"),
        signal("3", day=DAY, credibility=2, title="Outlet report"),
    ]
    event = derive_event("e1", members)
    assert (event.occurred_on, event.title, event.credibility) == (
        DAY + timedelta(days=1),
        "Court: judgment",
        1,
    )
    assert event.reported_span == (DAY - timedelta(days=1), DAY + timedelta(days=1))


def test_source_count_counts_distinct_outlets() -> None:
    members = [signal("1", source_id="ap"), signal("2", source_id="ap"), signal("3")]
    assert derive_event("e1", members).source_count == 2


def test_each_app_keeps_its_most_direct_mention() -> None:
    members = [
        signal("1", apps=(EventApp("tiktok", "class"), EventApp("wechat", "class"))),
        signal("2", apps=(EventApp("tiktok", "direct"),)),
    ]
    assert derive_event("e1", members).apps == (
        EventApp("tiktok", "direct"),
        EventApp("wechat", "class"),
    )


def test_candidate_query_admits_curated_events_whatever_their_apps() -> None:
    wechat_item = signal("1", apps=(EventApp("wechat", "direct"),))
    assert candidate_query(wechat_item).admits(curated())
    assert not candidate_query(wechat_item).admits(derive_event("e1", [signal("2")]))


def test_item_reaches_a_curated_event_through_a_member_naming_another_app() -> None:
    member = signal("1", apps=(EventApp("tiktok", "direct"), EventApp("wechat", "direct")))
    anchor = ClusterCandidate(refresh_event(curated(), [member]), (member,))
    wechat_item = signal("2", apps=(EventApp("wechat", "direct"),))
    assert decide(wechat_item, [anchor]) == Join("c1")


def test_candidate_query_admits_an_event_reported_within_the_window() -> None:
    event = derive_event("e1", [signal("1", day=DAY - timedelta(days=WINDOW_DAYS))])
    assert candidate_query(signal("2")).admits(event)
    assert not candidate_query(signal("3", day=DAY + timedelta(days=1))).admits(event)


# --- order independence ---------------------------------------------------------------------


class ReferenceStore:
    """The smallest store that drives the API as a real one would: query, decide, apply, refresh."""

    def __init__(self, anchors: tuple[Event, ...]) -> None:
        self.events = {anchor.id: anchor for anchor in anchors}
        self.members: dict[str, list[ItemSignal]] = {anchor.id: [] for anchor in anchors}
        self.created = 0

    def ingest(self, item: ItemSignal) -> None:
        query = candidate_query(item)
        candidates = [
            ClusterCandidate(event, tuple(self.members[event.id]))
            for event in self.events.values()
            if query.admits(event)
        ]
        match decide(item, candidates):
            case Create():
                self.created += 1
                target = f"e{self.created}"
                self.members[target] = [item]
                self.events[target] = derive_event(target, [item])
                return
            case Join(event_id=target):
                self.members[target].append(item)
            case Merge(into=target, event_ids=event_ids):
                for absorbed in event_ids:
                    if absorbed != target:
                        self.members[target] += self.members.pop(absorbed)
                        del self.events[absorbed]
                self.members[target].append(item)
        self.events[target] = refresh_event(self.events[target], self.members[target])

    def outcome(self) -> set[tuple[frozenset[str], Event]]:
        """Each event's member item ids with its derived fields; ingested ids depend on the
        order of creation, so they are blanked."""
        return {
            (
                frozenset(m.item_id for m in self.members[event_id]),
                event if event.provenance == "curated" else replace(event, id=""),
            )
            for event_id, event in self.events.items()
        }


WORDS = ["tiktok", "ban", "court", "upholds", "law", "senate", "passes", "signs"]
DOCKETS = [None, None, None, Docket("cadc", "24-1113"), Docket("D.D.C.", "1:24-cv-00001-X")]
APP_MENTIONS = [
    (EventApp("tiktok", "direct"),),
    (EventApp("tiktok", "direct"),),
    (EventApp("capcut", "owner"),),
    (EventApp("tiktok", "class"), EventApp("wechat", "class")),
    (EventApp("wechat", "direct"),),
]


@st.composite
def signals(draw: st.DrawFn) -> list[ItemSignal]:
    count = draw(st.integers(min_value=1, max_value=14))
    return [
        ItemSignal(
            item_id=f"i{n}",
            title=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))),
            day=DAY + timedelta(days=draw(st.integers(min_value=0, max_value=9))),
            apps=draw(st.sampled_from(APP_MENTIONS)),
            event_type=draw(st.sampled_from(["law_signed", "law_signed", "court_filing"])),
            direction="escalation",
            jurisdiction=draw(st.sampled_from(["US-federal", "US-federal", None])),
            credibility=draw(st.integers(min_value=1, max_value=3)),
            source_id=draw(st.sampled_from(["ap", "reuters", "docket", "blog"])),
            docket=draw(st.sampled_from(DOCKETS)),
        )
        for n in range(count)
    ]


anchors = st.sampled_from(
    [
        (),
        (curated(event_type="law_signed", title="Biden signs TikTok law"),),
        (curated(event_type="court_filing", jurisdiction=None, title="TikTok court filing"),),
    ]
)


def ingest_all(anchor_events: tuple[Event, ...], items: list[ItemSignal]) -> set:
    store = ReferenceStore(anchor_events)
    for item in items:
        store.ingest(item)
    return store.outcome()


def test_bridged_reports_form_one_event_in_every_arrival_order() -> None:
    items = [signal(str(n), day=DAY + timedelta(days=2 * n)) for n in range(3)]
    outcomes = [ingest_all((), list(order)) for order in permutations(items)]
    assert all(outcome == outcomes[0] for outcome in outcomes)
    assert [members for members, _ in outcomes[0]] == [frozenset({"0", "1", "2"})]


@settings(max_examples=300, deadline=None)
@given(anchors, signals(), st.data())
def test_any_arrival_order_gives_the_same_events(
    anchor_events: tuple[Event, ...], items: list[ItemSignal], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(items))
    assert ingest_all(anchor_events, shuffled) == ingest_all(anchor_events, items)


@settings(max_examples=200, deadline=None)
@given(anchors, signals())
def test_reingesting_an_item_never_creates_a_duplicate_event(
    anchor_events: tuple[Event, ...], items: list[ItemSignal]
) -> None:
    store = ReferenceStore(anchor_events)
    for item in items:
        store.ingest(item)
    before = len(store.events)
    for item in items:
        late_copy = replace(item, item_id=f"{item.item_id}-late", source_id="late-feed")
        query = candidate_query(late_copy)
        candidates = [
            ClusterCandidate(event, tuple(store.members[event.id]))
            for event in store.events.values()
            if query.admits(event)
        ]
        assert isinstance(decide(late_copy, candidates), Join)
    assert len(store.events) == before
