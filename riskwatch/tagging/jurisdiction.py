"""Picks the one jurisdiction an item is about, from the place phrases found in it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from riskwatch.tagging.lexicon import Hit

# A phrase in the headline names the acting government more reliably than one in the summary,
# which often recalls other countries' earlier moves.
TITLE_WEIGHT = 2
# A place joined to one of these describes a person or a company, not a government acting:
# "Taiwan-born lawmaker", "China-based developer", "US-listed shares".
DESCRIBING = (
    " born ", " based ", " headquartered ", " owned ", " made ", " linked ", " backed ",
    " listed ", " links ", " ties ",
)

# ...and so does a place named as what something is tied to: "apps with links to China and Hong
# Kong" are blocked by India, not by either of them.
_TIED_TO = re.compile(r" (?:links?|ties|tied|linked|connections|connected) to (?:[^\s,]+ ){0,3}$")
_TIED_TO_REACH = 40


def _tied_to(folded: str, start: int) -> bool:
    """Whether the place starting at `start` is what something is tied to; the plain search
    for " to " first spares most places the regex, on the tagger's hot path."""
    reach = max(0, start - _TIED_TO_REACH)
    return folded.find(" to ", reach, start) != -1 and _TIED_TO.search(
        folded, reach, start) is not None


@dataclass(frozen=True, slots=True)
class JurisdictionChoice:
    code: str
    phrase: str


def choose_jurisdiction(
    title_places: Sequence[Hit], summary_places: Sequence[Hit], title: str = "", summary: str = ""
) -> JurisdictionChoice | None:
    """The jurisdiction with the highest graded score; ties go to the one named first.
    The places are each field's hits of the `place` kind; `title` and `summary` are the folded
    texts, to leave out places that only describe ("Taiwan-born lawmaker")."""
    scores: dict[str, int] = defaultdict(int)
    first_phrase: dict[str, str] = {}
    for weight, hits, folded in (
        (TITLE_WEIGHT, title_places, title), (1, summary_places, summary)
    ):
        for hit in hits:
            if not folded.startswith(DESCRIBING, hit.end) and not _tied_to(folded, hit.start):
                scores[hit.term.value] += hit.term.grade * weight
                first_phrase.setdefault(hit.term.value, hit.term.phrase)
    if not scores:
        return None
    # dicts keep insertion order, so max() breaks ties in favour of the first-named jurisdiction
    code = max(scores, key=scores.__getitem__)
    return JurisdictionChoice(code, first_phrase[code])
