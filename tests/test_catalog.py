"""The tagger's data files: the packaged ones load and hold what the rest of riskwatch relies on,
and bad data is refused at load time with a message that names the file and the field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from riskwatch.tagging import DATA_DIR, default_tagger
from riskwatch.tagging.catalog import load_catalog, parse_catalog
from riskwatch.tagging.datafile import DataFileError
from riskwatch.tagging.gazetteer import ACTOR, load_gazetteer, parse_gazetteer
from riskwatch.tagging.rules import parse_rule_book

# Slugs other parts of riskwatch (scoring weights, fixtures, docs) refer to.
REQUIRED_SLUGS = {
    "tiktok", "douyin", "capcut", "lemon8", "wechat", "qq", "xiaohongshu", "deepseek", "temu",
    "pinduoduo", "shein", "aliexpress", "alipay", "taobao", "kuaishou", "kwai", "likee",
    "bigo-live", "uc-browser", "shareit", "helo", "camscanner", "weibo", "baidu", "kimi", "qwen",
    "wps-office", "pubg-mobile", "xender", "ernie-bot",
}


def minimal_catalog() -> dict[str, Any]:
    return {
        "companies": [
            {"slug": "bytedance", "name": "ByteDance", "country": "CN", "aliases": ["ByteDance"]},
        ],
        "classes": [{"slug": "chinese-owned", "name": "Chinese apps", "phrases": ["Chinese apps"]}],
        "apps": [
            {"slug": "tiktok", "name": "TikTok", "owner": "bytedance", "country_of_control": "CN",
             "classes": ["chinese-owned"], "aliases": ["TikTok"]},
        ],
    }


def minimal_gazetteer() -> dict[str, Any]:
    return {
        "templates": {"country": ["{name} government"], "state": ["{name} governor"]},
        "jurisdictions": [
            {"code": "IN", "names": ["India"]},
            {"code": "US-MT", "names": ["Montana"]},
        ],
    }


def minimal_rule_book() -> dict[str, Any]:
    return {
        "cues": {"ban": ["ban", "bans"], "device": ["state devices"]},
        "actor_verbs": ["bans"],
        "litigation_verbs": [],
        "measure_cues": ["ban"],
        "action_cues": ["ban"],
        "other_companies": ["Huawei"],
        "other_targets": ["phones"],
        "commentary_prefixes": ["opinion"],
        "rules": [
            {"name": "ban", "event_type": "nationwide_ban", "direction": "escalation",
             "all": ["ban"]},
        ],
    }


def test_packaged_catalog_has_the_apps_others_rely_on() -> None:
    catalog = load_catalog(DATA_DIR / "apps.yaml")
    slugs = {app.slug for app in catalog.apps}
    assert slugs >= REQUIRED_SLUGS
    assert len(slugs) >= 25


def test_packaged_catalog_names_apps_in_english_and_chinese() -> None:
    aliases = {app.slug: set(app.aliases) for app in default_tagger().catalog.apps}
    assert aliases["xiaohongshu"] >= {"Xiaohongshu", "RedNote", "Little Red Book", "小红书",
                                      "小紅書"}
    assert aliases["wechat"] >= {"WeChat", "Weixin", "微信"}


def test_packaged_catalog_resolves_parents_and_classes() -> None:
    catalog = default_tagger().catalog
    apps = {app.slug: app for app in catalog.apps}
    assert apps["deepseek"].owner == "deepseek-ai"
    assert apps["deepseek"].parent == "high-flyer"
    assert {"tiktok", "capcut", "lemon8"} <= set(catalog.apps_by_company["bytedance"])
    assert {"deepseek", "kimi", "qwen", "ernie-bot"} <= set(catalog.apps_by_class["chinese-ai"])
    assert {"uc-browser", "qwen"} <= set(catalog.apps_by_company["alibaba"])  # via subsidiaries
    assert catalog.flagships["bytedance"] == ("tiktok",)
    assert catalog.flagships["alibaba"] == ("taobao",)
    assert catalog.flagships["deepseek-ai"] == ("deepseek",)  # its only app
    assert catalog.flagships["high-flyer"] == ("deepseek",)  # through its subsidiary


def test_packaged_gazetteer_fills_actor_templates() -> None:
    gazetteer = parse_gazetteer(minimal_gazetteer())
    phrases = {(p.phrase, p.code, p.grade) for p in gazetteer.phrases()}
    assert ("India government", "IN", ACTOR) in phrases
    assert ("Montana governor", "US-MT", ACTOR) in phrases
    assert ("Montana government", "US-MT", ACTOR) not in phrases


def gazetteer_with_officials() -> dict[str, Any]:
    document = minimal_gazetteer()
    document["titles"] = {"governor": ["Gov. {surname}"],
                          "attorney_general": ["AG {surname}", "Attorney General {surname}"]}
    document["jurisdictions"] += [
        {"code": "US-IA", "names": ["Iowa"],
         "officials": {"governor": ["Kim Reynolds"], "attorney_general": ["Brenna Bird"]}},
        {"code": "US-MD", "names": ["Maryland"],
         "officials": {"attorney_general": ["Anthony Brown"]}},
        {"code": "US-WA", "names": ["Washington State"],
         "officials": {"attorney_general": ["Nick Brown"]}},
        {"code": "KR", "names": ["South Korea"], "officials": {"governor": ["Lee Jae-myung/Lee"]}},
    ]
    return document


def test_officials_are_actors_by_full_name_and_by_titled_surname() -> None:
    phrases = {(p.phrase, p.code, p.grade) for p in parse_gazetteer(
        gazetteer_with_officials()).phrases()}
    assert ("Kim Reynolds", "US-IA", ACTOR) in phrases
    assert ("Gov. Reynolds", "US-IA", ACTOR) in phrases
    assert ("Attorney General Bird", "US-IA", ACTOR) in phrases
    assert ("Gov. Lee", "KR", ACTOR) in phrases  # the surname after the slash
    assert not any(phrase == "Reynolds" for phrase, _, _ in phrases)  # no bare surname


def test_a_titled_surname_two_jurisdictions_share_names_neither() -> None:
    phrases = {(p.phrase, p.code) for p in parse_gazetteer(gazetteer_with_officials()).phrases()}
    assert not any(phrase == "AG Brown" for phrase, _ in phrases)
    assert ("Anthony Brown", "US-MD") in phrases
    assert ("Nick Brown", "US-WA") in phrases


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param(["jurisdictions", 2, "officials"], {"mayor": ["Eric Adams"]},
                     "jurisdictions[2]: role 'mayor' is not in titles", id="unknown-role"),
        pytest.param(["titles", "governor"], ["Governor"],
                     "titles.governor.value[0]: 'Governor' has no {surname} placeholder",
                     id="title-without-placeholder"),
        pytest.param(["jurisdictions", 3, "officials"], {"attorney_general": ["Kim Reynolds"]},
                     "'Kim Reynolds' (US-MD) already names US-IA", id="one-person-two-places"),
    ],
)
def test_gazetteer_schema_rejects_bad_officials(path: list[Any], value: Any, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        parse_gazetteer(mutated(gazetteer_with_officials(), path, value))
    assert message in str(raised.value)


def test_packaged_gazetteer_names_governors_and_attorneys_general_of_every_state() -> None:
    gazetteer = load_gazetteer(DATA_DIR / "jurisdictions.yaml")
    states = [j for j in gazetteer.jurisdictions if j.is_us_state and j.code != "US-DC"]
    assert len(states) == 50
    for state in states:
        assert state.officials.get("governor"), state.code
        assert state.officials.get("attorney_general"), state.code


def mutated(document: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param(["apps", 0, "owner"], "bytedanse",
                     "apps.yaml: apps[0].owner: 'bytedanse' is not a company", id="unknown-owner"),
        pytest.param(["apps", 0, "classes"], ["chinese-owned", "sanctioned"],
                     "apps[0].classes: 'sanctioned' is not a class", id="unknown-class"),
        pytest.param(["apps", 0, "slug"], "Tik Tok",
                     "apps[0].slug: 'Tik Tok' is not a lowercase slug", id="bad-slug"),
        pytest.param(["apps", 0, "country_of_control"], "China",
                     "apps[0].country_of_control: 'China' is not an ISO 3166-1 alpha-2 code",
                     id="bad-country"),
        pytest.param(["apps", 0, "aliases"], [],
                     "apps[0].aliases: Shorter than minimum length 1.", id="no-aliases"),
        pytest.param(["apps", 0, "aliases"], ["TikTok", "BYTEDANCE"],
                     "companies[0].aliases: 'ByteDance' already names apps/tiktok",
                     id="alias-names-a-company"),
        pytest.param(["apps", 0, "aliases"], ["TikTok", "!!!"],
                     "apps[0].aliases: '!!!' has no letters or digits", id="alias-without-words"),
        pytest.param(["companies", 0, "parent"], "bytedance",
                     "companies[0].parent: 'bytedance' is its own parent", id="ownership-cycle"),
        pytest.param(["apps", 0, "owner"], None, "apps[0].owner: Field may not be null.",
                     id="null-owner"),
        pytest.param(["companies", 0, "flagship"], ["wechat"],
                     "companies[0].flagship: 'wechat' is not an app of 'bytedance'",
                     id="flagship-of-another-company"),
    ],
)
def test_catalog_schema_rejects_bad_data(path: list[Any], value: Any, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        parse_catalog(mutated(minimal_catalog(), path, value))
    assert message in str(raised.value)


def test_catalog_rejects_a_slug_used_twice() -> None:
    document = minimal_catalog()
    document["apps"].append({**document["apps"][0], "aliases": ["TikTok Lite"]})
    with pytest.raises(DataFileError, match=r"apps\[1\]\.slug: 'tiktok' is used twice"):
        parse_catalog(document)


def test_catalog_rejects_unknown_fields() -> None:
    document = mutated(minimal_catalog(), ["apps", 0, "owners"], ["bytedance"])
    with pytest.raises(DataFileError, match=r"apps\[0\]\.owners: Unknown field"):
        parse_catalog(document)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param(["jurisdictions", 0, "code"], "India",
                     "jurisdictions[0].code: 'India' is not US-federal, US-XX, EU or an ISO",
                     id="bad-code"),
        pytest.param(["templates", "state"], ["governor"],
                     "templates.state[0]: 'governor' has no {name} placeholder",
                     id="template-without-placeholder"),
        pytest.param(["jurisdictions", 1, "names"], ["Montana", "INDIA"],
                     "'INDIA' (US-MT) already names IN", id="phrase-names-two-places"),
        pytest.param(["jurisdictions", 0, "names"], [],
                     "jurisdictions[0]: needs at least one of actors, names, weak_names",
                     id="nameless-jurisdiction"),
    ],
)
def test_gazetteer_schema_rejects_bad_data(path: list[Any], value: Any, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        parse_gazetteer(mutated(minimal_gazetteer(), path, value))
    assert message in str(raised.value)
    assert str(raised.value).startswith("jurisdictions.yaml: ")


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param(["rules", 0, "event_type"], "ban",
                     "rules[0].event_type: Must be one of", id="event-type-outside-vocabulary"),
        pytest.param(["rules", 0, "direction"], "up",
                     "rules[0].direction: Must be one of", id="direction-outside-vocabulary"),
        pytest.param(["rules", 0, "all"], ["ban", "court"],
                     "rules[0]: cue kind 'court' is not in cues", id="unknown-cue-kind"),
        pytest.param(["rules", 0, "all"], [[]],
                     "rules[0].all[0]: must be a cue kind or a non-empty list", id="empty-choice"),
        pytest.param(["cues", "device"], ["state devices", "Bans"],
                     "cues.device: 'Bans' is already a 'ban' cue", id="phrase-in-two-kinds"),
        pytest.param(["litigation_verbs"], ["sues"],
                     "litigation_verbs: ['sues'] are not actor_verbs", id="stray-litigation-verb"),
        pytest.param(["rules", 0, "scoped_by"], ["device-ban"],
                     "rules[0]: scoped_by rule 'device-ban' is not a rule",
                     id="scoped-by-an-unknown-rule"),
        pytest.param(["figurative_cues"], ["slang"], "figurative_cues: ['slang'] are not in cues",
                     id="unknown-figurative-kind"),
    ],
)
def test_rule_book_schema_rejects_bad_data(path: list[Any], value: Any, message: str) -> None:
    with pytest.raises(DataFileError) as raised:
        parse_rule_book(mutated(minimal_rule_book(), path, value))
    assert message in str(raised.value)


def test_a_data_file_that_is_not_yaml_is_reported_by_name(tmp_path: Path) -> None:
    path = tmp_path / "apps.yaml"
    path.write_text("apps: [tiktok\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"^apps\.yaml: not valid YAML"):
        load_catalog(path)


def test_a_missing_data_file_is_reported_by_name(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"^apps\.yaml: cannot be read"):
        load_catalog(tmp_path / "apps.yaml")


def test_a_data_file_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "apps.yaml"
    path.write_text("- tiktok\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"^apps\.yaml: expected a mapping at the top level"):
        load_catalog(path)


def test_a_rule_may_name_the_place_pseudo_kind() -> None:
    document = mutated(minimal_rule_book(), ["rules", 0, "all"], ["ban", "place"])
    assert parse_rule_book(document).rules[0].all_of == (("ban",), ("place",))


def test_rules_are_indexed_by_their_first_entry() -> None:
    document = mutated(minimal_rule_book(), ["rules", 0, "all"], ["device", "ban"])
    rule_book = parse_rule_book(document)
    assert rule_book.rules_needing == {"device": (0,)}
