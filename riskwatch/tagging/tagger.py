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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from riskwatch.domain.tags import AppMatch, Tags
from riskwatch.tagging.catalog import Catalog
from riskwatch.tagging.events import (
    RuleMatch,
    choose_event,
    first_matching_rule,
    government_involved,
)
from riskwatch.tagging.jurisdiction import JurisdictionChoice, choose_jurisdiction
from riskwatch.tagging.lexicon import Family, Hit, Lexicon
from riskwatch.tagging.normalise import fold
from riskwatch.tagging.rules import RuleBook

# Words that may stand between a cue and what it acts on: "ban on the use of TikTok".
_LINKING_WORDS = frozenset(
    {"on", "of", "against", "the", "a", "an", "use", "using", "to", "s", "and", "or", ","}
)
_MAX_LINKING_WORDS = 4
_NAMED_ENTITIES = frozenset({"app", "company", "class"})
_NOTHING = Tags(relevant=False)


@dataclass(slots=True)
class _FieldReading:
    """What one field says, after steps 1-4."""

    name: str
    hits: tuple[Hit, ...]
    folded: str
    cues: list[Hit] = field(default_factory=list)
    entities: list[Hit] = field(default_factory=list)
    actors: list[Hit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Tagger:
    """A tagger over one catalog and rule book; `lexicon` must have been built from both."""

    def __init__(self, catalog: Catalog, rule_book: RuleBook, lexicon: Lexicon) -> None:
        self.catalog = catalog
        self.rule_book = rule_book
        self.lexicon = lexicon
        self._commentary = tuple(fold(prefix) for prefix in rule_book.commentary_prefixes)

    def tag(self, title: str, summary: str = "") -> Tags:
        folded_title, folded_summary = fold(title), fold(summary)
        title_hits = self.lexicon.scan(folded_title)
        summary_hits = self.lexicon.scan(folded_summary)
        # Most feed items name none of our apps: nothing more to read.
        if not any(hit.term.kind in _NAMED_ENTITIES for hit in title_hits + summary_hits):
            return _NOTHING
        title_reading = self._read("title", folded_title, title_hits)
        summary_reading = self._read("summary", folded_summary, summary_hits)
        apps = tuple(self._apps(title_reading, summary_reading))
        evidence = _app_evidence(apps) + title_reading.notes + summary_reading.notes
        event = self._event(title_reading, summary_reading)
        dismissal = self._dismissal(folded_title, title_reading)
        if dismissal is not None:
            evidence.append(dismissal)
        if not apps or event is None or dismissal is not None:
            return Tags(
                relevant=False,
                apps=apps,
                confidence=0.1 if apps else 0.0,
                evidence=tuple(evidence),
            )
        place = choose_jurisdiction(title_reading.hits, summary_reading.hits)
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

    def _read(self, name: str, folded: str, hits: tuple[Hit, ...]) -> _FieldReading:
        reading = _FieldReading(name, hits, folded)
        cues: list[Hit] = []
        named: list[Hit] = []
        others: list[Hit] = []
        verbs: list[Hit] = []
        for hit in hits:
            family = hit.term.family
            if family == Family.CUE:
                cues.append(hit)
            elif family == Family.ENTITY:
                (named if hit.term.kind in _NAMED_ENTITIES else others).append(hit)
            elif family == Family.ACTOR:
                verbs.append(hit)
        for actor, verb in self._acting_entities(folded, hits, named, verbs, cues):
            cues = [cue for cue in cues if not verb.contains(cue)]
            reading.actors.append(actor)
            reading.notes.append(f"acts:{actor.term.value}='{verb.term.phrase}'@{name}")
        for cue in list(cues):
            if cue.term.kind not in self.rule_book.action_cues:
                continue
            other = _other_target(cue, named, others, folded)
            if other is not None:
                cues.remove(cue)
                reading.notes.append(f"other-target:'{other.term.phrase}'@{name}")
        reading.cues = cues
        reading.entities = named
        return reading

    def _event(self, title: _FieldReading, summary: _FieldReading) -> RuleMatch | None:
        title_match = first_matching_rule(
            self.rule_book, title.cues, "title", title.hits, title.folded
        )
        if title_match is not None and not title_match.rule.generic:
            return title_match  # the summary could not override it: no need to read it
        summary_match = first_matching_rule(
            self.rule_book, summary.cues, "summary", summary.hits, summary.folded
        )
        return choose_event(title_match, summary_match)

    def _acting_entities(
        self, folded: str, hits: Sequence[Hit], named: Sequence[Hit], verbs: Sequence[Hit],
        cues: Sequence[Hit],
    ) -> Iterator[tuple[Hit, Hit]]:
        """(entity, verb) pairs where a named app or company does the verb's action itself."""
        ordered = {cue.end + 1 for cue in cues if cue.term.kind == "order"}
        for entity in named:
            if entity.start in ordered:
                continue  # "orders Temu to suspend": told to act, by someone else
            for verb in verbs:
                # "TikTok removed from app stores": the verb is part of a longer cue phrase.
                if verb.start != entity.end + 1 or any(
                    cue.contains(verb) and cue.end - cue.start > verb.end - verb.start
                    for cue in cues
                ):
                    continue
                # "TikTok sues Montana": the app takes a government to court, which is news.
                if verb.term.kind == "litigation" and government_involved(
                    verb, hits, self.rule_book.measure_cues, folded
                ):
                    continue
                yield entity, verb

    def _dismissal(self, folded_title: str, title: _FieldReading) -> str | None:
        """Why the headline shows the item is not news of an action against our apps, if it does."""
        commentary = next((p for p in self._commentary if folded_title.startswith(p)), None)
        if commentary is not None:
            return f"dismissed:commentary '{commentary.strip()}'"
        if title.actors and all(entity in title.actors for entity in title.entities):
            return "dismissed:the headline's apps act themselves"
        if not title.entities:
            elsewhere = next(
                (hit for hit in title.hits if hit.term.kind == "other_company"), None
            )
            if elsewhere is not None:
                return f"dismissed:the headline is about '{elsewhere.term.phrase}'"
        return None

    def _apps(self, title: _FieldReading, summary: _FieldReading) -> Iterator[AppMatch]:
        """Named apps first, then the apps of companies and classes named in the headline.

        A company or class named next to one of its own apps describes that app ("TikTok owner
        ByteDance"), so it widens the match only when none of its apps is named; one named only
        in the summary is background. So is an app named in the summary only to name an earlier
        measure ("the state's earlier TikTok ban") when the headline is about other apps.
        """
        named = {
            hit.term.value: hit.term.phrase for hit in title.entities if hit.term.kind == "app"
        }
        measures = [
            hit for hit in summary.hits
            if hit.term.family == Family.CUE and hit.term.kind in self.rule_book.measure_cues
        ]
        for hit in summary.entities:
            if hit.term.kind != "app" or hit.term.value in named:
                continue
            if named and any(measure.start == hit.end + 1 for measure in measures):
                summary.notes.append(f"background:{hit.term.value}='{hit.term.phrase}'@summary")
                continue
            named[hit.term.value] = hit.term.phrase
        yield from (AppMatch(slug, "alias", phrase) for slug, phrase in named.items())
        seen = set(named)
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
                widened.extend(
                    AppMatch(slug, via, hit.term.phrase) for slug in members if slug not in seen
                )
            yield from widened
            seen.update(match.slug for match in widened)


def _other_target(
    cue: Hit, named: Sequence[Hit], others: Sequence[Hit], folded: str
) -> Hit | None:
    """What the action cue belongs to when that is not one of our apps, if anything.

    Something else right before the cue acts ("Google suspends Pinduoduo"), unless one of ours
    is listed with it ("PUBG and Free Fire taken offline"); something else attached to the cue
    ("phone ban", "bans Huawei") takes it unless one of ours is attached too.
    """
    ours = [entity for entity in named if _attached(cue, entity, folded, others)]
    subject = next((other for other in others if cue.start == other.end + 1), None)
    if subject is not None and not any(entity.end <= cue.start for entity in ours):
        return subject
    if ours:
        return None
    return next((other for other in others if _attached(cue, other, folded, named)), None)


def _app_evidence(apps: Sequence[AppMatch]) -> list[str]:
    """One line per named app ("alias:tiktok='TikTok'"), and one per company or class that
    widened the match ("owner='ByteDance'", "class='Chinese apps'")."""
    lines = (
        f"alias:{app.slug}='{app.phrase}'" if app.via == "alias" else f"{app.via}='{app.phrase}'"
        for app in apps
    )
    return list(dict.fromkeys(lines))


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
