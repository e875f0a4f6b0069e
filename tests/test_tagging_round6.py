"""Round-6 behaviour (version 6.0): the kinds of wording that the round-5 holdout showed missing.

Each case is a headline (and summary) written for this file in the style of an outlet, not copied
from a labelled file, and what the tagger must say about it. Only the fields a case names are
checked.
"""

from __future__ import annotations

from typing import Any

import pytest

from riskwatch.tagging import TAGGER_VERSION, tag
from tests.test_tagging import case, check, named_apps

CASES = [
    case("extended-enforcement-period", "商务部宣布TikTok禁令执行期再延长90天",
         relevant=True, event_type="enforcement_delay", direction="relief"),
    case("court-wont-halt-the-case", "Appeals court won't halt Utah's case against TikTok",
         relevant=True, event_type="court_ruling_against_app", direction="escalation"),
    case("refuses-to-toss", "Judge refuses to toss Nebraska's lawsuit against Temu",
         relevant=True, event_type="court_ruling_against_app", jurisdiction="US-NE"),
    case("eu-court-register-title", "Action brought on 3 May 2024 by Temu against the Commission",
         relevant=True, event_type="court_filing", direction="escalation"),
    case("spanish-ban", "Pakistán prohíbe TikTok por contenido inmoral", relevant=True,
         event_type="nationwide_ban"),
    case("spanish-fine", "Italia multa a Shein por publicidad engañosa", relevant=True,
         event_type="fine", jurisdiction="IT"),
    case("french-device-ban", "Le Québec interdit WeChat sur les téléphones du gouvernement",
         relevant=True, event_type="government_device_ban", jurisdiction="CA"),
    case("german-probe", "Staatsanwaltschaft ermittelt gegen Temu", relevant=True,
         event_type="investigation"),
    case("sell-their-stakes", "Washington demands Tencent's owners sell their stakes in WeChat",
         relevant=True, event_type="divestiture_order"),
    case("to-the-governors-desk", "TikTok device-ban bill heads to the governor's desk",
         relevant=True, event_type="bill_passed"),
    case("office-phones", "Secretary of State orders TikTok off office phones", relevant=True,
         event_type="government_device_ban"),
    case("chinese-public-administration", "奥地利禁止政府机关使用DeepSeek", relevant=True,
         event_type="government_device_ban", jurisdiction="AT"),
    case("reported-to-the-stores",
         "Dutch data protection authority reports Temu to Apple and Google",
         relevant=True, event_type="app_store_removal"),
    case("class-in-chinese", "印度封禁百余款涉华应用", relevant=True, event_type="nationwide_ban"),
    case("question-then-more", "Will Shein be banned? What the new law could mean",
         relevant=False),
    case("app-speaks-in-chinese", "快手：未成年人每日使用不得超过一小时", relevant=False),
    case("post-vanishes", "Activist's Weibo post vanishes within minutes", relevant=False),
    case("app-signs-deal", "TikTok signs deal with Oracle to avert US ban", relevant=False),
    case("explainer-in-chinese", "一次看懂：TikTok禁令为何一再延后", relevant=False),
    case("presumed-target-in-french", "Le Sénat adopte la loi anti fast-fashion",
         "Le texte interdit la publicité des plateformes, dont Shein est la cible principale.",
         relevant=False),
]


@pytest.mark.parametrize(("title", "summary", "expected"), CASES)
def test_tags(title: str, summary: str, expected: dict[str, Any]) -> None:
    check(tag(title, summary), expected)


def test_an_app_whose_measure_stays_in_the_summary_is_left_out() -> None:
    tags = tag("Kyrgyzstan restores access to WeChat",
               "Officials said talks with TikTok, which remains blocked, would continue.")
    assert named_apps(tags) == {"wechat"}


def test_version() -> None:
    assert TAGGER_VERSION == "6.0"
