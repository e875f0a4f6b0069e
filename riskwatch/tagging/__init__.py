"""The tagging engine: a pure `tag(title, summary)` that says which apps an item concerns and
whether it reports a regulatory action against them, with the evidence.

The catalog, the gazetteer and the rule book are loaded once, on first use.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from riskwatch.domain.tags import Tags
from riskwatch.tagging.catalog import load_catalog
from riskwatch.tagging.gazetteer import load_gazetteer
from riskwatch.tagging.lexicon import build_lexicon
from riskwatch.tagging.rules import load_rule_book
from riskwatch.tagging.tagger import Tagger

# Bump whenever the rules, the catalog or the gazetteer change what `tag` returns: stored items
# carry the version that tagged them, so they can be re-tagged.
TAGGER_VERSION = "12.0"

DATA_DIR = Path(__file__).parent / "data"

__all__ = ["DATA_DIR", "TAGGER_VERSION", "default_tagger", "tag"]


@cache
def default_tagger() -> Tagger:
    """The tagger built from the packaged data files."""
    catalog = load_catalog(DATA_DIR / "apps.yaml")
    rule_book = load_rule_book(DATA_DIR / "rules.yaml")
    lexicon = build_lexicon(catalog, load_gazetteer(DATA_DIR / "jurisdictions.yaml"), rule_book)
    return Tagger(catalog, rule_book, lexicon)


def tag(title: str, summary: str = "") -> Tags:
    return default_tagger().tag(title, summary)
