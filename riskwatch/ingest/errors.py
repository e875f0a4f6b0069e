"""The one error the parsing stage raises, so callers catch a single type per stage."""

from __future__ import annotations


class ParseError(Exception):
    """A document could not be turned into items; the message starts with `parser: `.

    Raised for documents that are not feeds, feeds too broken to yield any entry, documents
    refused as hostile, and parses that ran out of time or memory. The poller records it as
    the feed's error and keeps every item it already knows.
    """
