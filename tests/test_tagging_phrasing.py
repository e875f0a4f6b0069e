"""Round-2 behaviour: the ways outlets phrase each event that round 1 missed.

Each case is a headline (and summary) written for this file, in the style of a wire story, a local
paper, a press release, a court docket or a Chinese-language outlet, and what the tagger must say
about it. Only the fields a case names are checked.
"""

from __future__ import annotations

from typing import Any

import pytest

from riskwatch.tagging import tag
from tests.test_tagging import case, check

GOVERNMENTS_NAMED_BY_A_PERSON_OR_OFFICE = [
    case("attorney-general-by-surname", "AG Skrmetti files suit against TikTok over teen harms",
         relevant=True, event_type="court_filing", jurisdiction="US-TN"),
    case("attorney-general-spelled-out-with-surname",
         "Attorney General Uthmeier subpoenas Shein over data practices",
         relevant=True, event_type="investigation", jurisdiction="US-FL"),
    case("governor-abbreviated", "Gov. Pillen orders state agencies to drop TikTok",
         relevant=True, event_type="government_device_ban", jurisdiction="US-NE"),
    case("governor-spelled-out", "Governor Stitt bans TikTok from state devices",
         relevant=True, event_type="government_device_ban", jurisdiction="US-OK"),
    case("distinctive-surname-alone", "Knudsen takes TikTok to court over child safety",
         relevant=True, event_type="court_filing", jurisdiction="US-MT"),
    case("former-officeholder",
         "Schmidt sues TikTok, alleging it hides mature content from parents",
         "The Kansas attorney general filed the lawsuit in state court.",
         relevant=True, event_type="court_filing", jurisdiction="US-KS"),
    case("district-of-columbia", "District of Columbia sues Temu over deceptive pricing",
         relevant=True, event_type="court_filing", jurisdiction="US-DC"),
    case("whitehall-metonym", "Whitehall tells ministers to delete TikTok from work phones",
         relevant=True, event_type="government_device_ban", jurisdiction="GB"),
    case("number-ten", "Downing Street bars TikTok on government phones",
         relevant=True, event_type="government_device_ban", jurisdiction="GB"),
    case("brussels-as-subject", "Brussels opens formal proceedings against Temu",
         relevant=True, event_type="investigation", jurisdiction="EU"),
    case("the-commission-as-actor", "Commission fines AliExpress under the Digital Services Act",
         relevant=True, event_type="fine", jurisdiction="EU"),
    case("canberra-metonym", "Canberra orders DeepSeek off government systems",
         relevant=True, event_type="government_device_ban", jurisdiction="AU"),
    case("indian-ministry-acronym", "MeitY blocks 119 more Chinese apps",
         relevant=True, via="class", event_type="nationwide_ban", jurisdiction="IN"),
    case("head-of-government", "Albanese government strips TikTok from official devices",
         relevant=True, event_type="government_device_ban", jurisdiction="AU"),
    case("accented-name", "Champagne orders TikTok Technology Canada to wind up",
         "François-Philippe Champagne cited national security under the Investment Canada Act.",
         relevant=True, event_type="divestiture_order", jurisdiction="CA"),
    case("case-caption-names-the-government",
         "TikTok Inc. v. Garland: justices uphold the divest-or-ban law",
         relevant=True, event_type="court_ruling_against_app", jurisdiction="US-federal"),
    case("currency-points-to-the-regulator", "Alipay owner fined 7 billion yuan",
         relevant=True, event_type="fine", jurisdiction="CN"),
    case("city-hall-coded-to-its-state", "Mayor Adams bans TikTok on New York City devices",
         relevant=True, event_type="government_device_ban", jurisdiction="US-NY"),
]

RELIEF_PHRASING = [
    case("access-restored", "Access to TikTok restored in Kyrgyzstan",
         relevant=True, event_type="ban_lifted", direction="relief", jurisdiction="KG"),
    case("restores-app-access", "Regulator restores app access for WeChat users",
         relevant=True, event_type="ban_lifted", direction="relief"),
    case("unblock-infinitive", "Court tells telecom regulator to unblock Likee",
         relevant=True, direction="relief"),
    case("unblocking-ordered", "Government orders unblocking of PUBG Mobile after talks",
         relevant=True, event_type="ban_lifted", direction="relief"),
    case("downloadable-again", "DeepSeek downloadable again in South Korea",
         relevant=True, event_type="ban_lifted", direction="relief", jurisdiction="KR"),
    case("back-on-app-stores", "TikTok is back on US app stores",
         relevant=True, event_type="ban_lifted", direction="relief"),
    case("returns-to-play-store", "Temu returns to Google Play in Vietnam",
         relevant=True, event_type="ban_lifted", direction="relief", jurisdiction="VN"),
    case("restrictions-lifted", "Islamabad lifts restrictions on Bigo Live",
         relevant=True, event_type="ban_lifted", direction="relief", jurisdiction="PK"),
    case("block-lifted-passive", "TikTok block in New Caledonia has been lifted",
         relevant=True, event_type="ban_lifted", direction="relief"),
    case("reinstated", "PUBG Mobile reinstated after three-month suspension in Nepal",
         relevant=True, event_type="ban_lifted", direction="relief", jurisdiction="NP"),
    case("ban-overturned-by-government", "Government reverses decision to block Shein",
         relevant=True, event_type="ban_lifted", direction="relief"),
    case("enforcement-halted", "Justice Department halts enforcement of TikTok law",
         relevant=True, direction="relief"),
    case("deadline-pushed", "Trump extends deadline for TikTok sale again",
         relevant=True, event_type="enforcement_delay", direction="relief",
         jurisdiction="US-federal"),
    case("deadline-extension-granted", "TikTok granted another extension on divestiture deadline",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("enforcement-pauses", "White House pauses TikTok ban for 75 days",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("stay-denied-keeps-relief", "Appeals court refuses government's bid to revive WeChat ban",
         relevant=True, event_type="court_ruling_for_app", direction="relief"),
    case("government-request-turned-down",
         "Judge turns down Justice Department's motion in WeChat case",
         relevant=True, direction="relief"),
    case("order-stays-on-hold", "Commerce restrictions on WeChat remain on hold after ruling",
         relevant=True, direction="relief"),
    case("likely-unconstitutional", "Judge finds Montana's TikTok ban likely unconstitutional",
         relevant=True, event_type="injunction", direction="relief", jurisdiction="US-MT"),
    case("bars-enforcement", "Federal judge bars Commerce from enforcing WeChat restrictions",
         relevant=True, event_type="injunction", direction="relief"),
    case("chinese-lifted", "尼泊尔政府解除TikTok禁令",
         relevant=True, event_type="ban_lifted", direction="relief", jurisdiction="NP"),
    case("chinese-restored", "印尼恢复TikTok Shop营业",
         relevant=True, event_type="ban_lifted", direction="relief", jurisdiction="ID"),
    case("chinese-enforcement-paused", "美国司法部暂停执行TikTok禁令",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("chinese-deadline-extended-again", "特朗普再次延长TikTok出售期限",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("chinese-postponed", "TikTok禁令延期执行",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("chinese-back-on-shelves", "小红书重新上架苹果应用商店",
         relevant=True, event_type="ban_lifted", direction="relief"),
]

THE_APP_ACTS_ITSELF = [
    case("product-shuts-down", "TikTok Now shuts down worldwide", relevant=False),
    case("feature-paused", "TikTok Live pauses gifting in Kenya", relevant=False),
    case("company-closes-a-market", "Temu to wind down operations in Argentina",
         "The company said it was a business decision.", relevant=False),
    case("voluntary-suspension", "Shein halts sales in Vietnam for system upgrade",
         "The retailer voluntarily suspended its local site.", relevant=False),
    case("app-rolls-out-rules", "Weibo to require real names for big accounts",
         "The platform will curb rumours with the new rule.", relevant=False),
    case("hypothetical", "Creators line up backup plans in case TikTok is banned",
         relevant=False),
    case("says-he-will-with-contraction", "Trump says he'll extend TikTok deadline again",
         relevant=False),
    case("explainer-question", "What is the divest-or-ban law, and what happens to TikTok?",
         relevant=False),
    case("market-news", "Tencent shares fall as Beijing proposes limits on online games",
         relevant=False),
    case("think-tank-report", "Report finds TikTok promotes pro-China content",
         "The study by university researchers examined thousands of videos.", relevant=False),
]

CLOSE_TYPE_CALLS = [
    case("dissolution-order", "Ottawa orders TikTok's Canadian unit dissolved",
         event_type="divestiture_order", jurisdiction="CA"),
    case("unwind-deal", "Presidential order gives ByteDance 90 days to unwind Musical.ly purchase",
         event_type="divestiture_order"),
    case("law-with-a-provision", "Biden signs foreign aid package with TikTok provision",
         event_type="law_signed", jurisdiction="US-federal"),
    case("law-named-by-its-purpose", "TikTok says deal satisfies divestiture law",
         "President Trump signed an executive order approving the joint venture.",
         event_type="executive_order", direction="relief"),
    case("order-approving-a-deal", "Trump signs order clearing TikTok joint venture",
         event_type="executive_order", direction="relief"),
    case("chamber-passes-a-device-ban", "House passes ban on DeepSeek for federal workers' devices",
         event_type="bill_passed", jurisdiction="US-federal"),
    case("bill-backed", "White House endorses Senate bill that could lead to TikTok ban",
         event_type="bill_introduced"),
    case("parliament-bans-on-its-devices", "Parliament bans TikTok on its devices",
         "The Parliamentary Service said the app will be removed from its network.",
         event_type="government_device_ban"),
    case("ban-widened-to-personal-phones",
         "State extends ban to personal phones used for government work",
         "State workers may not use TikTok or WeChat on any device connected to state systems.",
         event_type="government_device_ban"),
    case("told-to-avoid", "Finance ministry tells staff to avoid DeepSeek on office computers",
         event_type="government_device_ban"),
    case("city-devices", "County bans TikTok on county-owned devices",
         event_type="government_device_ban"),
    case("asked-stores-to-drop", "Regulator asks app stores to drop Temu",
         relevant=True, event_type="app_store_removal"),
    case("no-longer-on-store",
         "TikTok and CapCut no longer on Apple's App Store as law takes effect",
         relevant=True, event_type="app_store_removal"),
    case("takes-to-court", "State takes Temu to court over data harvesting",
         "The attorney general of Nebraska filed the complaint on Wednesday.",
         event_type="court_filing", jurisdiction="US-NE"),
    case("fake-reviews-are-not-a-probe", "Texas sues Shein over fake reviews",
         event_type="court_filing", jurisdiction="US-TX"),
    case("court-backs-regulator", "EU court backs Commission over TikTok gatekeeper designation",
         event_type="court_ruling_against_app", jurisdiction="EU"),
    case("challenge-dismissed", "General Court dismisses ByteDance challenge",
         event_type="court_ruling_against_app", direction="escalation", jurisdiction="EU"),
    case("committee-report", "House select committee report accuses DeepSeek of spying",
         event_type="investigation", jurisdiction="US-federal"),
    case("regulator-findings", "EU says Shein breaks consumer law, gives it a month to comply",
         event_type="investigation", jurisdiction="EU"),
    case("court-rejects-government-request", "巴黎法院驳回法国政府暂停Shein的请求",
         relevant=True, event_type="court_ruling_for_app", direction="relief",
         jurisdiction="FR"),
    case("chinese-court-suspends-ban", "美国法官暂停微信下载禁令",
         event_type="injunction", direction="relief", jurisdiction="US-federal"),
    case("chinese-block-ordered", "台湾内政部下令封锁小红书",
         relevant=True, event_type="nationwide_ban", jurisdiction="TW"),
    case("chinese-governor-title", "蒙大拿州州长签署TikTok禁令",
         relevant=True, event_type="law_signed", jurisdiction="US-MT"),
    case("chinese-ordered-to-stop", "越南勒令Temu停止运营",
         relevant=True, event_type="nationwide_ban", jurisdiction="VN"),
]


HOW_HEADLINES_ARE_BUILT = [
    case("scare-quotes-are-figurative", "Fans say low-rise jeans are 'banned' on Douyin now",
         relevant=False),
    case("quoted-content-is-not-a-measure", "Kyrgyzstan blocks Likee over 'harmful' videos",
         relevant=True, event_type="nationwide_ban", jurisdiction="KG"),
    case("question-clause-asks", "TikTok banned by Christmas? Creators hedge their bets",
         relevant=False),
    case("question-after-a-report", "Judge halts WeChat ban: what comes next?",
         relevant=True, event_type="injunction"),
    case("capitalised-us-is-the-country", "US orders TikTok removed from app stores",
         relevant=True, event_type="app_store_removal", jurisdiction="US-federal"),
    case("main-clause-before-after", "Shein returns to Google Play after Vietnam suspension ends",
         relevant=True, event_type="ban_lifted", direction="relief"),
    case("event-only-after-after", "Creators flock to Lemon8 after Nepal bans TikTok",
         relevant=True, event_type="nationwide_ban", jurisdiction="NP"),
    case("circumstance-clause-is-background", "Temu opens Dublin office amid EU scrutiny",
         relevant=False),
    case("list-as-is-not-a-clause", "Taiwan bars apps such as Douyin and Xiaohongshu from "
         "government devices", relevant=True, event_type="government_device_ban"),
    case("plural-noun-after-an-app", "Justice Department drops appeal over TikTok, WeChat bans",
         relevant=True, direction="relief"),
    case("first-app-is-the-subject", "WeChat restricts links to Kuaishou videos",
         relevant=False),
    case("companies-told-to-act", "India tells Apple, Google to pull Shein and CapCut",
         relevant=True, event_type="app_store_removal", jurisdiction="IN"),
    case("store-acting-on-request", "Google removes DeepSeek from Play Store at the request of "
         "Italy's Garante", relevant=True, event_type="app_store_removal", jurisdiction="IT"),
    case("market-news", "Kuaishou stock slides as Beijing tightens rules on livestreaming",
         relevant=False),
    case("explainer-opener", "How Kenya's regulator could restrict TikTok", relevant=False),
    case("commentary-anywhere", "The WeChat ban, explained", relevant=False),
    case("retrospective", "India's TikTok ban, five years on", relevant=False),
    case("statement-holds-back-the-summary", "Governor says she will sign TikTok ban",
         "The bill bans the app on state devices.", relevant=False),
    case("order-scoped-by-the-summary", "Governor issues executive order on Chinese apps",
         "The order applies to state devices and networks and names TikTok and WeChat.",
         relevant=True, event_type="government_device_ban"),
    case("app-named-beside-a-company", "Regulator finds DeepSeek sent user data to ByteDance",
         apps={"deepseek"}),
    case("star-of-an-app", "TikTok influencer banned from Premier League grounds",
         relevant=False),
    case("extending-a-ban-keeps-it", "Albania extends TikTok ban into next year",
         relevant=True, event_type="nationwide_ban", direction="escalation"),
    case("extending-a-deadline-relieves", "Commerce extends deadline for WeChat restrictions",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("app-pushes-back", "Temu pushes back against Arkansas lawsuit", relevant=False),
    case("someone-pushes-for-a-ban", "Senator presses Commerce to ban CapCut", relevant=False),
    case("court-is-the-forum-not-a-party", "Kuaishou sues Douyin in Beijing court over copying",
         relevant=False),
]


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    GOVERNMENTS_NAMED_BY_A_PERSON_OR_OFFICE + RELIEF_PHRASING + THE_APP_ACTS_ITSELF
    + CLOSE_TYPE_CALLS + HOW_HEADLINES_ARE_BUILT,
)
def test_tags(title: str, summary: str, expected: dict[str, Any]) -> None:
    check(tag(title, summary), expected)


def test_a_vetoed_headline_says_what_held_it_back() -> None:
    tags = tag("Governor says she will sign TikTok ban", "The bill bans the app on state devices.")
    assert any(line.startswith("held-back:") and "'says she will'" in line
               for line in tags.evidence), tags.evidence


def test_dismissals_name_their_reason() -> None:
    assert "dismissed:the headline asks or explains" in tag("Why Nepal banned TikTok").evidence
    assert "dismissed:market news 'stock'" in tag(
        "Kuaishou stock slides as Beijing tightens rules").evidence


def test_accents_and_question_marks_fold() -> None:
    from riskwatch.tagging.normalise import fold

    assert fold("François-Philippe Champagne") == fold("Francois Philippe Champagne")
    assert fold("Banned?") == " banned ? "
    assert fold("Banned？") == " banned ? "
    assert fold("Élysée, Brasília") == " elysee , brasilia "
