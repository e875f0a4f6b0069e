"""Tags one item: the apps it concerns, whether it reports a regulatory action against them,
where, of which type and direction, how sure the tagger is, and the evidence for each part.

The steps, per field (title, summary):
1. scan the folded text once with the lexicon;
2. ignore cues that describe the app's own action ("TikTok *bans* users"), unless the app is
   litigating against a government ("TikTok *sues* Montana");
3. ignore cues attached to something that is not one of our apps ("*phone ban*", "*bans* Huawei");
4. run the rule book on the cues left.
Then choose one event across the two fields, the apps (named apps, or the apps of a company or
class named in the headline) and one jurisdiction. The headline can still dismiss the item: a
commentary ("Opinion: ..."), apps that only act themselves, or another company's news.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from riskwatch.domain.tags import AppMatch, Tags
from riskwatch.tagging.catalog import Catalog
from riskwatch.tagging.events import (
    RuleMatch,
    choose_event,
    first_matching_rule,
    government_involved,
    held_back_rule,
)
from riskwatch.tagging.gazetteer import NAME
from riskwatch.tagging.jurisdiction import JurisdictionChoice, choose_jurisdiction
from riskwatch.tagging.lexicon import NAMED, Family, Hit, Lexicon
from riskwatch.tagging.normalise import fold
from riskwatch.tagging.rules import PLACE_KIND, RuleBook

# Words that may stand between a cue and what it acts on: "ban on the use of TikTok".
_LINKING_WORDS = frozenset(
    {"on", "of", "against", "the", "a", "an", "use", "using", "to", "s", "and", "or", ","}
)
_MAX_LINKING_WORDS = 4
_LIST_WORDS = frozenset({",", "and", "or", "the"})
# What follows a noun, not a verb: the end, a clause mark, a conjunction, a relative pronoun
# ("WeChat bans that never took effect").
_NO_OBJECT = (" , ", " ? ", " and ", " or ", " that ", " which ")
_NOTHING = Tags(relevant=False)
# After an app's name: a place on the app, not the app ("its TikTok account").
_PLATFORM_WORDS = (" account ", " accounts ", " channel ", " channels ", " page ", " handle ",
                   " profile ", " post ", " posts ", " video ", " videos ", " 账 号 ", " 帐 号 ")
# A headline that opens with a name and a colon quotes that name: "抖音：...".
_SPEAKER = re.compile(r"^\s*([^:：,，]{1,24})[:：]")
# What may stand between an app's name and "remains restricted": ", which".
_RELATIVE = frozenset({",", "which", "that"})
# After an app's name: what the writer presumes a measure aims at.
_PRESUMED = (" is seen as", " is widely seen as", " widely seen as", " seen as", " is viewed as",
             " is widely viewed as", " is thought to be", " est la cible", " es el objetivo")
# The cue kind of denials ("not banned", "no order to unblock").
NEGATED = "negated"
# The cue kind of a court or official leaning one way ("justices lean toward").
LEANING = "leaning"
# The cue kind of market news ("shares", "stock").
MARKET = "market"
# The cue kind of measures that stay ("remains blocked").
REFUSES_RELIEF = "refuses_relief"
# "such as", "as well as": the "as" of a list, not of a clause.
_NOT_A_CLAUSE = (" such as ", " well as ")
# A case caption: "TikTok Inc. v. Garland", "State of Utah vs. TikTok".
_CAPTION = re.compile(r" vs? ")
# "US" in capitals is the country; folded, it would be the pronoun "us".
_US = re.compile(r"\bUS\b")
# A single word in quotes: "skinny jeans 'banned' on TikTok" uses the word, not the measure.
_QUOTED_WORD = re.compile(r"['\"‘“]([^\W\d_]+)['\"’”](?!\w)")


class _FieldReading:
    """What one field says, after steps 1-4 (a plain class: it is built twice per item)."""

    __slots__ = (
        "actors", "cues", "entities", "folded", "hits", "measure_elsewhere", "name", "notes",
        "others", "places", "verbs",
    )

    def __init__(self, name: str, hits: tuple[Hit, ...], folded: str) -> None:
        self.name = name
        self.hits = hits
        self.folded = folded
        self.cues: list[Hit] = []
        self.entities: list[Hit] = []
        self.others: list[Hit] = []
        self.actors: list[Hit] = []
        self.notes: list[str] = []
        self.verbs: list[Hit] = []
        # The governments named, for the jurisdiction.
        self.places: list[Hit] = []
        # An action in the field belongs to something that is not an app ("social media ban").
        self.measure_elsewhere = False


class Tagger:
    """A tagger over one catalog and rule book; `lexicon` must have been built from both."""

    def __init__(self, catalog: Catalog, rule_book: RuleBook, lexicon: Lexicon) -> None:
        self.catalog = catalog
        self.rule_book = rule_book
        self.lexicon = lexicon
        self._commentary = tuple(fold(prefix) for prefix in rule_book.commentary_prefixes)
        self._court_documents = tuple(fold(opener) for opener in rule_book.court_document_openers)
        self._question_openers = tuple(fold(word) for word in rule_book.question_openers)
        self._explainer_openers = tuple(fold(word) for word in rule_book.explainer_openers)
        self._clause_breaks = tuple(fold(word) for word in rule_book.clause_breaks)
        self._background_words = tuple(fold(word) for word in rule_book.background_clauses)
        self._figurative = frozenset(
            fold(phrase).strip()
            for kind in rule_book.figurative_cues
            for phrase in rule_book.cues[kind]
            if len(fold(phrase).split()) == 1
        )

    def tag(self, title: str, summary: str = "") -> Tags:
        title, summary = self._literal(title), self._literal(summary)
        folded_title, folded_summary = fold(title), fold(summary)
        title_matches = self.lexicon.matches(folded_title)
        summary_matches = self.lexicon.matches(folded_summary)
        # Most feed items name none of our apps: nothing more to read.
        if not (
            self.lexicon.names_an_entity(title_matches)
            or self.lexicon.names_an_entity(summary_matches)
        ):
            return _NOTHING
        title_hits = self.lexicon.scan(folded_title, title_matches)
        summary_hits = self.lexicon.scan(folded_summary, summary_matches)
        title_reading = self._settle(self._read("title", folded_title, title_hits))
        # The summary's cues are settled only if the headline leaves the event open.
        summary_reading = self._read("summary", folded_summary, summary_hits)
        apps = tuple(self._apps(title_reading, summary_reading))
        dismissal = self._dismissal(title, folded_title, title_reading)
        # A dismissed headline, or one with no app, needs no event.
        event = self._event(title_reading, summary_reading) if apps and not dismissal else None
        evidence = _app_evidence(apps) + title_reading.notes + summary_reading.notes
        if dismissal is not None:
            evidence.append(dismissal)
        if event is None:
            return Tags(
                relevant=False,
                apps=apps,
                confidence=0.1 if apps else 0.0,
                evidence=tuple(evidence),
            )
        place = choose_jurisdiction(
            title_reading.places, summary_reading.places, folded_title, folded_summary
        )
        evidence.extend(
            f"cue:{cue.term.kind}='{cue.term.phrase}'@{event.field}" for cue in event.cues
        )
        evidence.append(f"rule:{event.rule.name}@{event.field}")
        if place is not None:
            evidence.append(f"jurisdiction:{place.code}='{place.phrase}'")
        return Tags(
            relevant=True,
            apps=apps,
            jurisdiction=place.code if place else None,
            event_type=event.rule.event_type,
            direction=event.rule.direction,
            confidence=_confidence(event, title_reading, place),
            evidence=tuple(evidence),
        )

    def _literal(self, text: str) -> str:
        """`text` with the capitalised "US" spelled "U.S." and measures named in scare quotes
        ("'banned'") left out."""
        if "US" in text:
            text = _US.sub("U.S.", text)
        # Only a quote that opens a word can open scare quotes: "TikTok's" has none.
        if " '" in text or ' "' in text or "‘" in text or "“" in text or text[:1] in "'\"":
            text = _QUOTED_WORD.sub(self._unless_figurative, text)
        return text

    def _unless_figurative(self, quoted: re.Match[str]) -> str:
        start = quoted.start()
        opens_a_word = start == 0 or not quoted.string[start - 1].isalnum()
        figurative = opens_a_word and fold(quoted.group(1)).strip() in self._figurative
        return " " if figurative else quoted.group()

    def _read(self, name: str, folded: str, hits: tuple[Hit, ...]) -> _FieldReading:
        """Step 1: the field's hits sorted into cues, our entities, other things and verbs."""
        reading = _FieldReading(name, hits, folded)
        cues, named, others, verbs = reading.cues, reading.entities, reading.others, reading.verbs
        for hit in hits:
            term = hit.term
            family = term.family
            if family == Family.CUE:
                cues.append(hit)
            elif family == Family.ENTITY:
                (named if term.kind in NAMED else others).append(hit)
            elif family == Family.ACTOR:
                verbs.append(hit)
            elif term.kind == PLACE_KIND:
                reading.places.append(hit)
                if term.grade >= NAME:
                    # A government named by place or actor is the pseudo cue kind `place`, for
                    # rules that need it as a party ("judge rejects Montana's request").
                    cues.append(hit)
        return reading

    def _settle(self, reading: _FieldReading) -> _FieldReading:
        """Steps 2-4: drop the cues that our apps do themselves, that ask or set the scene, and
        that act on something else."""
        name, folded, hits = reading.name, reading.folded, reading.hits
        cues, named, others, verbs = reading.cues, reading.entities, reading.others, reading.verbs
        if verbs:
            for actor, verb in self._acting_entities(folded, hits, named, verbs, cues):
                cues = [cue for cue in cues if not verb.contains(cue)]
                reading.actors.append(actor)
                reading.notes.append(f"acts:{actor.term.value}='{verb.term.phrase}'@{name}")
        # "TikTok goes dark? Creators prepare": the clause before a question mark asks.
        if " ? " in folded:
            cues = [cue for cue in cues if not _in_question(cue, folded)]
        # "Shein moves HQ to Singapore amid scrutiny": a clause of circumstance is background.
        background = self._background_clause(folded)
        if background is not None:
            start, end = background
            cues = [cue for cue in cues if not start <= cue.start < end]
        # "Apple removes DeepSeek at the regulator's request": the company only carries out
        # a government's measure, so it does not take the cue.
        on_request = any(cue.term.kind == "on_request" for cue in cues)
        # "India tells Apple, Google to block the apps": companies told to act carry it out.
        told = _told_to_act(cues, others, folded)
        if told:
            others = [other for other in others if other not in told]
        for cue in list(cues) if others else ():
            if cue.term.kind not in self.rule_book.action_cues:
                continue
            other = _other_target(cue, named, others, folded, subject_acts=not on_request)
            if other is not None:
                cues.remove(cue)
                reading.notes.append(f"other-target:'{other.term.phrase}'@{name}")
                if other.term.kind == "other":
                    reading.measure_elsewhere = True
        reading.cues = cues
        reading.others = others
        return reading

    def _event(self, title: _FieldReading, summary: _FieldReading) -> RuleMatch | None:
        # A docket entry's headline is its case caption: "TikTok Inc. v. Garland" makes a
        # government a party to whatever the entry files or decides.
        caption_names_government = bool(title.places) and _CAPTION.search(title.folded) is not None
        clause = self._main_clause_end(title.folded)
        if clause is not None and any(
            cue.term.kind == MARKET and cue.start < clause for cue in title.cues
        ):
            # "Tencent shares slide as Washington targets WeChat": the market reacts in the main
            # clause, and the action it reacts to is the event.
            title_match = first_matching_rule(
                self.rule_book, [cue for cue in title.cues if cue.start >= clause], "title",
                title.hits, title.folded,
            )
        else:
            title_match = first_matching_rule(
                self.rule_book, title.cues, "title", title.hits, title.folded, clause,
                government_party=caption_names_government,
            )
        # "Senate passes kids' online safety bill" over "platforms including TikTok, Instagram
        # and Snapchat" (see `_named_in_passing`), "Parliament closes its TikTok account": a
        # headline about something else.
        headline_is_ours = any(
            not title.folded.startswith(_PLATFORM_WORDS, entity.end) for entity in title.entities
        )
        if headline_is_ours and title_match is not None and not (
            title_match.rule.generic or title_match.rule.scoped_by
        ):
            return title_match  # the summary could not override it: no need to read it
        self._settle(summary)
        if title_match is None:
            # "Trump says he'll give TikTok 90 more days": the headline reports a statement or a
            # condition, and the summary only details it.
            held_back = held_back_rule(
                self.rule_book, title.cues, "title", title.hits, title.folded
            )
            if held_back is not None:
                title.notes.append(
                    f"held-back:{held_back.rule.name}@title by "
                    + ",".join(f"'{cue.term.phrase}'" for cue in held_back.cues)
                )
                return None
            # "Justices lean toward government in TikTok arguments": a headline that reports a
            # leaning, and no action, is not completed by its summary.
            leaning = next((cue for cue in title.cues if cue.term.kind == LEANING), None)
            if leaning is not None:
                title.notes.append(f"leaning:'{leaning.term.phrase}'@title")
                return None
            # "Australia passes social media ban for under-16s": the headline's measure is
            # about something else, which the summary only details.
            if title.measure_elsewhere:
                return None
        if title_match is None or title_match.rule.generic:
            # "No order to unblock TikTok, officials say", "No order to lift WeChat block": the
            # headline denies an action, and the summary only details the denial. (A denial
            # after the measure qualifies it: "orders TikTok to close office, but no ban".)
            first = min((cue.start for cue in title_match.cues), default=0) if title_match else None
            denial = next(
                (
                    cue for cue in title.cues
                    if cue.term.kind == NEGATED and (first is None or cue.start < first)
                ),
                None,
            )
            if denial is not None:
                title.notes.append(f"denied:'{denial.term.phrase}'@title")
                return None
        if not headline_is_ours and (not summary.entities or _named_in_passing(summary)):
            summary.notes.append("in-passing@summary")
            return None
        if summary.folded.startswith(self._commentary):
            # "An explainer on ...": the summary describes a commentary
            return title_match if headline_is_ours else None
        summary_match = first_matching_rule(
            self.rule_book, summary.cues, "summary", summary.hits, summary.folded,
            government_party=caption_names_government,
        )
        return choose_event(title_match, summary_match)

    def _background_clause(self, folded: str) -> tuple[int, int] | None:
        """Where a clause of circumstance ("amid ...", "despite ...") starts and ends."""
        starts = [at for word in self._background_words if (at := folded.find(word)) >= 0]
        if not starts:
            return None
        start = min(starts)
        end = folded.find(" , ", start + 1)
        return start, end if end >= 0 else len(folded)

    def _main_clause_end(self, folded: str) -> int | None:
        """Where a headline's subordinate clause ("after ...", "amid ...") starts, if it has one."""
        ends = [
            at for word in self._clause_breaks
            if (at := folded.find(word)) > 0 and not folded.startswith(_NOT_A_CLAUSE, at - 5)
        ]
        return min(ends) if ends else None

    def _acting_entities(
        self, folded: str, hits: Sequence[Hit], named: Sequence[Hit], verbs: Sequence[Hit],
        cues: Sequence[Hit],
    ) -> Iterator[tuple[Hit, Hit]]:
        """(entity, verb) pairs where a named app or company does the verb's action itself."""
        ordered = {cue.end + 1 for cue in cues if cue.term.kind == "order"}
        for entity in named:
            if entity.start in ordered:
                continue  # "orders Temu to suspend": told to act, by someone else
            verb_start = self._after_product_words(folded, entity.end + 1)
            for verb in verbs:
                # "TikTok removed from app stores": the verb is part of a longer cue phrase.
                if verb.start != verb_start or any(
                    cue.contains(verb) and cue.end - cue.start > verb.end - verb.start
                    for cue in cues
                ):
                    continue
                # "TikTok, WeChat bans": a verb that is also a plural noun acts only on an object.
                if verb.term.phrase in self.rule_book.noun_verbs and folded[verb.end:].startswith(
                    _NO_OBJECT
                ):
                    continue
                # "TikTok sues Montana": the app takes a government to court, which is news.
                if verb.term.kind == "litigation" and government_involved(
                    verb, hits, self.rule_book.measure_cues, folded
                ):
                    continue
                yield entity, verb

    def _after_product_words(self, folded: str, start: int) -> int:
        """Where the verb after an app's name starts, past the names of the app's own products
        and features ("TikTok *Music* shuts down", "WeChat *Pay* halts")."""
        while True:
            end = folded.find(" ", start)
            if end < 0 or folded[start:end] not in self.rule_book.product_words:
                return start
            start = end + 1

    def _dismissal(self, raw_title: str, folded_title: str, title: _FieldReading) -> str | None:
        """Why the headline shows the item is not news of an action against our apps, if it does."""
        # "Opinion of the Court" is a ruling, not a column.
        if folded_title.startswith(self._commentary) and not folded_title.startswith(
            self._court_documents
        ):
            prefix = next(p for p in self._commentary if folded_title.startswith(p))
            return f"dismissed:commentary '{prefix.strip()}'"
        cue_phrases = {hit.term.kind: hit.term.phrase for hit in title.cues}
        if "commentary" in cue_phrases:
            return f"dismissed:commentary '{cue_phrases['commentary']}'"
        # "What is Project Texas?", "Will TikTok be banned?": a question, not a report; "Why
        # Nepal banned TikTok", "How the ban would work": an explainer.
        if folded_title.startswith(self._explainer_openers) or (
            ("?" in raw_title or "？" in raw_title)
            and folded_title.startswith(self._question_openers)
        ):
            # "Will Temu be banned in Europe? What the probe could mean": the first sentence asks.
            return "dismissed:the headline asks or explains"
        # "抖音：14岁以下用户每天最多使用40分钟": the app speaks about its own rules.
        # "TikTok: il Garante dispone ...", a topic label, names the government that acts.
        speaker = _SPEAKER.match(raw_title)
        if speaker and title.entities and fold(speaker.group(1)) == fold(
            title.entities[0].term.phrase
        ) and not any(place.term.grade >= NAME for place in title.places):
            return "dismissed:the app speaks"
        if MARKET in cue_phrases and not self._market_reacts_to_action(folded_title, title):
            return f"dismissed:market news '{cue_phrases[MARKET]}'"
        # The first app named is the headline's subject: when it acts, the others are its
        # objects ("WeChat blocks links to Douyin").
        if title.actors and title.entities and title.entities[0] in title.actors:
            return "dismissed:the headline's apps act themselves"
        if not title.entities:
            elsewhere = next(
                (hit for hit in title.hits if hit.term.kind == "other_company"), None
            )
            if elsewhere is not None:
                return f"dismissed:the headline is about '{elsewhere.term.phrase}'"
        return None

    def _market_reacts_to_action(self, folded_title: str, title: _FieldReading) -> bool:
        """Whether a market headline's subordinate clause reports the action the market reacts
        to, about one of our apps: "Tencent shares slide as Washington bans WeChat" reports the
        ban; "Kuaishou stock slides as Beijing tightens rules on livestreaming" does not. A
        market word after a reported action is no market news: "Paxton files suit saying
        TikTok shares minors' data"."""
        market = next(cue.start for cue in title.cues if cue.term.kind == MARKET)
        earlier = [cue for cue in title.cues if cue.end <= market]
        if first_matching_rule(self.rule_book, earlier, "title", title.hits, folded_title):
            return True
        clause = self._main_clause_end(folded_title)
        if clause is None or any(
            cue.term.kind == MARKET and cue.start >= clause for cue in title.cues
        ) or not any(entity.start >= clause for entity in title.entities):
            return False
        later = [cue for cue in title.cues if cue.start >= clause]
        return first_matching_rule(
            self.rule_book, later, "title", title.hits, folded_title
        ) is not None

    @staticmethod
    def _left_out(app: Hit, field: _FieldReading, others_named: bool) -> bool:
        """"Uzbekistan unblocks WeChat; TikTok stays restricted", "... talks with TikTok, which
        remains restricted": an app named beside others only to say that its measure stays is
        not part of the relief."""
        return others_named and any(
            hit.term.kind == REFUSES_RELIEF and hit.start >= app.end
            and _RELATIVE.issuperset(field.folded[app.end:hit.start].split())
            for hit in field.hits
        )

    def _apps(self, title: _FieldReading, summary: _FieldReading) -> Iterator[AppMatch]:
        """Named apps first, then the apps of companies and classes named in the headline.

        A company or class named next to one of its own apps describes that app ("TikTok owner
        ByteDance"), so it widens the match only when none of its apps is named; one named only
        in the summary is background. So is an app named in the summary only to name an earlier
        measure ("the state's earlier TikTok ban") when the headline is about other apps.
        """
        named = {
            hit.term.value: hit.term.phrase for hit in title.entities
            if hit.term.kind == "app" and not self._left_out(hit, title, len(title.entities) > 1)
        }
        # Where a measure's cue starts in the summary: an app just before it names the measure.
        measure_starts = {
            hit.start for hit in summary.hits
            if hit.term.family == Family.CUE and hit.term.kind in self.rule_book.measure_cues
        } if named and summary.entities else set()
        for hit in summary.entities:
            if hit.term.kind != "app" or hit.term.value in named:
                continue
            if named and (
                hit.end + 1 in measure_starts
                or self._left_out(hit, summary, True)
            ):
                summary.notes.append(f"background:{hit.term.value}='{hit.term.phrase}'@summary")
                continue
            named[hit.term.value] = hit.term.phrase
        yield from (AppMatch(slug, "alias", phrase) for slug, phrase in named.items())
        seen = set(named)
        if any(hit.term.kind == "app" for hit in title.entities):
            # "PIPC finds DeepSeek sent data to ByteDance": the headline names its app, and a
            # company or class beside it is a party, not the target.
            return
        for via, kind, apps_of in (
            ("owner", "company", self.catalog.apps_by_company),
            ("class", "class", self.catalog.apps_by_class),
        ):
            widened: list[AppMatch] = []
            for hit in title.entities:
                if hit.term.kind != kind:
                    continue
                members = apps_of.get(hit.term.value, ())
                if seen.intersection(members):
                    continue
                flagships = self.catalog.flagships.get(hit.term.value, ()) if via == "owner" else ()
                widened.extend(
                    AppMatch(slug, "flagship" if slug in flagships else via, hit.term.phrase)
                    for slug in sorted(members, key=lambda slug: slug not in flagships)
                    if slug not in seen
                )
            yield from widened
            seen.update(match.slug for match in widened)


def _other_target(
    cue: Hit, named: Sequence[Hit], others: Sequence[Hit], folded: str, subject_acts: bool = True
) -> Hit | None:
    """What the action cue belongs to when that is not one of our apps, if anything.

    Something else right before the cue acts ("Google suspends Pinduoduo", "TikTok star banned"),
    unless one of ours is listed with it ("PUBG and Free Fire taken offline") or `subject_acts`
    is false; something
    else attached to the cue ("phone ban", "bans Huawei") takes it unless one of ours is
    attached too.
    """
    ours = [entity for entity in named if _attached(cue, entity, folded, others)]
    subject = next((other for other in others if cue.start == other.end + 1), None)
    if subject is not None and subject_acts and (
        # "TikTok star banned": our app only names the kind of star
        any(entity.end + 1 == subject.start for entity in ours)
        or not any(entity.end <= cue.start for entity in ours)
    ):
        return subject
    if ours:
        return None
    return next((other for other in others if _attached(cue, other, folded, named)), None)


def _told_to_act(cues: Sequence[Hit], others: Sequence[Hit], folded: str) -> list[Hit]:
    """The other companies that an order cue addresses: "orders Apple and Google to ..."."""
    orders = [cue for cue in cues if cue.term.kind == "order"]
    if not orders:
        return []
    told: list[Hit] = []
    for other in others:
        if other.term.kind != "other_company":
            continue
        order = max((cue for cue in orders if cue.end <= other.start), default=None,
                    key=lambda cue: cue.end)
        if order is None:
            continue
        between = folded[order.end:other.start]
        for earlier in told:
            if order.end <= earlier.start:
                between = between.replace(folded[earlier.start:earlier.end], " ", 1)
        if _LIST_WORDS.issuperset(between.split()):
            told.append(other)
    return told


def _in_question(cue: Hit, folded: str) -> bool:
    """The cue's clause ends with a question mark."""
    after = folded[cue.end:]
    question, comma = after.find(" ? "), after.find(" , ")
    return question >= 0 and (comma < 0 or question < comma)


def _app_evidence(apps: Sequence[AppMatch]) -> list[str]:
    """One line per app named or stood for by its company ("alias:tiktok='TikTok'",
    "flagship:tiktok='ByteDance'"), and one per company or class that widened the match
    ("owner='ByteDance'", "class='Chinese apps'")."""
    lines = (
        f"{app.via}:{app.slug}='{app.phrase}'" if app.named else f"{app.via}='{app.phrase}'"
        for app in apps
    )
    return list(dict.fromkeys(lines))


def _named_in_passing(summary: _FieldReading) -> bool:
    """The summary names our apps only as examples, beside other companies ("platforms
    including TikTok, Instagram and Snapchat") or as the presumed target ("Shein is widely
    seen as the target"): a headline that names none of ours then reports a rule for everyone,
    whatever else the summary says of it."""
    folded = summary.folded
    return bool(summary.entities) and all(
        folded.startswith(_PRESUMED, entity.end)
        or any(_attached(entity, other, folded, summary.entities) for other in summary.others)
        for entity in summary.entities
    )


def _attached(cue: Hit, entity: Hit, folded: str, listed: Sequence[Hit]) -> bool:
    """The cue acts on or belongs to `entity`: they overlap, or only linking words and the
    `listed` entities stand between them ("bans Huawei and TikTok")."""
    if entity.overlaps(cue):
        return True
    left, right = (cue, entity) if cue.end <= entity.start else (entity, cue)
    between = folded[left.end:right.start]
    for hit in listed:
        if left.end <= hit.start and hit.end <= right.start:
            between = between.replace(folded[hit.start:hit.end], " ", 1)
    words = between.split()
    return len(words) <= _MAX_LINKING_WORDS and _LINKING_WORDS.issuperset(words)


def _confidence(
    event: RuleMatch, title: _FieldReading, place: JurisdictionChoice | None
) -> float:
    """A heuristic 0.5-1 score for relevant items: more when the headline carries the facts."""
    score = 0.5
    if event.field == "title":
        score += 0.15
    if title.entities:
        score += 0.15
    if not event.rule.generic:
        score += 0.1
    if place is not None:
        score += 0.05
    return round(min(score, 0.95), 2)
