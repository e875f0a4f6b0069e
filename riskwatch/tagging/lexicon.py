"""One Aho-Corasick automaton over every phrase the tagger knows: app, company and class names,
jurisdiction phrases, cue phrases and actor verbs.

A text is scanned once, whatever the number of phrases. Phrases are stored folded and padded
(" tiktok "), so they match whole words only. Overlaps are settled within a family of terms,
leftmost-longest first: "refuses to block" hides the cue "block", "Montana Supreme Court" hides
"Supreme Court", while an app name and a cue may share words with each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, NamedTuple

import ahocorasick

from riskwatch.tagging.catalog import Catalog
from riskwatch.tagging.gazetteer import Gazetteer
from riskwatch.tagging.normalise import fold
from riskwatch.tagging.rules import RuleBook


class Family:
    """Families of terms; overlaps are settled within a family only."""

    # kinds: app, company, class; other_company and other (what is not one of our apps)
    ENTITY: Final = "entity"
    PLACE: Final = "place"  # kinds: place (value = jurisdiction code), not_place
    CUE: Final = "cue"  # kinds: the rule book's cue kinds
    ACTOR: Final = "actor"  # kinds: actor, litigation


@dataclass(frozen=True, slots=True)
class Term:
    """What a phrase means; `phrase` is spelled as in the data file, for evidence."""

    family: str
    kind: str
    value: str
    phrase: str
    grade: int = 0


class Hit(NamedTuple):
    """A term found in a folded text; `start`/`end` delimit its words (end exclusive)."""

    term: Term
    start: int
    end: int

    def contains(self, other: Hit) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Hit) -> bool:
        return self.start < other.end and other.start < self.end


class Lexicon:
    def __init__(self, terms: Iterable[Term]) -> None:
        by_key: dict[str, list[Term]] = defaultdict(list)
        for term in terms:
            key = fold(term.phrase)
            if term not in by_key[key]:
                by_key[key].append(term)
        self._automaton = ahocorasick.Automaton()
        for key, key_terms in by_key.items():
            self._automaton.add_word(key, (len(key), tuple(key_terms)))
        self._automaton.make_automaton()
        self.size = len(by_key)

    def scan(self, folded: str) -> tuple[Hit, ...]:
        """The hits in `folded` (from `fold`), in text order, overlaps settled per family."""
        found = [
            # Keys are padded with one space on each side; the words lie between the pads.
            Hit(term, last - length + 2, last)
            for last, (length, terms) in self._automaton.iter(folded)
            for term in terms
        ]
        found.sort(key=_leftmost_longest_first)
        kept: list[Hit] = []
        last_kept: dict[str, Hit] = {}
        for hit in found:
            previous = last_kept.get(hit.term.family)
            if previous is None or hit.start >= previous.end:
                kept.append(hit)
                last_kept[hit.term.family] = hit
            elif hit.start == previous.start and hit.end == previous.end:
                kept.append(hit)  # one phrase with two meanings in the family: keep both
        return tuple(kept)


def _leftmost_longest_first(hit: Hit) -> tuple[int, int]:
    return hit.start, -hit.end


def build_lexicon(catalog: Catalog, gazetteer: Gazetteer, rule_book: RuleBook) -> Lexicon:
    return Lexicon(_terms(catalog, gazetteer, rule_book))


def _terms(catalog: Catalog, gazetteer: Gazetteer, rule_book: RuleBook) -> Iterable[Term]:
    for app in catalog.apps:
        for alias in app.aliases:
            yield Term(Family.ENTITY, "app", app.slug, alias)
    for company in catalog.companies:
        for alias in company.aliases:
            yield Term(Family.ENTITY, "company", company.slug, alias)
    for app_class in catalog.classes:
        for phrase in app_class.phrases:
            yield Term(Family.ENTITY, "class", app_class.slug, phrase)
    for phrase in rule_book.other_companies:
        yield Term(Family.ENTITY, "other_company", phrase, phrase)
    for phrase in rule_book.other_targets:
        yield Term(Family.ENTITY, "other", phrase, phrase)
    for place in gazetteer.phrases():
        yield Term(Family.PLACE, "place", place.code, place.phrase, place.grade)
    for phrase in gazetteer.not_places:
        yield Term(Family.PLACE, "not_place", phrase, phrase)
    for kind, phrases in rule_book.cues.items():
        for phrase in phrases:
            yield Term(Family.CUE, kind, kind, phrase)
    litigation = set(rule_book.litigation_verbs)
    for phrase in rule_book.actor_verbs:
        yield Term(Family.ACTOR, "litigation" if phrase in litigation else "actor", phrase, phrase)
