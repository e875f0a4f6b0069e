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
from operator import itemgetter
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


# What the automaton gives for each match: the end of the phrase, and (its length without the
# padding, its terms, whether any of them names one of our apps, companies or classes).
Match = tuple[int, tuple[int, tuple[Term, ...], bool]]
NAMED: Final = frozenset({"app", "company", "class"})
_START = itemgetter(1)
_END = itemgetter(2)
_VALUE = itemgetter(1)
_NAMES = itemgetter(2)


class Lexicon:
    def __init__(self, terms: Iterable[Term]) -> None:
        by_key: dict[str, list[Term]] = defaultdict(list)
        for term in terms:
            key = fold(term.phrase)
            # Spellings that fold alike ("Attorney-General X", "Attorney General X") are one term.
            if not any(_same_meaning(term, known) for known in by_key[key]):
                by_key[key].append(term)
        self._automaton = ahocorasick.Automaton()
        for key, key_terms in by_key.items():
            names = any(term.family == Family.ENTITY and term.kind in NAMED for term in key_terms)
            # Keys are padded with one space on each side; the words lie between the pads.
            self._automaton.add_word(key, (len(key) - 2, tuple(key_terms), names))
        self._automaton.make_automaton()
        self.size = len(by_key)

    def matches(self, folded: str) -> list[Match]:
        """The raw matches in `folded` (from `fold`): cheap, for `names_an_entity` and `scan`."""
        return list(self._automaton.iter(folded))

    @staticmethod
    def names_an_entity(matches: Iterable[Match]) -> bool:
        """Whether the matches name one of our apps, their companies or classes."""
        return any(map(_NAMES, map(_VALUE, matches)))

    def scan(self, folded: str, matches: list[Match] | None = None) -> tuple[Hit, ...]:
        """The hits in `folded` (from `fold`), in text order, overlaps settled per family;
        `matches` are `self.matches(folded)` when the caller has them already."""
        if matches is None:
            matches = self.matches(folded)
        new_hit = tuple.__new__
        found = [
            new_hit(Hit, (term, last - length, last))
            for last, (length, terms, _) in matches
            for term in terms
        ]
        # Leftmost first, then longest first: two stable sorts on C-level keys.
        found.sort(key=_END, reverse=True)
        found.sort(key=_START)
        kept: list[Hit] = []
        # family -> (start, end) of the last hit kept in it
        last_kept: dict[str, tuple[int, int]] = {}
        for hit in found:
            term, start, end = hit
            previous = last_kept.get(term.family)
            if previous is None or start >= previous[1]:
                kept.append(hit)
                last_kept[term.family] = (start, end)
            elif previous == (start, end):
                kept.append(hit)  # one phrase with two meanings in the family: keep both
        return tuple(kept)


def _same_meaning(one: Term, other: Term) -> bool:
    return (one.family, one.kind, one.value, one.grade) == (
        other.family, other.kind, other.value, other.grade
    )


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
