"""Reads the case and filing that a PACER (CM/ECF) docket RSS entry packs into its text.

A docket entry's title is `<docket number> <case name>`, its link the case's docket report,
and its description the filing: a short description in brackets, then a link to the
document whose text is the document number, e.g.
`[Order] (<a href='https://ecf.nysd.uscourts.gov/doc1/127122264358'>3</a>)`.
"""

from __future__ import annotations

import re
from html import unescape as decode_entities

from riskwatch.domain.items import DocketEntry
from riskwatch.ingest.normalise import canonical_url, html_to_text

_COURT_HOST = re.compile(r"https?://ecf\.([a-z0-9]+)\.uscourts\.gov(?:[:/?#]|$)", re.IGNORECASE)
# District `1:17-cr-00554-1-MKB`: office, year, case type, sequence, then a defendant
# number and the judges' initials, which belong to the party and the assignment, not the case.
# Appellate `22-2127` and bankruptcy `16-10992-smb` have no office or type.
_DOCKET_NUMBER = re.compile(
    r"(?P<case>(?:\d+:)?\d{2}-(?:[A-Za-z~]+-)?\d+)(?:-\d{1,3})?(?:-[A-Za-z]+)*")
_SHORT_DESCRIPTION = re.compile(r"\[(.*?)\]", re.DOTALL)
_DOCUMENT_LINK = re.compile(r"""<a\s[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>(.*?)</a\s*>""",
                            re.IGNORECASE | re.DOTALL)


def parse_docket_entry(title: str, description_html: str, link: str | None) -> DocketEntry | None:
    """The docket entry an entry describes, or None when its link is not a CM/ECF host.

    `title` is the entry title as plain text (entities already decoded once, so
    `Food &amp;amp; Water Watch` in the XML has become `Food & Water Watch`); the
    description is HTML. Docket feeds are recognised by their `ecf.<court>.uscourts.gov`
    link, not by configuration, so a court feed added without a flag is still read as one.
    """
    court = _COURT_HOST.match(link or "")
    number, _, case_name = title.strip().partition(" ")
    if court is None or not number:
        return None
    docket_number = _DOCKET_NUMBER.fullmatch(number)
    short_description = _SHORT_DESCRIPTION.search(description_html)
    document = _DOCUMENT_LINK.search(description_html)
    document_number = html_to_text(document.group(3)) if document else ""
    return DocketEntry(
        court=court.group(1).lower(),
        docket_number=docket_number.group("case") if docket_number else number,
        case_name=case_name.strip() or None,
        short_description=(html_to_text(short_description.group(1)) or None
                           if short_description else None),
        document_number=document_number if _is_number(document_number) else None,
        document_url=canonical_url(decode_entities(document.group(2))) if document else None,
    )


def _is_number(text: str) -> bool:
    """Appellate feeds link the word `Document`: that names no docket entry number."""
    return text.isascii() and text.isdigit()
