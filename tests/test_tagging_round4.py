"""Round-4 behaviour (version 4.0): the kinds of wording that the round-3 holdout showed missing.

Each case is a headline (and summary) written for this file in the style of an outlet, not copied
from a labelled file, and what the tagger must say about it. Only the fields a case names are
checked.
"""

from __future__ import annotations

from typing import Any

import pytest

from riskwatch.tagging import tag
from tests.test_tagging import case, check, named_apps

WHO_WON_IN_COURT = [
    case("state-loses-bid", "Arkansas loses bid to revive its TikTok suit",
         relevant=True, event_type="court_ruling_for_app", direction="relief"),
    case("department-loses-appeal", "Justice Department loses appeal over WeChat order",
         relevant=True, event_type="court_ruling_for_app", direction="relief"),
    case("state-suffers-setback", "State suffers setback in TikTok case",
         "A county judge tossed two of the attorney general's claims against the app.",
         relevant=True, event_type="court_ruling_for_app", direction="relief"),
    case("app-loses-appeal", "TikTok loses appeal against Nepal ban",
         relevant=True, event_type="court_ruling_against_app", direction="escalation"),
    case("company-loses-court-fight", "ByteDance loses EU court fight over gatekeeper label",
         relevant=True, event_type="court_ruling_against_app", apps={"tiktok"}),
    case("court-keeps-the-measure", "Court declines to suspend Nepal's TikTok ban",
         relevant=True, event_type="court_ruling_against_app", direction="escalation"),
    case("court-keeps-the-app", "Judge refuses to suspend TikTok while the case goes on",
         relevant=True, event_type="court_ruling_for_app", direction="relief"),
    case("asking-to-strike-down", "Creators ask court to overturn Montana TikTok law",
         relevant=True, event_type="court_filing", direction="escalation"),
    case("chinese-request-rejected", "上诉法院驳回司法部请求 TikTok禁令仍被冻结",
         relevant=True, event_type="court_ruling_for_app", direction="relief"),
    case("chinese-freeze", "法官暂时冻结TikTok禁令",
         relevant=True, event_type="injunction", direction="relief"),
    case("chinese-lost-in-court", "字节跳动在欧盟普通法院败诉",
         relevant=True, event_type="court_ruling_against_app"),
]

STAGES_AND_ORDERS = [
    case("its-law", "It's law: Virginia bans TikTok on state devices",
         relevant=True, event_type="law_signed"),
    case("agency-will-not-enforce", "Commerce says it will not enforce WeChat ban for now",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("president-orders", "President orders ban on WeChat transactions",
         relevant=True, event_type="executive_order"),
    case("order-bars", "Order bars dealings with WeChat after 45 days",
         relevant=True, event_type="executive_order"),
    case("device-ban-in-a-law", "Governor bans TikTok on state phones",
         "The measure was signed into law on Tuesday and takes effect in July.",
         relevant=True, event_type="law_signed"),
    case("possible-extension-is-no-delay", "Sale-or-ban bill signed",
         "ByteDance has nine months to sell TikTok, with a possible 90-day extension.",
         relevant=True, event_type="law_signed"),
    case("office-closed-in-chinese", "加拿大下令关闭TikTok办事处",
         relevant=True, event_type="divestiture_order", jurisdiction="CA"),
]

NOT_AN_ACTION_ON_OUR_APPS = [
    case("platforms-listed-with-others", "Parliament passes online safety law",
         "Platforms such as TikTok, YouTube and Instagram must verify users' ages.",
         relevant=False),
    case("presumed-target", "Assembly adopts bill on fast-fashion advertising",
         "Temu is widely seen as the target of the levy.", relevant=False),
    case("own-account", "Ministry deletes its TikTok account after security warning",
         "The account had posted tourism videos since 2022 and was shut on Friday.",
         relevant=False),
    case("own-channel", "City council closes WeChat channel",
         "The channel was closed after residents complained.", relevant=False),
    case("company-networks", "Banks block DeepSeek on corporate networks", relevant=False),
    case("fbi-is-no-investigation", "联邦调查局：TikTok存在安全风险", relevant=False),
]

NAMES_AND_PLACES = [
    case("market-word-after-the-action", "Nebraska files lawsuit saying Temu shares data",
         relevant=True, event_type="court_filing", jurisdiction="US-NE"),
    case("french-fine", "La CNIL inflige une amende à Shein",
         relevant=True, event_type="fine", jurisdiction="FR"),
    case("vanish-from-stores", "Temu apps vanish from Vietnamese app stores",
         relevant=True, event_type="app_store_removal"),
    case("shareit-in-chinese", "印度封禁茄子快传等应用", relevant=True, apps={"shareit"}),
    case("territory-of-france", "TikTok unblocked in New Caledonia", relevant=True,
         event_type="ban_lifted", jurisdiction="FR"),
    case("berlin-in-chinese", "柏林数据保护专员要求下架DeepSeek", relevant=True,
         jurisdiction="DE"),
]


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    WHO_WON_IN_COURT + STAGES_AND_ORDERS + NOT_AN_ACTION_ON_OUR_APPS + NAMES_AND_PLACES,
)
def test_tags(title: str, summary: str, expected: dict[str, Any]) -> None:
    check(tag(title, summary), expected)


def test_a_company_named_alone_stands_for_its_flagship() -> None:
    tags = tag("Regulator fines Alibaba over merchant exclusivity")
    assert named_apps(tags) == {"taobao"}
    assert {app.via for app in tags.apps if app.slug != "taobao"} == {"owner"}
