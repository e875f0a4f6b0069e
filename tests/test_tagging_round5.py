"""Round-5 behaviour (version 5.0): the kinds of wording that the round-4 holdout showed missing.

Each case is a headline (and summary) written for this file in the style of an outlet, not copied
from a labelled file, and what the tagger must say about it. Only the fields a case names are
checked.
"""

from __future__ import annotations

from typing import Any

import pytest

from riskwatch.tagging import tag
from tests.test_tagging import case, check, named_apps

COURTS = [
    case("motion-to-dismiss-denied", "Judge denies Temu's motion to dismiss Kentucky's lawsuit",
         relevant=True, event_type="court_ruling_against_app", direction="escalation"),
    case("motion-to-dismiss-granted", "Court grants TikTok's motion to dismiss state claims",
         relevant=True, event_type="court_ruling_for_app", direction="relief"),
    case("case-goes-forward", "Judge lets Utah's TikTok lawsuit go forward",
         relevant=True, event_type="court_ruling_against_app", jurisdiction="US-UT"),
    case("case-revived", "Appeals court revives Arkansas suit against Temu",
         relevant=True, event_type="court_ruling_against_app"),
    case("private-case-revived", "Appeals court revives family's suit against TikTok",
         relevant=False),
    case("government-case-thrown-out", "Judge throws out Rokita's case against TikTok",
         relevant=True, event_type="court_ruling_for_app", jurisdiction="US-IN"),
    case("chinese-suit-rejected", "罗基塔起诉TikTok案遭驳回",
         relevant=True, event_type="court_ruling_for_app", jurisdiction="US-IN"),
    case("chinese-asks-court-to-suspend", "法国政府请求法院暂停Shein平台",
         relevant=True, event_type="court_filing", direction="escalation"),
    case("french-refuses-to-suspend", "Le tribunal refuse de suspendre Temu",
         relevant=True, event_type="court_ruling_for_app"),
    case("hearing-is-no-ruling", "TikTok and Texas argue over device ban in Austin court",
         relevant=False),
]

MEASURES = [
    case("ban-made-permanent", "印度将对PUBG的临时禁令改为永久封禁",
         relevant=True, event_type="nationwide_ban", direction="escalation"),
    case("numbered-bill-passes", "SB 419, the TikTok ban, clears Montana House", relevant=True,
         event_type="bill_passed"),
    case("chamber-backs-bill", "Senate backs TikTok divest-or-ban bill", relevant=True,
         event_type="bill_passed"),
    case("adversary-owned-class", "Governor signs law barring adversary-owned social media on "
         "state equipment", relevant=True, event_type="law_signed"),
    case("switch-off", "Regulator gives telecoms a week to switch off TikTok", relevant=True,
         event_type="nationwide_ban"),
    case("off-limits-for-civil-servants", "Messaging apps including WeChat off limits for civil "
         "servants", relevant=True, event_type="government_device_ban"),
    case("wind-up-order-in-chinese", "加拿大下令TikTok加拿大公司结业", relevant=True,
         event_type="divestiture_order"),
    case("french-block-ends", "Fin du blocage de TikTok", relevant=True, event_type="ban_lifted"),
    case("plural-noun-before-that", "New order scraps Temu and Shein bans that never took effect",
         relevant=True, event_type="ban_lifted", direction="relief"),
]

NOT_AN_ACTION = [
    case("opposes-a-ban", "Governor says he opposes a ban on TikTok", relevant=False),
    case("do-not-ban", "Senator: Don't ban TikTok, regulate it", relevant=False),
    case("failed-a-test-is-no-vote", "调查显示小红书未通过安全检测", relevant=False),
    case("shelves-are-no-delay", "Half-empty shelves are TikTok's newest trend", relevant=False),
    case("private-settlement", "Judge approves TikTok privacy settlement", relevant=False),
]


@pytest.mark.parametrize(("title", "summary", "expected"), COURTS + MEASURES + NOT_AN_ACTION)
def test_tags(title: str, summary: str, expected: dict[str, Any]) -> None:
    check(tag(title, summary), expected)


def test_an_app_whose_measure_stays_is_left_out_of_the_relief() -> None:
    tags = tag("Vietnam restores access to WeChat; Temu remains blocked")
    assert named_apps(tags) == {"wechat"}
    assert tags.direction == "relief"
