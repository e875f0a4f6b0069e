"""Decides the event type and direction of an item from the cue phrases left in each field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from riskwatch.tagging.gazetteer import ACTOR, NAME
from riskwatch.tagging.lexicon import Family, Hit
from riskwatch.tagging.rules import EventRule, RuleBook

# How far from a cue the government on either side of it may be named: "Indiana Attorney
# General Todd Rokita filed two suits" puts 40 characters between them.
GOVERNMENT_REACH = 60
# The cue kind that names a government as a party ("the government's request").
GOVERNMENT_PARTY = "government_party"
# How far after a cue a statement or condition still governs it: the next word, past a comma
# ("ban looms", "ban: what happens").
VETO_REACH = 3
# Words before a court named as the forum of a case, not as a party to it.
_FORUM_WORDS = (" in ", " in the ", " at ", " at the ", " before ", " before the ")


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: EventRule
    field: str
    cues: tuple[Hit, ...]


def first_matching_rule(
    rule_book: RuleBook,
    cues: Sequence[Hit],
    field: str,
    hits: Sequence[Hit],
    folded: str,
    main_clause_end: int | None = None,
    government_party: bool = False,
) -> RuleMatch | None:
    """The first rule, in rule-book order, whose cue kinds all occur close together in `cues`;
    the cues of the main clause (before `main_clause_end`: "TikTok returns to app stores | after
    Trump delays ban") are read first, and all the cues only if those make no event.

    `hits` are all the field's hits and `folded` its text, for rules whose cue must have a
    government on one side; `government_party` says that one is a party already (a docket
    entry under the caption "TikTok Inc. v. Garland").
    """
    if main_clause_end is not None:
        main = [cue for cue in cues if cue.end <= main_clause_end]
        if main and len(main) < len(cues):
            found = first_matching_rule(
                rule_book, main, field, hits, folded, government_party=government_party
            )
            if found is not None and not found.rule.generic:
                return found
            # A bare "bans" in the main clause may be specified by the rest: "bans apps such
            # as TikTok on official devices".
            anywhere = first_matching_rule(
                rule_book, cues, field, hits, folded, government_party=government_party
            )
            return found if anywhere is None or anywhere.rule.generic else anywhere
    if not cues:
        return None
    by_kind: dict[str, list[Hit]] = defaultdict(list)
    for cue in cues:
        by_kind[cue.term.kind].append(cue)
    present = by_kind.keys()
    for rule in _worth_trying(rule_book, present):
        if rule.vetoes_anywhere and not present.isdisjoint(rule.vetoes_anywhere):
            continue
        if rule.could_fire(present):
            vetoes = [hit for kind in rule.vetoes_nearby for hit in by_kind.get(kind, ())]
            found = _cues_close_together(
                rule, by_kind, hits, rule_book.measure_cues, folded, vetoes, government_party
            )
            if found is not None:
                return RuleMatch(rule, field, found)
    return None


def held_back_rule(
    rule_book: RuleBook, cues: Sequence[Hit], field: str, hits: Sequence[Hit], folded: str
) -> RuleMatch | None:
    """The first rule that would fire in `cues` but for one of its `unless` kinds ("says he
    will ban", "if TikTok is banned"), with the cues that held it back."""
    if not any(cue.term.kind in rule_book.veto_kinds for cue in cues):
        return None
    by_kind: dict[str, list[Hit]] = defaultdict(list)
    for cue in cues:
        by_kind[cue.term.kind].append(cue)
    present = by_kind.keys()
    for rule in _worth_trying(rule_book, present):
        if present.isdisjoint(rule.unless) or not rule.could_fire(present):
            continue
        if _cues_close_together(rule, by_kind, hits, rule_book.measure_cues, folded) is None:
            continue
        anywhere = [hit for kind in rule.vetoes_anywhere for hit in by_kind.get(kind, ())]
        if anywhere:
            return RuleMatch(rule, field, tuple(anywhere))
        nearby = [hit for kind in rule.vetoes_nearby for hit in by_kind.get(kind, ())]
        if _cues_close_together(
            rule, by_kind, hits, rule_book.measure_cues, folded, nearby
        ) is None:
            return RuleMatch(rule, field, tuple(nearby))
    return None


def _worth_trying(rule_book: RuleBook, present: Collection[str]) -> list[EventRule]:
    """The rules whose first entry has a kind in `present`, in rule-book order."""
    needing = rule_book.rules_needing
    positions = {i for kind in present if kind in needing for i in needing[kind]}
    rules = rule_book.rules
    return [rules[i] for i in sorted(positions)]


def _cues_close_together(
    rule: EventRule,
    by_kind: dict[str, list[Hit]],
    hits: Sequence[Hit],
    measure_cues: Collection[str],
    folded: str,
    vetoes: Sequence[Hit] = (),
    government_party: bool = False,
) -> tuple[Hit, ...] | None:
    """The cues, one per entry of the rule, close to an anchor of its first entry; `vetoes`
    rule out an anchor they precede ("says he will *ban*") or directly follow ("*ban* looms")."""
    candidates = [
        [hit for kind in choice for hit in by_kind.get(kind, ())] for choice in rule.all_of
    ]
    first, *others = candidates
    for anchor in sorted(first, key=lambda hit: hit.start):
        if vetoes and any(
            veto.start < anchor.start or 0 <= veto.start - anchor.end <= VETO_REACH
            for veto in vetoes
        ):
            continue
        if rule.subject == "government" and not government_party and not government_involved(
            anchor, hits, measure_cues, folded
        ):
            continue
        chosen = [anchor]
        for hits_of_choice in others:
            near = [
                hit for hit in hits_of_choice
                if (rule.within is None or abs(hit.start - anchor.start) <= rule.within)
                and (not rule.ordered or hit.start >= chosen[-1].end)
            ]
            if not near:
                break
            chosen.append(min(near, key=lambda hit: abs(hit.start - anchor.start)))
        else:
            return tuple(chosen)
    return None


def government_involved(
    cue: Hit, hits: Sequence[Hit], measure_cues: Collection[str], folded: str
) -> bool:
    """A government acts just before `cue` ("Indiana sues", "the attorney general's complaint")
    or just after it in the passive ("sued by Arkansas"), or is the other side after it: an
    authority anywhere after, a place right after ("sues Montana"), or a law, ban or order
    ("sue to block the executive order"), or a government as a party ("action brought against
    the Commission").
    A place further after is only where it happens ("filed a complaint in California"), and so
    is a court named after "in" ("sues Temu in London High Court").
    """
    for hit in hits:
        is_place = hit.term.family == Family.PLACE and hit.term.kind == "place"
        if hit.end <= cue.start:
            if cue.start - hit.end <= GOVERNMENT_REACH and (
                (is_place and hit.term.grade >= NAME)
                # "the attorney general's complaint", "the state's lawsuit", "检察长...起诉"
                or (hit.term.family == Family.CUE and hit.term.kind == GOVERNMENT_PARTY)
            ):
                return True
        elif hit.start > cue.start and hit.start - cue.end <= GOVERNMENT_REACH:
            if is_place and (
                (hit.term.grade >= ACTOR and not folded.endswith(_FORUM_WORDS, 0, hit.start))
                or (hit.term.grade >= NAME and folded[cue.end:hit.start].split() in ([], ["by"]))
            ):
                return True
            if hit.term.family == Family.CUE and (
                hit.term.kind in measure_cues or hit.term.kind == GOVERNMENT_PARTY
            ):
                return True
    return False


def choose_event(title: RuleMatch | None, summary: RuleMatch | None) -> RuleMatch | None:
    """The headline's rule, unless it is generic ("ban") and the summary says something specific
    that is not mere background, or the summary's rule says what the headline's measure covers
    (its `scoped_by`: an order that the summary shows to be a device ban)."""
    if title is not None and summary is not None and summary.rule.name in title.rule.scoped_by:
        return summary
    if title is not None and not title.rule.generic:
        return title
    if summary is not None and not summary.rule.generic and (
        title is None or not summary.rule.background
    ):
        return summary
    return title or summary
