"""The chapter's curated data held against the chapter: verbatim quotes, nothing missing.

Reviewers hold ``data/claims.ttl`` against the chapter line by line; these tests do it too.
The chapter lives outside the repository (``../shared/source/chapter.txt``, or FMKB_CHAPTER).
"""

import re

import pytest

from forcedmig_kb.bibliography import Bibliography

NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def quotes(kb) -> list[dict]:
    return kb.store.select("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?node ?exact ?prefix WHERE { ?node oa:hasTarget/oa:hasSelector ?s . ?s oa:exact ?exact .
                                            OPTIONAL { ?s oa:prefix ?prefix } }""").records()


def test_claim_count_in_expected_range(chapter_kb):
    assert 55 <= chapter_kb.counts["claims"] <= 70


def test_every_quote_is_verbatim_and_prefixes_locate_it_once(chapter_kb, chapter_text):
    text = collapse(chapter_text)
    for row in quotes(chapter_kb):
        assert collapse(row["exact"]) in text, row
        if row["prefix"]:
            assert text.count(collapse(row["prefix"] + row["exact"])) == 1, row


def test_every_number_of_the_body_is_in_a_quote(chapter_kb, chapter_text):
    text = collapse(chapter_text)
    start = text.index("Imperialism and Forced Migration in the Neoliberal Era Raúl Delgado Wise")
    end = text.index("References ")
    covered = [False] * len(text)
    for row in quotes(chapter_kb):
        q = collapse(row["exact"])
        at = text.find(q)
        while at >= 0:
            covered[at : at + len(q)] = [True] * len(q)
            at = text.find(q, at + 1)
    list_numbering = re.compile(r"(?:^| )-? ?\d\)? ?$|(?:^| )\d\.$")
    missing = [
        m.group(0)
        for m in NUMBER.finditer(text, start, end)
        if not any(covered[m.start() : m.end()])
        and not list_numbering.search(text[max(0, m.start() - 3) : m.end() + 1])
    ]
    assert missing == []


def test_every_parenthesised_citation_of_the_body_is_recorded(chapter_kb, chapter_text):
    body = collapse(chapter_text).split("References ")[0]
    printed = re.findall(r"\(([^()]*?(?:1[89]|20)\d\d[a-z]?(?:\s*\[\d{4}\])?(?::\s*\d+)?)\)", body)
    recorded = [
        r["p"]
        for r in chapter_kb.store.select("""
        PREFIX fm: <https://w3id.org/forcedmig/ontology/>
        SELECT ?p WHERE { ?c a fm:InTextCitation ; fm:asPrinted ?p }""").records()
    ]
    # parenthesised citations, with the narrative 'Samir Amin (2014)' recorded in full
    assert sorted(p for p in printed if p != "2014") == sorted(
        p for p in recorded if "(" not in p and p != "PCT-WIPO data"
    )


def test_curated_sources_agree_with_citation_matching(chapter_kb):
    """prov:hadPrimarySource is what the printed citation resolves to by author."""
    bib = Bibliography(chapter_kb.references)
    rows = chapter_kb.store.select("""
        PREFIX fm: <https://w3id.org/forcedmig/ontology/> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?claim ?printed (GROUP_CONCAT(STRAFTER(STR(?src), "/source/"); separator=" ") AS ?sources)
        WHERE { ?claim fm:citation/fm:asPrinted ?printed . OPTIONAL { ?claim prov:hadPrimarySource ?src } }
        GROUP BY ?claim ?printed""").records()
    assert rows
    for row in rows:
        curated = set((row["sources"] or "").split())
        resolved = {r.key for m in bib.match_printed(row["printed"]) for r in m.resolved}
        assert curated <= resolved, row
        assert curated or not resolved, row


def test_derived_figures_and_parts(chapter_kb):
    rows = chapter_kb.store.select("""
        PREFIX fm: <https://w3id.org/forcedmig/ontology/> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?claim ?op WHERE { ?claim prov:wasGeneratedBy/fm:operation ?op }""").records()
    ops = {r["claim"].rsplit("/", 1)[-1]: r["op"].rsplit("/", 1)[-1] for r in rows}
    assert ops["dw2019-migrants-from-periphery-share"] == "share"
    assert ops["dw2019-financial-assets-to-gdp-2007"] == "ratio"
    assert ops["dw2019-labour-supply-growth"] == "ratio"
    parts = chapter_kb.store.select("""
        PREFIX fm: <https://w3id.org/forcedmig/ontology/>
        SELECT (COUNT(*) AS ?n) WHERE { ?p fm:partOf <https://w3id.org/forcedmig/claim/dw2019-forcibly-displaced> }""").records()
    assert parts[0]["n"] == 3


@pytest.mark.parametrize(
    ("claim", "value", "unit"),
    [
        ("dw2019-top500-sales-2014", 31.2e12, "USD"),
        ("dw2019-international-migrants-2017", 258e6, "NUM"),
        ("dw2019-informal-workers-2018", 2e9, "NUM"),
        ("dw2019-informal-workers-share-2018", 61, "PERCENT"),
        ("dw2019-reserve-workforce-global-south", 71.3, "PERCENT"),
    ],
)
def test_headline_figures(chapter_kb, claim, value, unit):
    (row,) = chapter_kb.store.select(f"""
        PREFIX qudt: <http://qudt.org/schema/qudt/>
        SELECT ?v ?u WHERE {{ <https://w3id.org/forcedmig/claim/{claim}> qudt:numericValue ?v ; qudt:unit ?u }}""").records()
    assert row["v"] == pytest.approx(value)
    assert row["u"].endswith("/" + unit)
