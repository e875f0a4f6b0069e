"""Refuses documents that could exhaust the parser, before feedparser sees a byte of them.

feedparser drops a DOCTYPE but re-inserts the entity declarations it deems safe, and a plain
text entity referenced thousands of times passes that test; its loose-parser fallback then
expands the references without limit. Entity declarations only take effect inside a DOCTYPE,
and no news, government or court feed needs them, so a document that carries a DOCTYPE and
then an `<!ENTITY` anywhere is refused. That is deliberately wider than "inside the internal
subset": working out where the subset ends is exactly where expat, feedparser's regular
expressions and sgmllib disagree (comments, quotes), and a narrower test could be slipped past.

The check must see the declarations in whatever encoding feedparser will decode. UTF-16 and
UTF-32 (any byte order, with or without BOM) encode ASCII as the ASCII byte padded with NULs,
so the document with its NUL bytes removed reads as ASCII. Encodings that spell ASCII some
other way (EBCDIC, UTF-7, ISO-2022) are decoded when the XML declaration, an EBCDIC `<?xm` or
the HTTP charset names them. Anything subtler (a guess by chardet) is left to the sandbox's
memory and time limits, which bound every parse whether or not this check catches it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from riskwatch.ingest.errors import ParseError

MAX_BODY_BYTES = 10 * 1024 * 1024

_DOCTYPE = re.compile(rb"<!\s*doctype", re.IGNORECASE)
_ENTITY = re.compile(rb"<!\s*entity", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_EBCDIC_XML_DECLARATION = b"\x4c\x6f\xa7\x94"  # "<?xm" in cp037, as feedparser sniffs it
_HEAD_BYTES = 1024
# Stateless encodings whose ASCII range is ASCII, besides iso8859-* and cp125x (the usual ones).
_ASCII_TRANSPARENT = frozenset({
    "ascii", "utf-8", "utf-8-sig", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp932",
    "cp949", "cp950", "euc_jp", "euc_kr", "shift_jis", "koi8-r", "koi8-u", "tis-620", "cp874",
})


class HostileDocument(ParseError):
    """A document refused before parsing, because parsing it could exhaust the service."""


def check_size(body: bytes) -> None:
    """Refuse bodies over the cap; the fetcher caps too, but bytes also arrive from files."""
    if len(body) > MAX_BODY_BYTES:
        raise HostileDocument(
            f"parser: document is {len(body):,} bytes, over the {MAX_BODY_BYTES:,}-byte limit;"
            " refused")


def check_document(body: bytes, *, headers: Mapping[str, str] | None = None) -> None:
    """Raise HostileDocument for an oversized body or one that declares XML entities.

    `headers` are the HTTP response headers, when there are any: their charset is one of the
    encodings feedparser may decode the document with.
    """
    check_size(body)
    for reading in _readings(body, headers or {}):
        doctype = _DOCTYPE.search(reading)
        if doctype and _ENTITY.search(reading, doctype.end()):
            raise HostileDocument("parser: document declares entities in its prolog; refused")


def _readings(body: bytes, headers: Mapping[str, str]) -> Iterator[bytes]:
    """The document as ASCII-compatible bytes, once per way feedparser might decode it."""
    ascii_view = body.replace(b"\0", b"") if b"\0" in body else body
    yield ascii_view
    for encoding in _named_encodings(body, ascii_view, headers):
        if _spells_ascii_differently(encoding):
            yield body.decode(encoding, "ignore").encode("utf-8", "ignore")


def _named_encodings(body: bytes, ascii_view: bytes, headers: Mapping[str, str]) -> set[str]:
    heads = [ascii_view[:_HEAD_BYTES]]
    names = set()
    if body.startswith(_EBCDIC_XML_DECLARATION):
        names.add("cp037")
        heads.append(body[:_HEAD_BYTES].decode("cp037").encode("ascii", "ignore"))
    for head in heads:
        declared = _XML_ENCODING.search(head)
        if declared:
            names.add(declared.group(1).decode("ascii").lower())
    for name, value in headers.items():
        charset = _HTTP_CHARSET.search(value) if name.lower() == "content-type" else None
        if charset:
            names.add(charset.group(1).lower())
    return names


@lru_cache(maxsize=64)
def _spells_ascii_differently(encoding: str) -> bool:
    """False for encodings in which ASCII text is always its own bytes, so the raw bytes tell.

    Encodings are known by name rather than tested, because stateful ones (ISO-2022) decode
    plain ASCII unchanged yet let escape sequences hide between the characters of a keyword.
    Names Python cannot decode with are False: feedparser cannot use them either.
    """
    try:
        name = codecs.lookup(encoding).name
        b"<".decode(encoding, "ignore")  # codecs that do not make text raise LookupError
    except LookupError:
        return False
    return name not in _ASCII_TRANSPARENT and not name.startswith(("iso8859-", "cp125"))
