"""How alike two headlines are, as sets of content words: word order, tense and filler differ
between outlets reporting one happening, the names and verbs they share do not."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

_LATIN_WORD = re.compile(r"[a-z0-9]+")
# Chinese headlines have no spaces: overlapping character pairs stand in for words.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")

_FILLER: Final = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "over",
        "says",
        "said",
        "than",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "would",
        "could",
        "after",
        "amid",
        "new",
    }
)


def _stem(word: str) -> str:
    """Folds the plural/third-person 's' so "bans"/"ban" and "upholds"/"uphold" meet."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def title_tokens(title: str) -> frozenset[str]:
    text = unicodedata.normalize("NFKC", title).lower()
    words = {_stem(w) for w in _LATIN_WORD.findall(text) if w not in _FILLER}
    for run in _HAN_RUN.findall(text):
        words.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    return frozenset(words)


def token_set_similarity(first: str, second: str) -> float:
    """Shared content words over the smaller title's: a terse headline that is all contained
    in a long one is the same story; 0.0 when either title has no content words."""
    a, b = title_tokens(first), title_tokens(second)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
