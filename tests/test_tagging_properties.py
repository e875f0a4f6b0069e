"""Properties the tagger keeps for any input: it never raises, it is deterministic, and it does
not care about letter case or how words are spaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwatch.tagging import DATA_DIR, default_tagger, tag
from riskwatch.tagging.catalog import load_catalog
from riskwatch.tagging.gazetteer import load_gazetteer
from riskwatch.tagging.lexicon import build_lexicon
from riskwatch.tagging.rules import load_rule_book
from riskwatch.tagging.tagger import Tagger

TAGGER = default_tagger()
# Words the tagger knows, so that generated headlines exercise its rules, not only its misses.
KNOWN_PHRASES = sorted(
    {alias for app in TAGGER.catalog.apps for alias in app.aliases}
    | {alias for company in TAGGER.catalog.companies for alias in company.aliases}
    | {phrase for phrases in TAGGER.rule_book.cues.values() for phrase in phrases}
    | {"Montana", "India", "Supreme Court", "federal judge", "state devices", "Chinese apps"}
)
FILLER = ["the", "over", "after", "in", "its", "app", "says", "a", "new", "week", "data"]
words = st.lists(st.sampled_from(KNOWN_PHRASES + FILLER), min_size=1, max_size=14)
gaps = st.lists(st.sampled_from([" ", "  ", "\t", "\n", " \u00a0 ", "\r\n"]), min_size=14,
                max_size=14)


def spaced(tokens: list[str], separators: list[str]) -> str:
    return "".join(token + separator for token, separator in zip(tokens, separators, strict=False))


@settings(deadline=None, max_examples=300)
@given(st.text(), st.text())
def test_any_unicode_is_tagged_without_raising(title: str, summary: str) -> None:
    tags = tag(title, summary)
    assert 0.0 <= tags.confidence <= 1.0
    assert tags.relevant == (tags.event_type is not None)


def rebuilt_tagger() -> Tagger:
    """A second tagger built from the data files, sharing nothing with the default one."""
    catalog = load_catalog(DATA_DIR / "apps.yaml")
    rule_book = load_rule_book(DATA_DIR / "rules.yaml")
    lexicon = build_lexicon(catalog, load_gazetteer(DATA_DIR / "jurisdictions.yaml"), rule_book)
    return Tagger(catalog, rule_book, lexicon)


REBUILT = rebuilt_tagger()


@settings(deadline=None)
@given(words, words)
def test_the_same_input_gives_the_same_verdict_from_a_rebuilt_tagger(
    title: list[str], summary: list[str]
) -> None:
    assert REBUILT is not TAGGER and REBUILT.lexicon is not TAGGER.lexicon
    title_text, summary_text = " ".join(title), " ".join(summary)
    assert REBUILT.tag(title_text, summary_text) == tag(title_text, summary_text)


@settings(deadline=None, max_examples=300)
@given(words, words)
def test_letter_case_does_not_matter(title: list[str], summary: list[str]) -> None:
    title_text, summary_text = " ".join(title), " ".join(summary)
    expected = tag(title_text, summary_text)
    assert tag(title_text.upper(), summary_text.upper()) == expected
    assert tag(title_text.lower(), summary_text.swapcase()) == expected


@settings(deadline=None, max_examples=300)
@given(words, gaps, words, gaps)
def test_spacing_does_not_matter(
    title: list[str], title_gaps: list[str], summary: list[str], summary_gaps: list[str]
) -> None:
    expected = tag(" ".join(title), " ".join(summary))
    assert tag(spaced(title, title_gaps), spaced(summary, summary_gaps)) == expected
    assert tag(f"  {' '.join(title)}\n", f"\t{' '.join(summary)}  ") == expected
