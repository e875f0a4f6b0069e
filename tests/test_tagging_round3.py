"""Round-3 behaviour (version 3.0): the kinds of wording that the round-2 holdout showed missing.

Each case is a headline (and summary) written for this file in the style of an outlet, not copied
from a labelled file, and what the tagger must say about it. Only the fields a case names are
checked.
"""

from __future__ import annotations

from typing import Any

import pytest

from riskwatch.tagging import tag
from riskwatch.tagging.normalise import fold
from tests.test_tagging import case, check

TRADITIONAL_CHINESE = [
    case("traditional-fine", "歐盟對TikTok開罰3.45億歐元",
         relevant=True, event_type="fine", jurisdiction="EU"),
    case("traditional-return", "TikTok重回蘋果應用商店",
         relevant=True, event_type="ban_lifted", direction="relief"),
    case("traditional-state-attorney-general", "北卡州檢察長起訴Temu 指其竊取用戶資料",
         relevant=True, event_type="court_filing", jurisdiction="US-NC"),
    case("traditional-state-name", "猶他州起訴TikTok 指其危害兒童",
         relevant=True, event_type="court_filing", jurisdiction="US-UT"),
    case("us-shortened-before-an-institution", "美參議院通過援外法案 含TikTok剝離條款",
         relevant=True, event_type="bill_passed", jurisdiction="US-federal"),
    case("us-judge-is-a-forum", "美國法官暫時阻止蒙大拿州TikTok禁令生效",
         relevant=True, event_type="injunction", jurisdiction="US-MT"),
    case("court-rejects-the-state-suit", "猶他州法院駁回州檢察長對TikTok的訴訟",
         relevant=True, event_type="court_ruling_for_app", jurisdiction="US-UT"),
    case("ruled-unconstitutional-in-chinese", "法院裁定蒙大拿州TikTok禁令違憲",
         relevant=True, event_type="court_ruling_for_app", direction="relief"),
    case("state-government-devices", "德州州長下令州政府設備禁用小紅書",
         relevant=True, event_type="government_device_ban", jurisdiction="US-TX"),
    case("downloads-suspended-in-chinese", "韓國監管機構：DeepSeek暫停在韓國下載",
         relevant=True, event_type="app_store_removal", jurisdiction="KR"),
]

STATEMENTS_AND_COMMENT = [
    case("chinese-commentary-prefix", "評論：美國封殺TikTok是霸凌", relevant=False),
    case("chinese-expert-prefix", "專家：TikTok禁令恐難執行", relevant=False),
    case("chinese-spokesman-will", "TikTok發言人：將在法庭上挑戰禁令", relevant=False),
    case("denied-order", "No order to lift WeChat block, ministry says",
         "Officials dismissed reports that the ban had been lifted.", relevant=False),
    case("ban-would-only", "Trump says a TikTok ban would only help Facebook", relevant=False),
    case("judges-leaning", "Justices appear skeptical of TikTok's arguments",
         "The court heard the challenge to the divest-or-ban law; a ruling is expected soon.",
         relevant=False),
    case("market-reacts-to-an-action", "Tencent shares fall after Trump bans WeChat",
         relevant=True, event_type="nationwide_ban", jurisdiction="US-federal"),
    case("market-reacts-to-something-general",
         "Kuaishou stock slides as Beijing tightens rules on livestreaming", relevant=False),
]

STAGES_AND_MEASURES = [
    case("signs-off-is-a-vote", "Kansas Senate signs off on DeepSeek device ban",
         relevant=True, event_type="bill_passed", jurisdiction="US-KS"),
    case("into-law", "Ban on TikTok for federal phones rides spending bill into law",
         relevant=True, event_type="law_signed"),
    case("is-now-state-law", "DeepSeek device ban is now Virginia law",
         relevant=True, event_type="law_signed", jurisdiction="US-VA"),
    case("numbered-bill", "H.R. 2211 — No DeepSeek on Government Devices Act",
         relevant=True, event_type="bill_introduced"),
    case("bill-with-or-else", "美眾議員提案 要求字節跳動出售TikTok否則下架",
         relevant=True, event_type="bill_introduced", jurisdiction="US-federal"),
    case("filing-a-challenge-is-a-suit",
         "Creators file their own challenge to Montana's TikTok law",
         relevant=True, event_type="court_filing"),
    case("parting-order", "Alipay caught in Biden's parting order", relevant=True,
         event_type="executive_order"),
    case("complaint-referred", "FTC refers Temu complaint to Justice Department",
         relevant=True, event_type="investigation", jurisdiction="US-federal"),
    case("attorney-general-complaint-in-summary", "Platkin: Temu misled New Jersey shoppers",
         "The attorney general's complaint alleges the app hid fees.",
         relevant=True, event_type="court_filing", jurisdiction="US-NJ"),
    case("regulator-temporarily-blocks-an-app", "PTA suspends Bigo Live",
         "The regulator temporarily blocked the app over complaints.",
         relevant=True, event_type="nationwide_ban", direction="escalation"),
    case("court-temporarily-blocks-a-ban", "Montana TikTok ban temporarily blocked",
         relevant=True, event_type="injunction", direction="relief"),
    case("not-authorised-on-devices", "DeepSeek not authorized on House devices, staff told",
         relevant=True, event_type="government_device_ban"),
]

STORES_AND_RELIEF = [
    case("cannot-be-downloaded", "DeepSeek can't be downloaded in South Korea anymore",
         relevant=True, event_type="app_store_removal", jurisdiction="KR"),
    case("downloads-were-suspended", "Bigo Live downloads were suspended in India",
         relevant=True, event_type="app_store_removal"),
    case("off-the-store-to-comply", "Apple: CapCut off the US App Store to comply with law",
         relevant=True, event_type="app_store_removal"),
    case("stores-may-not-offer", "美国商务部：应用商店不得提供微信",
         relevant=True, event_type="app_store_removal", jurisdiction="US-federal"),
    case("one-more-week", "Commerce gives ByteDance one more week on TikTok sale",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("far-more-than-a-week-is-no-period", "Shein raises prices far more than a week ago",
         relevant=False),
    case("order-blesses-spinoff", "White House order blesses TikTok's US spinoff",
         relevant=True, direction="relief"),
    case("downloadable-again", "TikTok can be downloaded again after Trump assurances",
         relevant=True, event_type="ban_lifted"),
    case("lets-back", "Italy's Garante lets DeepSeek back after changes",
         relevant=True, event_type="ban_lifted", jurisdiction="IT"),
    case("lets-return", "India lets PUBG Mobile return after three-year ban",
         relevant=True, event_type="ban_lifted", jurisdiction="IN"),
    case("shutdown-delayed", "Trump again delays TikTok shutdown",
         relevant=True, event_type="enforcement_delay"),
    case("put-on-ice", "TikTok ban enforcement put on ice for 75 days",
         relevant=True, event_type="enforcement_delay"),
    case("judge-pauses", "Judge pauses Texas TikTok device ban for professors",
         relevant=True, event_type="injunction", jurisdiction="US-TX"),
]

WHO_ACTS = [
    case("company-bars-its-staff", "Samsung bars staff from using DeepSeek", relevant=False),
    case("company-clears-work-phones", "Bank tells some staff to delete TikTok from work phones",
         relevant=False),
    case("agency-bars-its-staff", "NASA bars staff from using DeepSeek",
         relevant=True, event_type="government_device_ban", jurisdiction="US-federal"),
    case("company-us-operator-is-no-government",
         "Temu's US operator takes Shein to court in Boston", relevant=False),
    case("siding-with-creators-then-halting", "Judge sides with TikTok creators, halts Montana law",
         relevant=True, direction="relief", jurisdiction="US-MT"),
    case("deputies-of-a-country", "French MPs' inquiry brands TikTok a danger",
         jurisdiction="FR"),
    case("place-that-describes-a-person", "Taiwan-born lawmaker's bill would ban TikTok",
         relevant=True, jurisdiction=None),
    case("taiwan-spelling-of-a-country", "義大利封鎖DeepSeek", relevant=True, jurisdiction="IT"),
    case("state-without-zhou", "犹他起诉TikTok", relevant=True, jurisdiction="US-UT"),
    case("settlement-in-chinese", "猶他州與Temu達成和解", relevant=True, event_type="fine"),
    case("apps-go-offline", "Lemon8 and CapCut go offline in US along with TikTok",
         relevant=True, event_type="nationwide_ban"),
    case("committee-recommends", "Senate committee recommends WeChat restrictions",
         relevant=False),
    case("class-by-links", "India blocks 40 more apps with China links",
         relevant=True, via="class"),
]


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    TRADITIONAL_CHINESE + STATEMENTS_AND_COMMENT + STAGES_AND_MEASURES + STORES_AND_RELIEF
    + WHO_ACTS,
)
def test_tags(title: str, summary: str, expected: dict[str, Any]) -> None:
    check(tag(title, summary), expected)


def test_traditional_characters_fold_to_simplified() -> None:
    assert fold("開罰 重回 北卡州檢察長") == fold("开罚 重回 北卡州检察长")
    assert fold("TikTok禁令") == " tiktok 禁 令 "


def test_a_denial_says_so() -> None:
    assert "denied:'no order to unblock'@title" in tag(
        "No order to unblock TikTok, sources say", "Reports that the ban was lifted are false."
    ).evidence
