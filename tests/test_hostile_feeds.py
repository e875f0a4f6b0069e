"""Hostile documents cost one parse a few seconds at most, never the service.

Every document is generated here. Each goes through a real ParserSandbox (worker processes,
memory cap, deadline), must come back as ParseError, and must leave the sandbox able to parse
the next feed. The slow one (a long author e-mail) has its own test, so that its deadline is
only waited for once.
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from riskwatch.ingest.errors import ParseError
from riskwatch.ingest.guard import MAX_BODY_BYTES, HostileDocument, check_document
from riskwatch.ingest.parse import parse_feed
from riskwatch.ingest.sandbox import ParserSandbox

NOW = datetime(2025, 1, 17, 15, 0, tzinfo=UTC)
# Generous for a real feed on a loaded machine, short enough to keep the timeout test quick.
TIMEOUT_SECONDS = 3.0
GOOD_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Good</title>
<item><title>Supreme Court upholds TikTok law</title><link>https://example.com/a</link>
<pubDate>Fri, 17 Jan 2025 14:00:00 GMT</pubDate></item></channel></rss>"""


def rss_with_prolog(prolog: str, title: str) -> str:
    return (f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel><title>t</title>'
            f"<item><title>{title}</title></item></channel></rss>")


def billion_laughs() -> str:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return rss_with_prolog(f"<!DOCTYPE rss [{''.join(levels)}]>", "&lol9;")


def quadratic_blowup() -> str:
    """One 50 kB entity referenced 20,000 times: 1 GB of text that no nesting check catches."""
    return rss_with_prolog(f'<!DOCTYPE rss [<!ENTITY a "{"x" * 50_000}">]>', "&a;" * 20_000)


def external_entity() -> str:
    return rss_with_prolog('<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/hostname">]>', "&x;")


def entity_behind_comment() -> str:
    """A start tag inside a comment, to fool a scanner that stops at the first element."""
    return rss_with_prolog('<!-- <rss> --><!DOCTYPE rss [<!ENTITY a "boom">]>', "&a;" * 100)


def long_author_email() -> str:
    """feedparser's author e-mail pattern backtracks quadratically on a long address-like run."""
    return ('<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title>'
            f"<author>{'a' * 65_536}</author></item></channel></rss>")


def utf7_hiding_markup(document: str) -> bytes:
    """UTF-7 that spells every "<" as "+ADw-", so no markup shows in the raw bytes."""
    return document.encode("utf-7").replace(b"<", b"+ADw-")


DECLARING_ENTITIES: dict[str, Callable[[], bytes]] = {
    "billion-laughs": lambda: billion_laughs().encode(),
    "billion-laughs-utf-16-bom": lambda: billion_laughs().encode("utf-16"),
    "billion-laughs-utf-16le-no-bom": lambda: billion_laughs().encode("utf-16-le"),
    "billion-laughs-utf-32be": lambda: billion_laughs().encode("utf-32-be"),
    "billion-laughs-utf-8-bom": lambda: billion_laughs().encode("utf-8-sig"),
    "billion-laughs-ebcdic": lambda: billion_laughs().encode("cp037"),
    "billion-laughs-utf-7": lambda: b'<?xml version="1.0" encoding="utf-7"?>' + utf7_hiding_markup(
        billion_laughs().removeprefix('<?xml version="1.0"?>')),
    "quadratic-blowup": lambda: quadratic_blowup().encode(),
    "external-entity": lambda: external_entity().encode(),
    "entity-behind-comment": lambda: entity_behind_comment().encode(),
}
HOSTILE: dict[str, Callable[[], bytes]] = DECLARING_ENTITIES | {
    "dev-zero-path": lambda: b"/dev/zero",
    "oversized-body": lambda: b"<rss>" + b" " * (12 * 1024 * 1024) + b"</rss>",
}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[ParserSandbox]:
    with ParserSandbox(workers=1, timeout_seconds=TIMEOUT_SECONDS) as pool:
        yield pool


@pytest.mark.parametrize("make_document", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_document_is_a_parse_error(sandbox: ParserSandbox,
                                           make_document: Callable[[], bytes]) -> None:
    with pytest.raises(ParseError, match=r"^parser: "):
        sandbox.parse(make_document(), now=NOW)
    assert sandbox.parse(GOOD_FEED, now=NOW).items[0].title == "Supreme Court upholds TikTok law"


def test_parent_memory_stays_bounded(sandbox: ParserSandbox) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for make_document in HOSTILE.values():
        with pytest.raises(ParseError):
            sandbox.parse(make_document(), now=NOW)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 50 * 1024


def test_slow_parse_is_abandoned_at_the_deadline(sandbox: ParserSandbox) -> None:
    with pytest.raises(ParseError, match=f"^parser: gave up after {TIMEOUT_SECONDS} s$"):
        sandbox.parse(long_author_email().encode(), now=NOW)
    assert sandbox.parse(GOOD_FEED, now=NOW).items


def test_parse_over_the_memory_limit_fails_and_the_worker_is_replaced() -> None:
    items = "".join(f"<item><title>TikTok story {n}</title><link>https://example.com/{n}</link>"
                    f"<description>&lt;p&gt;Summary {n}&lt;/p&gt;</description></item>"
                    for n in range(15_000))
    large = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    with ParserSandbox(timeout_seconds=60, memory_limit_mb=64) as small:
        with pytest.raises(ParseError, match=r"^parser: ran out of memory"):
            small.parse(large, now=NOW)
        assert small.parse(GOOD_FEED, now=NOW).items


def test_dev_zero_is_read_as_bytes_not_opened() -> None:
    with pytest.raises(ParseError):
        parse_feed(b"/dev/zero", now=NOW)


@pytest.mark.parametrize("make_document", DECLARING_ENTITIES.values(),
                         ids=DECLARING_ENTITIES.keys())
def test_guard_refuses_entity_declarations_in_any_encoding(
        make_document: Callable[[], bytes]) -> None:
    with pytest.raises(HostileDocument, match="declares entities"):
        check_document(make_document())


@pytest.mark.parametrize("body", [
    pytest.param(rss_with_prolog('<!DOCTYPE rss SYSTEM "http://example.com/rss.dtd">', "t"),
                 id="external-dtd-reference"),
    pytest.param(rss_with_prolog("", "<![CDATA[How <!ENTITY declarations work]]>"),
                 id="entity-in-cdata-without-doctype"),
])
def test_harmless_documents_pass_the_guard(body: str) -> None:
    check_document(body.encode())


def test_entity_declared_with_charset_only_in_http_header_is_refused() -> None:
    body = utf7_hiding_markup(billion_laughs())
    with pytest.raises(HostileDocument):
        check_document(body, headers={"Content-Type": "application/xml; charset=utf-7"})


def test_body_at_the_cap_is_accepted_and_over_it_refused() -> None:
    check_document(b" " * MAX_BODY_BYTES)
    with pytest.raises(HostileDocument, match="over the 10,485,760-byte limit"):
        check_document(b" " * (MAX_BODY_BYTES + 1))


def test_workers_start_on_first_parse_and_stop_on_close() -> None:
    before = set(multiprocessing.active_children())
    pool = ParserSandbox(workers=2)
    assert set(multiprocessing.active_children()) == before
    pool.parse(GOOD_FEED, now=NOW)
    assert set(multiprocessing.active_children()) > before
    pool.close()
    assert set(multiprocessing.active_children()) == before


def test_parses_from_several_threads_at_once() -> None:
    titles: list[str] = []
    with ParserSandbox(workers=2, timeout_seconds=30) as pool:
        def parse_one() -> None:
            titles.append(pool.parse(GOOD_FEED, now=NOW).items[0].title)
        threads = [threading.Thread(target=parse_one) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert titles == ["Supreme Court upholds TikTok law"] * 8
