"""The tagger's behaviour, case by case: each case is a headline (and summary) and what the tagger
must say about it. Only the fields a case names are checked."""

from __future__ import annotations

from typing import Any

import pytest

from riskwatch.domain.tags import AppMatch, Tags
from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES
from riskwatch.tagging import TAGGER_VERSION, tag


def case(name: str, title: str, summary: str = "", **expected: Any) -> Any:
    return pytest.param(title, summary, expected, id=name)


def named_apps(tags: Tags) -> set[str]:
    return {app.slug for app in tags.apps if app.named}


def check(tags: Tags, expected: dict[str, Any]) -> None:
    for field, want in expected.items():
        if field == "apps":
            assert named_apps(tags) == want, tags.evidence
        elif field == "via":
            assert want in {app.via for app in tags.apps}, tags.apps
        else:
            assert getattr(tags, field) == want, (field, tags.evidence)


ACTOR_OR_TARGET = [
    case("app-bans-its-own-users", "TikTok bans users who post AI deepfakes of minors",
         relevant=False, apps={"tiktok"}),
    case("app-sues-a-rival", "Temu sues rival Shein over copied product photos",
         relevant=False, apps={"temu", "shein"}),
    case("designers-sue-the-app", "Independent designers sue Shein for copying their artwork",
         "The artists filed a complaint in a California federal court.", relevant=False),
    case("app-restricts-a-feature", "CapCut to restrict templates for teen accounts",
         relevant=False, apps={"capcut"}),
    case("app-sues-a-state", "TikTok sues to block Montana's statewide ban",
         "The company says the law violates the First Amendment.",
         relevant=True, event_type="court_filing", jurisdiction="US-MT"),
    case("state-sues-the-app", "Kentucky attorney general sues TikTok over addictive design",
         relevant=True, apps={"tiktok"}, event_type="court_filing", jurisdiction="US-KY"),
    case("app-ordered-to-act", "Vietnam orders Temu to suspend operations",
         relevant=True, event_type="nationwide_ban", jurisdiction="VN"),
    case("app-settles-a-government-probe", "Shein to pay $1.9 million to settle New York probe",
         relevant=True, event_type="fine"),
    case("sued-by-a-state", "Temu sued by Arkansas over data collection",
         relevant=True, event_type="court_filing", jurisdiction="US-AR"),
    case("sellers-sue-the-parent", "TikTok sellers sue ByteDance over shop fees", relevant=False),
    case("comma-ends-the-clause", "US judge sides with TikTok, blocks download ban",
         relevant=True, event_type="injunction", direction="relief", jurisdiction="US-federal"),
]

OTHER_BANS = [
    case("school-phone-ban", "Virginia schools ban phones in classrooms",
         "Students say they will miss TikTok breaks.", relevant=False),
    case("ban-on-a-us-company", "China bans Micron chips from critical infrastructure",
         "The move follows tensions over TikTok and export controls.", relevant=False),
    case("ban-on-another-platform", "Turkey blocks Instagram for nine days",
         relevant=False, apps=set()),
    case("device-ban-on-another-app", "House bans staff from using ChatGPT on work phones",
         relevant=False),
    case("private-company-pulls-app", "Google suspends Pinduoduo app over malware",
         relevant=False, apps={"pinduoduo"}),
]

RELIEF = [
    case("judge-blocks-state-ban", "Judge blocks Montana TikTok ban",
         relevant=True, event_type="injunction", direction="relief", jurisdiction="US-MT"),
    case("ban-lifted", "Pakistan lifts ban on TikTok after app agrees to moderate content",
         event_type="ban_lifted", direction="relief", jurisdiction="PK"),
    case("ban-reversed", "Nepal reverses TikTok ban",
         event_type="ban_lifted", direction="relief", jurisdiction="NP"),
    case("unblocked", "Indonesia unblocks TikTok after three days",
         event_type="ban_lifted", direction="relief", jurisdiction="ID"),
    case("deadline-extended", "White House extends TikTok sale deadline by 90 days",
         event_type="enforcement_delay", direction="relief", jurisdiction="US-federal"),
    case("reprieve", "Trump grants TikTok 75-day reprieve from ban",
         event_type="enforcement_delay", direction="relief", jurisdiction="US-federal"),
    case("enforcement-paused", "Justice Department will not enforce TikTok law for 75 days",
         event_type="enforcement_delay", direction="relief", jurisdiction="US-federal"),
    case("back-in-app-stores", "TikTok reinstated in Apple and Google app stores",
         event_type="ban_lifted", direction="relief"),
    case("law-struck-down", "Court strikes down Montana's TikTok ban",
         event_type="court_ruling_for_app", direction="relief", jurisdiction="US-MT"),
    case("state-lawsuit-dismissed", "Indiana's lawsuit against TikTok dismissed",
         event_type="court_ruling_for_app", direction="relief", jurisdiction="US-IN"),
    case("passive-injunction", "WeChat ban blocked by federal judge",
         event_type="injunction", direction="relief", jurisdiction="US-federal"),
]

COURTS_AGAINST_THE_APP = [
    case("law-upheld", "Supreme Court upholds law forcing TikTok sale",
         event_type="court_ruling_against_app", direction="escalation", jurisdiction="US-federal"),
    case("request-denied", "Judge denies TikTok's request to block ban",
         event_type="court_ruling_against_app", direction="escalation"),
    case("court-orders-ban", "Peshawar High Court orders TikTok blocked",
         event_type="court_ruling_against_app", jurisdiction="PK"),
    case("app-asks-court", "TikTok asks Supreme Court to pause US ban",
         event_type="court_filing", jurisdiction="US-federal"),
    case("bid-lost", "TikTok loses bid to block Montana ban",
         event_type="court_ruling_against_app", jurisdiction="US-MT"),
    case("emergency-request-denied", "Appeals court denies TikTok emergency request",
         event_type="court_ruling_against_app"),
    case("app-appeals-a-fine", "TikTok appeals €345m Irish fine", event_type="court_filing"),
    case("state-lawsuit-tossed", "Federal court tosses Texas lawsuit against TikTok",
         event_type="court_ruling_for_app", direction="relief", jurisdiction="US-TX"),
]

BILL_STAGES = [
    case("bill-introduced", "Senators introduce bill to ban TikTok nationwide",
         event_type="bill_introduced", jurisdiction="US-federal"),
    case("bill-would-ban", "Bipartisan bill would bar DeepSeek from federal devices",
         event_type="bill_introduced", apps={"deepseek"}),
    case("bill-passed", "House passes bill forcing ByteDance to sell TikTok",
         apps={"tiktok"}, event_type="bill_passed", jurisdiction="US-federal"),
    case("chamber-votes-to-ban", "Senate votes to ban TikTok on government devices",
         event_type="bill_passed", jurisdiction="US-federal"),
    case("state-bill-passed", "Texas Senate passes bill banning TikTok on state devices",
         event_type="bill_passed", jurisdiction="US-TX"),
    case("law-signed", "Biden signs bill that could ban TikTok into law",
         event_type="law_signed", jurisdiction="US-federal"),
    case("governor-signs-ban", "Montana governor signs TikTok ban into law",
         event_type="law_signed", jurisdiction="US-MT"),
    case("committee-advances-bill", "House committee advances bill to ban TikTok",
         event_type="bill_passed"),
]

DEVICE_OR_NATIONWIDE = [
    case("state-devices", "Ohio bans TikTok on state-issued phones",
         event_type="government_device_ban", jurisdiction="US-OH"),
    case("federal-devices-abroad", "Australia bans TikTok on federal government devices",
         event_type="government_device_ban", jurisdiction="AU"),
    case("military-devices", "US Army bans DeepSeek on military devices",
         apps={"deepseek"}, event_type="government_device_ban", jurisdiction="US-federal"),
    case("listed-apps-on-devices",
         "Taiwan bans Chinese apps such as TikTok, Douyin and Xiaohongshu on official devices",
         apps={"tiktok", "douyin", "xiaohongshu"}, event_type="government_device_ban",
         jurisdiction="TW"),
    case("device-ban-widened", "Texas adds Temu and Shein to state device ban list",
         event_type="government_device_ban", jurisdiction="US-TX"),
    case("agency-devices", "DeepSeek banned on Pentagon devices",
         event_type="government_device_ban", jurisdiction="US-federal"),
    case("staff-phones", "European Commission suspends TikTok on staff phones",
         event_type="government_device_ban", jurisdiction="EU"),
    case("nationwide", "Nepal bans TikTok nationwide",
         event_type="nationwide_ban", jurisdiction="NP"),
    case("country-blocks-app", "Jordan blocks TikTok after protests",
         event_type="nationwide_ban", jurisdiction="JO"),
    case("several-apps-banned", "Afghanistan's Taliban ban PUBG and TikTok",
         apps={"pubg-mobile", "tiktok"}, event_type="nationwide_ban", jurisdiction="AF"),
]

CHINESE_TEXT = [
    case("simplified-ban", "印度宣布封禁TikTok等59款中国应用",
         relevant=True, apps={"tiktok"}, event_type="nationwide_ban", jurisdiction="IN"),
    case("simplified-injunction", "美国联邦法官叫停特朗普政府的微信禁令",
         apps={"wechat"}, event_type="injunction", direction="relief", jurisdiction="US-federal"),
    case("traditional-device-ban", "台灣禁止公務機關使用小紅書",
         apps={"xiaohongshu"}, event_type="government_device_ban", jurisdiction="TW"),
    case("simplified-product-news", "小红书上线翻译功能", relevant=False, apps={"xiaohongshu"}),
]

COMPANIES_AND_CLASSES = [
    case("parent-company-alone", "EU fines ByteDance over data transfers to China",
         relevant=True, via="owner", event_type="fine", jurisdiction="EU"),
    case("parent-company-describes-its-app", "TikTok owner ByteDance sued by Justice Department",
         apps={"tiktok"}, event_type="court_filing", jurisdiction="US-federal"),
    case("chinese-apps", "India bans 118 more Chinese apps",
         relevant=True, via="class", event_type="nationwide_ban", jurisdiction="IN"),
    case("foreign-adversary-apps",
         "Virginia bans apps controlled by foreign adversaries on state devices",
         via="class", event_type="government_device_ban", jurisdiction="US-VA"),
    case("chinese-ai-apps", "Italy blocks Chinese AI apps over privacy concerns",
         via="class", event_type="nationwide_ban", jurisdiction="IT"),
    case("order-on-a-class", "Biden signs order to review apps tied to foreign adversaries",
         via="class", event_type="executive_order", jurisdiction="US-federal"),
]

NOT_NEWS_OF_AN_ACTION = [
    case("opinion", "Opinion: Congress should not ban TikTok", relevant=False),
    case("statement-of-intent", "Senator says he will push to ban WeChat", relevant=False),
    case("request-for-a-probe", "Lawmakers urge FTC to investigate Temu", relevant=False),
    case("hearing", "TikTok CEO testifies before Congress", relevant=False),
    case("questions-at-a-hearing", "Lawmakers question TikTok CEO over data access",
         relevant=False),
    case("call-for-a-ban", "FCC commissioner calls for TikTok ban", relevant=False),
    case("meeting", "TikTok's Chew meets Trump at Mar-a-Lago", relevant=False),
    case("product-news", "DeepSeek releases a new reasoning model",
         relevant=False, apps={"deepseek"}),
    case("no-app", "Paul Pogba banned for four years after failed doping test",
         relevant=False, apps=set()),
]

HEADLINE_AND_SUMMARY = [
    case("vague-headline", "What happens next for WeChat users",
         "A federal judge on Sunday blocked the Commerce Department's order that would have "
         "removed WeChat from US app stores.",
         relevant=True, event_type="injunction", direction="relief", jurisdiction="US-federal"),
    case("generic-headline-specific-summary", "Canada moves against TikTok",
         "Ottawa ordered TikTok's Canadian arm to wind up after a national security review.",
         event_type="divestiture_order", jurisdiction="CA"),
    case("ban-headline-bill-summary", "TikTok ban moves ahead",
         "The Senate passed the bill on Tuesday, sending it to the president.",
         event_type="bill_passed", jurisdiction="US-federal"),
    case("summary-recalls-an-old-probe", "Taiwan blocks RedNote for a year over fraud",
         "The ban follows a government security review of the app.",
         event_type="nationwide_ban", jurisdiction="TW"),
]

INVESTIGATIONS_FINES_STORES = [
    case("investigation", "EU opens investigation into Shein over illegal products",
         event_type="investigation", jurisdiction="EU"),
    case("fine", "Irish regulator fines TikTok €345 million", event_type="fine", jurisdiction="IE"),
    case("chinese-regulator-fine", "China's regulator fines Pinduoduo over counterfeit goods",
         event_type="fine", jurisdiction="CN"),
    case("passive-fine", "TikTok fined €530 million by Irish data watchdog",
         event_type="fine", jurisdiction="IE"),
    case("private-settlement", "TikTok agrees to pay $92 million to settle privacy class action",
         relevant=False),
    case("store-removal", "Commerce orders TikTok removed from US app stores",
         event_type="app_store_removal", jurisdiction="US-federal"),
    case("divestiture", "Trump orders ByteDance to divest TikTok's US business",
         event_type="divestiture_order", jurisdiction="US-federal"),
    case("executive-order", "President signs executive order banning WeChat transactions",
         event_type="executive_order", jurisdiction="US-federal"),
]


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    ACTOR_OR_TARGET + OTHER_BANS + RELIEF + COURTS_AGAINST_THE_APP + BILL_STAGES
    + DEVICE_OR_NATIONWIDE + CHINESE_TEXT + COMPANIES_AND_CLASSES + NOT_NEWS_OF_AN_ACTION
    + HEADLINE_AND_SUMMARY + INVESTIGATIONS_FINES_STORES,
)
def test_tags(title: str, summary: str, expected: dict[str, Any]) -> None:
    check(tag(title, summary), expected)


def test_relevant_items_use_the_shared_vocabulary() -> None:
    tags = tag("Judge blocks Montana TikTok ban")
    assert tags.event_type in EVENT_TYPES
    assert tags.direction in DIRECTIONS


def test_irrelevant_items_carry_no_event_place_or_direction() -> None:
    tags = tag("TikTok bans users who post AI deepfakes")
    assert (tags.jurisdiction, tags.event_type, tags.direction) == (None, None, None)


def test_evidence_names_the_phrases_and_the_rule_that_fired() -> None:
    tags = tag("Judge blocks Montana TikTok ban")
    assert "alias:tiktok='TikTok'" in tags.evidence
    assert "rule:court-stopped-measure@title" in tags.evidence
    assert "jurisdiction:US-MT='Montana'" in tags.evidence


def test_class_matches_are_flagged_and_cover_the_whole_class() -> None:
    tags = tag("Italy blocks Chinese AI apps over privacy concerns")
    assert {app.slug for app in tags.apps} >= {"deepseek", "qwen", "kimi", "ernie-bot"}
    assert {app.via for app in tags.apps} == {"class"}
    assert {app.phrase for app in tags.apps} == {"Chinese AI apps"}


def test_owner_matches_cover_every_app_of_the_company_led_by_its_flagship() -> None:
    tags = tag("EU fines ByteDance over data transfers to China")
    assert {app.slug for app in tags.apps} >= {"tiktok", "douyin", "capcut", "lemon8"}
    assert tags.apps[0] == AppMatch("tiktok", "flagship", "ByteDance")
    assert {(app.via, app.phrase) for app in tags.apps[1:]} == {("owner", "ByteDance")}
    assert "flagship:tiktok='ByteDance'" in tags.evidence


def test_a_company_with_one_app_stands_for_it() -> None:
    tags = tag("Italy fines Hangzhou DeepSeek over privacy breaches")
    assert [(app.slug, app.via) for app in tags.apps] == [("deepseek", "flagship")]


def test_an_earlier_ban_named_in_the_summary_is_background() -> None:
    tags = tag("Abbott adds DeepSeek and RedNote to Texas device ban",
               "The order expands the state's earlier TikTok ban.")
    assert named_apps(tags) == {"deepseek", "xiaohongshu"}


def test_confidence_is_higher_when_the_headline_carries_the_facts() -> None:
    in_headline = tag("Judge blocks Montana TikTok ban")
    in_summary = tag("What happens next for TikTok users",
                     "A federal judge blocked Montana's ban on the app.")
    assert 0.5 <= in_summary.confidence < in_headline.confidence <= 1.0
    assert tag("TikTok bans users").confidence < 0.5


def test_tags_round_trip_through_json() -> None:
    tags = tag("Italy blocks Chinese AI apps over privacy concerns")
    assert Tags.from_json(tags.to_json()) == tags


def test_version_is_exported() -> None:
    assert TAGGER_VERSION
