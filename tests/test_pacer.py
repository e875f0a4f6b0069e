"""PACER docket feeds: docket numbers, case names, filings, checked against juriscraper's parses.

juriscraper's expected JSON is the oracle. Where riskwatch deliberately differs, the test says
so and asserts the difference:

- juriscraper merges entries that share a guid and a timestamp into one, joining their short
  descriptions with " AND "; riskwatch keeps one item per feed entry, so each joined part
  must be found on its own item.
- juriscraper rewrites case names ("USA" becomes "United States", "et al" is dropped, a
  missing name becomes "Unknown Case Title"); riskwatch keeps the name the court published,
  and None when there is none. Names are compared after juriscraper's rewrites.
- Appellate feeds link the word "Document" instead of a document number; juriscraper reports
  the document id from the URL as the number, riskwatch reports no number and keeps the URL.
- juriscraper skips `5:18-~gr-00001` (no case name); riskwatch keeps the entry.
- juriscraper's court id comes from its test file name (`sdny`); riskwatch's from the CM/ECF
  host (`ecf.nysd.uscourts.gov`: `nysd`, which is also CourtListener's id).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from riskwatch.domain.items import Item, ParsedFeed
from riskwatch.ingest.pacer import parse_docket_entry
from riskwatch.ingest.parse import parse_feed
from tests.support import CORPUS

PACER = CORPUS / "pacer"
FEEDS = sorted((PACER / "juriscraper").glob("*.xml")) if PACER.is_dir() else []
NOW = datetime(2026, 1, 1, tzinfo=UTC)
JURISCRAPER_COURT_IDS = {"nysd": "sdny"}

pytestmark = pytest.mark.skipif(not FEEDS, reason=f"PACER corpus not found at {PACER}")


@cache
def parsed(name: str) -> ParsedFeed:
    return parse_feed((PACER / "juriscraper" / f"{name}.xml").read_bytes(), now=NOW)


def oracle(name: str) -> list[dict]:
    return json.loads((PACER / "juriscraper-expected" / f"{name}.json").read_text())


def oracle_entries(name: str):
    for case in oracle(name):
        for entry in case["docket_entries"]:
            filed = datetime.fromisoformat(entry["date_filed"]).astimezone(UTC)
            for short_description in entry["short_description"].split(" AND "):
                yield case, entry, (case["docket_number"], short_description.strip(), filed)


def items_by_filing(name: str) -> dict[tuple, list[Item]]:
    found = defaultdict(list)
    for item in parsed(name).items:
        found[(item.docket.docket_number, item.docket.short_description,
               item.published_at)].append(item)
    return found


def comparable_case_name(name: str | None) -> str:
    """A case name with juriscraper's rewrites applied to both sides: no "et al", "v" for
    "vs", one spelling of the United States, no punctuation, lowercase."""
    if not name or name == "Unknown Case Title":
        return ""
    name = re.sub(r"\bet al\b", " ", name)
    name = re.sub(r"\bvs\b", "v", name)
    name = re.sub(r"\b(?:the )?(?:USA|US|United States of America|United States)\b",
                  "United States", name, flags=re.IGNORECASE)
    return " ".join(re.sub(r"[^\w\s]", " ", name).casefold().split())


def names(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


@pytest.mark.parametrize("name", names(FEEDS))
def test_every_entry_is_a_docket_entry_of_the_court_in_its_link(name: str) -> None:
    items = parsed(name).items
    assert items
    for item in items:
        assert item.docket is not None
        assert item.docket.docket_number
        assert f"ecf.{item.docket.court}.uscourts.gov" in item.url


@pytest.mark.parametrize("name", names(FEEDS))
def test_every_juriscraper_filing_is_found(name: str) -> None:
    found = items_by_filing(name)
    for _case, _entry, filing in oracle_entries(name):
        assert filing in found, filing


@pytest.mark.parametrize("name", names(FEEDS))
def test_case_names_match_juriscraper_but_for_its_rewrites(name: str) -> None:
    found = items_by_filing(name)
    for case, _entry, filing in oracle_entries(name):
        ours = {comparable_case_name(item.docket.case_name) for item in found[filing]}
        assert comparable_case_name(case["case_name"]) in ours, filing


@pytest.mark.parametrize("name", names(FEEDS))
def test_document_numbers_match_juriscraper(name: str) -> None:
    found = items_by_filing(name)
    for _case, entry, filing in oracle_entries(name):
        dockets = [item.docket for item in found[filing]]
        if entry["document_number"] and entry["document_number"] == entry["pacer_doc_id"]:
            assert any(d.document_number is None and d.document_url.endswith(entry["pacer_doc_id"])
                       for d in dockets), filing
        else:
            assert entry["document_number"] in {d.document_number for d in dockets}, filing


@pytest.mark.parametrize("name", names(FEEDS))
def test_court_ids_match_juriscraper(name: str) -> None:
    courts = {JURISCRAPER_COURT_IDS.get(item.docket.court, item.docket.court)
              for item in parsed(name).items}
    assert courts == {case["court_id"] for case in oracle(name)}


def test_double_escaped_ampersand_is_unescaped_once() -> None:
    assert {item.docket.case_name for item in parsed("cadc").items
            if item.docket.docket_number == "22-1214"} == {"Food & Water Watch v. FERC"}


def test_entry_without_case_name_is_kept() -> None:
    first = parsed("wvsd").items[0].docket
    assert (first.docket_number, first.case_name) == ("5:18-~gr-00001", None)


@pytest.mark.parametrize(("title", "docket_number"), [
    pytest.param("1:17-cr-00554-MKB USA v. Shargorodskaya", "1:17-cr-00554", id="judge"),
    pytest.param("1:12-cv-04402-PKC-CLP Joseph v. Brooklyn DDSO", "1:12-cv-04402", id="judges"),
    pytest.param("1:18-cr-00224-1 USA v. Nejad", "1:18-cr-00224", id="defendant"),
    pytest.param("16-10992-smb SunEdison, Inc.", "16-10992", id="bankruptcy-judge"),
    pytest.param("22-2127 Navarette v. Horton, et al", "22-2127", id="appellate"),
    pytest.param("5:18-~gr-00001", "5:18-~gr-00001", id="malformed-kept-whole"),
])
def test_docket_number_is_the_case_part_of_the_leading_token(title: str,
                                                              docket_number: str) -> None:
    entry = parse_docket_entry(title, "", "https://ecf.nyed.uscourts.gov/cgi-bin/DktRpt.pl?1")
    assert entry.docket_number == docket_number


def test_filing_is_read_from_the_description() -> None:
    entry = parse_docket_entry(
        "16-10992-smb SunEdison, Inc.",
        "Type: bk Office: 1 Chapter: 11  [Objection] (<a href='https://ecf.nysb.uscourts.gov/"
        "doc1/126018830418?pdf_header=&amp;de_seq_num=16739'>5237</a>)",
        "https://ecf.nysb.uscourts.gov/cgi-bin/DktRpt.pl?265812")
    assert (entry.court, entry.short_description, entry.document_number, entry.document_url) == (
        "nysb", "Objection", "5237",
        "https://ecf.nysb.uscourts.gov/doc1/126018830418?pdf_header=&de_seq_num=16739")


def test_document_link_with_unsafe_scheme_is_dropped() -> None:
    entry = parse_docket_entry("22-1214 A v. B", "[Order] (<a href='javascript:alert(1)'>3</a>)",
                               "https://ecf.cadc.uscourts.gov/x")
    assert (entry.document_number, entry.document_url) == ("3", None)


@pytest.mark.parametrize("link", [
    pytest.param("https://www.example.com/cgi-bin/DktRpt.pl?1", id="other-host"),
    pytest.param("https://ecf.nyed.uscourts.gov.example.com/x", id="lookalike-host"),
    pytest.param(None, id="no-link"),
])
def test_entries_outside_cm_ecf_are_not_docket_entries(link: str | None) -> None:
    assert parse_docket_entry("1:17-cr-00554-MKB USA v. X", "[Order]", link) is None


def test_entries_of_a_feed_whose_guid_names_the_case_keep_their_own_guids() -> None:
    items = parsed("nyed_1").items  # every <guid> is the case's docket-report URL
    distinct_entries = {(i.url, i.docket.short_description, i.published_at) for i in items}
    assert len({item.guid for item in items}) == len(distinct_entries) > len({i.url for i in items})
