"""The naive filter the tagger is measured against: an item is relevant when it names any app
alias and any of the words ban, block, prohibit, restrict, lawsuit or court (as word stems:
"banned", "blocks" and "courts" count too). It says nothing about type, place or direction.
"""

from __future__ import annotations

import re

from riskwatch.domain.tags import AppMatch, Tags
from riskwatch.tagging.catalog import Catalog

_ACTION_STEMS = re.compile(r"\b(ban|block|prohibit|restrict|lawsuit|court)", re.IGNORECASE)


class BaselineFilter:
    def __init__(self, catalog: Catalog) -> None:
        slug_by_alias = {
            alias.casefold(): app.slug for app in catalog.apps for alias in app.aliases
        }
        # Longest first, so "TikTok Shop" wins over "TikTok" at the same position.
        alternatives = sorted(slug_by_alias, key=len, reverse=True)
        self._aliases = re.compile(
            r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", re.IGNORECASE
        )
        self._slug_by_alias = slug_by_alias

    def tag(self, title: str, summary: str = "") -> Tags:
        text = f"{title}\n{summary}"
        apps: dict[str, str] = {}
        for found in self._aliases.finditer(text):
            apps.setdefault(self._slug_by_alias[found.group(1).casefold()], found.group(1))
        action = _ACTION_STEMS.search(text)
        return Tags(
            relevant=bool(apps) and action is not None,
            apps=tuple(AppMatch(slug, "alias", phrase) for slug, phrase in apps.items()),
            evidence=(f"keyword='{action.group(1)}'",) if action else (),
        )
