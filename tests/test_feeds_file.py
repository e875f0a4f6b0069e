"""feeds.yaml validation: a bad file names the feed and the field; the shipped file is valid."""

from __future__ import annotations

import pytest

from riskwatch.ingest.feeds_file import FeedsFileError, load_feeds, parse_duration
from tests.support import REPO


def test_the_shipped_feeds_file_is_valid_and_covers_every_kind() -> None:
    feeds = load_feeds((REPO / "feeds.yaml").read_text(encoding="utf-8"))

    assert len(feeds) >= 15
    assert {f.kind for f in feeds} == {"news", "court", "government"}
    assert len({f.id for f in feeds}) == len(feeds)


@pytest.mark.parametrize("text, duration", [("90s", 90), ("15m", 900), ("1h", 3600),
                                            (" 2d ", 172800)])
def test_durations(text: str, duration: int) -> None:
    assert parse_duration(text) == duration


@pytest.mark.parametrize("name, document, message", [
    ("bad interval",
     "feeds:\n- {id: fr-tiktok, url: 'https://x.test/f', kind: news, title: T, interval: 15x}",
     "feeds.yaml: feeds[0].interval: '15x' is not a duration"),
    ("interval too short",
     "feeds:\n- {id: a, url: 'https://x.test/f', kind: news, title: T, interval: 5s}",
     "feeds[0].interval: '5s' is shorter than the minimum"),
    ("unknown kind",
     "feeds:\n- {id: ok, url: 'https://x.test/', kind: news, title: T}\n"
     "- {id: b, url: 'https://x.test/f', kind: blog, title: T}",
     "feeds[1].kind: Must be one of: news, court, government. (feed 'b')"),
    ("not http", "feeds:\n- {id: a, url: 'file:///etc/passwd', kind: news, title: T}",
     "feeds[0].url: 'file:///etc/passwd' is not an http(s) URL"),
    ("missing url", "feeds:\n- {id: a, kind: news, title: T}",
     "feeds[0].url: Missing data for required field."),
    ("unknown field", "feeds:\n- {id: a, url: 'https://x.test/', kind: news, title: T, x: 1}",
     "feeds[0].x: Unknown field."),
    ("credibility out of range",
     "feeds:\n- {id: a, url: 'https://x.test/', kind: news, title: T, credibility: 9}",
     "feeds[0].credibility:"),
    ("duplicate id", "feeds:\n- {id: a, url: 'https://x.test/', kind: news, title: T}\n"
     "- {id: a, url: 'https://y.test/', kind: news, title: U}",
     "feeds[1].id: 'a' is used twice"),
    ("bad id", "feeds:\n- {id: 'Has Spaces', url: 'https://x.test/', kind: news, title: T}",
     "feeds[0].id:"),
    ("not yaml", "feeds: [unclosed", "feeds.yaml: not valid YAML"),
    ("not a mapping", "- just a list", "expected a mapping with a 'feeds' list"),
    ("no feeds key", "sources: []", "feeds: Missing data for required field."),
])
def test_bad_files_are_refused_with_the_place_named(name: str, document: str,
                                                    message: str) -> None:
    with pytest.raises(FeedsFileError) as error:
        load_feeds(document)

    assert message in str(error.value), name
