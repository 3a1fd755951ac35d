"""A knowledge base of many texts: the chapter's files and a second text in ``texts/<document id>/``.

The second text is written by hand here, in the vocabulary of ``data/claims.ttl``: three claims
(one uncited), two citations, and a reference list that shares a key (``unhcr2015``) with the
chapter's and lists one IOM report of 2017 where the chapter lists two.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from forcedmig_kb import Settings, load_knowledge_base
from forcedmig_kb.checks import run_check
from forcedmig_kb.errors import BibtexError
from forcedmig_kb.namespaces import CITATIONS_GRAPH, DOC, SOURCE

from .helpers import DATA
from .helpers.serving import SERVER_ENV, ReadyTestClient

TEXT = "smith-2021"
SECOND_CLAIMS = """# A second text of the knowledge base, written by hand for the tests: three claims, two citations.
@prefix fm: <https://w3id.org/forcedmig/ontology/> .
@prefix claim: <https://w3id.org/forcedmig/claim/> .
@prefix cite: <https://w3id.org/forcedmig/citation/> .
@prefix src: <https://w3id.org/forcedmig/source/> .
@prefix doc: <https://w3id.org/forcedmig/doc/> .
@prefix sec: <https://w3id.org/forcedmig/doc/smith-2021/section/> .
@prefix topic: <https://w3id.org/forcedmig/topic/> .
@prefix area: <https://w3id.org/forcedmig/area/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix doco: <http://purl.org/spar/doco/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .

doc:smith-2021 a fabio:JournalArticle , fabio:Expression ;
    dcterms:identifier "smith-2021" ;
    dcterms:title "Counting the Displaced" ;
    fabio:hasPublicationYear "2021"^^xsd:gYear .

sec:introduction a doco:Section ; dcterms:isPartOf doc:smith-2021 ;
    fabio:hasSequenceIdentifier "0" ; dcterms:title "Introduction" .
sec:routes a doco:Section ; dcterms:isPartOf doc:smith-2021 ;
    fabio:hasSequenceIdentifier "1" ; dcterms:title "Routes" .

claim:smith-2021-refugees-2015 a fm:QuantityClaim ;
    rdfs:label "Refugees worldwide, 2015" ;
    qudt:numericValue 16100000.0 ; fm:printedValue "16.1" ; fm:printedScale "million" ;
    sdmx-attribute:unitMult 6 ; qudt:unit unit:NUM ;
    sdmx-dimension:refPeriod [ a dcterms:PeriodOfTime ; dcat:startDate "2015"^^xsd:gYear ; dcat:endDate "2015"^^xsd:gYear ] ;
    fm:periodBasis fm:periodStated ;
    sdmx-dimension:refArea area:world ;
    fm:population "refugees" ;
    dcterms:subject topic:forced-displacement ;
    fm:inSection sec:introduction ;
    prov:wasQuotedFrom doc:smith-2021 ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:smith-2021 ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "16.1 million refugees at the end of 2015" ] ] ;
    fm:citation cite:smith-2021-1 ;
    prov:hadPrimarySource src:unhcr2015 .

claim:smith-2021-migrants-2017 a fm:QuantityClaim ;
    rdfs:label "International migrants, 2017" ;
    qudt:numericValue 258000000.0 ; fm:printedValue "258" ; fm:printedScale "million" ;
    sdmx-attribute:unitMult 6 ; qudt:unit unit:NUM ;
    sdmx-dimension:refPeriod [ a dcterms:PeriodOfTime ; dcat:startDate "2017"^^xsd:gYear ; dcat:endDate "2017"^^xsd:gYear ] ;
    fm:periodBasis fm:periodStated ;
    sdmx-dimension:refArea area:world ;
    fm:population "international migrants" ;
    dcterms:subject topic:migrant-stocks ;
    fm:inSection sec:introduction ;
    prov:wasQuotedFrom doc:smith-2021 ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:smith-2021 ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "258 million international migrants in 2017" ] ] ;
    fm:citation cite:smith-2021-2 ;
    prov:hadPrimarySource src:iom2017wmr .

claim:smith-2021-camp-closure-2016 a fm:EventClaim ;
    rdfs:label "Closure of the Idomeni camp, 2016" ;
    sdmx-dimension:refPeriod [ a dcterms:PeriodOfTime ; dcat:startDate "2016"^^xsd:gYear ; dcat:endDate "2016"^^xsd:gYear ] ;
    fm:periodBasis fm:periodStated ;
    sdmx-dimension:refArea area:world ;
    dcterms:subject topic:forced-displacement ;
    fm:inSection sec:routes ;
    prov:wasQuotedFrom doc:smith-2021 ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:smith-2021 ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "the Idomeni camp was closed in 2016" ] ] .

cite:smith-2021-1 a fm:InTextCitation ; fm:asPrinted "UNHCR, 2015" ;
    cito:hasCitingEntity doc:smith-2021 ; cito:hasCitationCharacterization cito:citesAsDataSource ;
    fm:inSection sec:introduction ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:smith-2021 ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "(UNHCR, 2015)" ] ] .
cite:smith-2021-2 a fm:InTextCitation ; fm:asPrinted "IOM, 2017" ;
    cito:hasCitingEntity doc:smith-2021 ; cito:hasCitationCharacterization cito:citesAsDataSource ;
    fm:inSection sec:introduction ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource doc:smith-2021 ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "(IOM, 2017)" ] ] .
"""
SECOND_REFERENCES = """% The reference list of the second text: one work it shares with the chapter (unhcr2015), one
% IOM report of 2017 (the chapter lists two, this text one).

@report{unhcr2015,
  author    = {{UNHCR}},
  year      = {2015},
  title     = {Global Trends. Forced Displacement in 2015},
  address   = {Geneva},
  publisher = {UNHCR},
}

@report{iom2017wmr,
  author      = {{International Organization for Migration}},
  shortauthor = {IOM},
  year        = {2017},
  title       = {World Migration Report 2018},
  address     = {Geneva},
  publisher   = {IOM},
}
"""


def knowledge_base_of_two_texts(root: Path, references: str = SECOND_REFERENCES) -> Path:
    """Copies of the chapter's files, and the second text in ``texts/smith-2021/``."""
    root.mkdir(parents=True, exist_ok=True)
    for path in DATA.iterdir():
        if path.is_file():
            shutil.copy(path, root / path.name)
    text = root / "texts" / TEXT
    text.mkdir(parents=True)
    (text / "claims.ttl").write_text(SECOND_CLAIMS, encoding="utf-8")
    (text / "references.bib").write_text(references, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def two_texts(tmp_path_factory) -> Path:
    return knowledge_base_of_two_texts(tmp_path_factory.mktemp("kb") / "data")


@pytest.fixture(scope="module")
def two_kb(two_texts):
    return load_knowledge_base([two_texts])


@pytest.fixture(scope="module")
def two_client(two_texts):
    """The app over the two texts, in this process (FastAPI's TestClient)."""
    from forcedmig_kb.web.app import create_app

    env = {name.removeprefix("FMKB_").lower(): value for name, value in SERVER_ENV.items()}
    app = create_app(Settings(data_dir=two_texts, **env))
    with ReadyTestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


def test_a_text_folder_is_part_of_the_corpus(two_kb):
    assert any(p.parts[-3:] == ("texts", TEXT, "claims.ttl") for p in two_kb.rdf_files)
    assert any(p.parts[-3:] == ("texts", TEXT, "references.bib") for p in two_kb.bib_files)
    graphs = set(two_kb.store.named_graphs())
    assert any(g.endswith("graph/file/claims.ttl") for g in graphs)
    assert any(g.endswith(f"graph/file/texts/{TEXT}/claims.ttl") for g in graphs)


def test_check_over_two_texts_gives_the_chapters_findings_and_the_second_texts(two_kb, chapter_kb):
    chapter = run_check(chapter_kb, Settings())
    both = run_check(two_kb, Settings())
    chapter_keys = {f.key for f in chapter}
    second = [f for f in both if f.key not in chapter_keys]
    assert chapter_keys <= {f.key for f in both}  # the chapter's findings, reviewed as before
    assert [(f.rule, f.focus) for f in second if not f.reviewed] == [
        ("uncited", "https://w3id.org/forcedmig/claim/smith-2021-camp-closure-2016")
    ]
    assert all(f.focus.split("/")[-1].startswith(f"{TEXT}-") for f in second)
    assert second[0].file.endswith(f"texts/{TEXT}/claims.ttl") and second[0].line
    assert [f.key for f in both.active()] == [f.key for f in second]


def test_a_source_cited_by_two_texts_is_one_node_with_the_claims_of_both(two_kb):
    unhcr = SOURCE["unhcr2015"]
    rows = two_kb.store.select(
        "SELECT (COUNT(DISTINCT ?title) AS ?titles) WHERE { GRAPH ?g { <%s> <http://purl.org/dc/terms/title> ?title } }"
        % unhcr
    ).records()
    assert rows[0]["titles"] == 1
    documents = {
        r["doc"]
        for r in two_kb.store.select(
            "SELECT DISTINCT ?doc WHERE { ?c <http://www.w3.org/ns/prov#hadPrimarySource> <%s> ; "
            "<http://www.w3.org/ns/prov#wasQuotedFrom> ?doc }" % unhcr
        ).records()
    }
    assert documents == {DOC["delgado-wise-2019"], DOC[TEXT]}
    assert [r.key for r in two_kb.references].count("unhcr2015") == 1


def test_each_texts_citations_match_its_own_reference_list(two_kb):
    """The chapter lists two IOM works of 2017 (its 'IOM, 2017' is ambiguous); the second text lists one."""
    rows = two_kb.store.select(
        "SELECT ?status WHERE { GRAPH <%s> { <https://w3id.org/forcedmig/citation/smith-2021-2> "
        "<https://w3id.org/forcedmig/ontology/hasPart> ?p . ?p <https://w3id.org/forcedmig/ontology/matchStatus> ?status } }"
        % CITATIONS_GRAPH
    ).records()
    assert [r["status"] for r in rows] == ["https://w3id.org/forcedmig/ontology/exactMatch"]


def test_one_key_with_another_title_in_two_texts_is_a_load_error_naming_both_places(tmp_path):
    root = knowledge_base_of_two_texts(
        tmp_path / "data", SECOND_REFERENCES.replace("Global Trends. Forced Displacement in 2015", "Global Trends 2016")
    )
    with pytest.raises(BibtexError) as caught:
        load_knowledge_base([root])
    message = str(caught.value)
    assert f"texts/{TEXT}/references.bib:" in message and "data/references.bib:" in message
    assert "title" in message and "Global Trends 2016" in message


def test_documents_lists_every_text_with_counts(two_client):
    answer = two_client.get("/documents").json()
    assert [d["id"] for d in answer] == ["delgado-wise-2019", TEXT]
    second = answer[1]
    assert second == {
        "id": TEXT,
        "iri": DOC[TEXT],
        "title": "Counting the Displaced",
        "year": 2021,
        "claims": 3,
        "citations": 2,
        "references": 2,
        "findings": 1,
    }
    assert answer[0]["claims"] == 56 and answer[0]["findings"] == 0


def test_one_document_and_an_unknown_one(two_client):
    one = two_client.get(f"/documents/{TEXT}").json()
    assert [s["iri"] for s in one["sections"]] == [f"{DOC[TEXT]}/section/introduction", f"{DOC[TEXT]}/section/routes"]
    assert one["findings_by_rule"] == {"uncited": 1}
    missing = two_client.get("/documents/no-such-text")
    assert missing.status_code == 404
    assert "no-such-text" in missing.json()["detail"] and "/documents" in missing.json()["detail"]


def test_claims_and_findings_filter_by_document(two_client):
    claims = two_client.get("/claims", params={"document": TEXT}).json()
    assert claims["total"] == 3
    assert {c["document"] for c in claims["items"]} == {DOC[TEXT]}
    assert two_client.get("/claims", params={"document": "delgado-wise-2019"}).json()["total"] == 56
    assert two_client.get("/claims").json()["total"] == 59
    findings = two_client.get("/findings", params={"document": TEXT}).json()
    assert [(f["rule"], f["reviewed"]) for f in findings] == [("uncited", False)]
    chapter = two_client.get("/findings", params={"document": "delgado-wise-2019"}).json()
    assert chapter and all(f["reviewed"] for f in chapter)
    assert two_client.get("/claims", params={"document": "nope"}).status_code == 404
    assert two_client.get("/findings", params={"document": "nope"}).status_code == 404


def test_stats_per_text_keep_the_fields_and_keep_sections_apart(two_client, client):
    whole = two_client.get("/stats").json()
    assert set(whole) == set(client.get("/stats").json())
    assert whole["claims"] == 59
    # the 'introduction' of each text is counted apart
    assert whole["claims_by_section"][f"{TEXT}/introduction"] == 2
    assert whole["claims_by_section"]["delgado-wise-2019/forced-migration"] > 0
    assert all("/" in key for key in whole["claims_by_section"])
    one = two_client.get("/stats", params={"document": TEXT}).json()
    assert set(one) == set(whole)
    assert (one["claims"], one["quantity_claims"], one["event_claims"], one["citations"]) == (3, 2, 1, 2)
    assert one["claims_by_section"] == {"introduction": 2, "routes": 1}
    assert one["findings"] == {"violation": 1, "warning": 0, "info": 0}
    chapter = two_client.get("/stats", params={"document": "delgado-wise-2019"}).json()
    assert chapter["claims_by_section"] == client.get("/stats").json()["claims_by_section"]
    assert two_client.get("/stats", params={"document": "nope"}).status_code == 404


def test_which_claims_of_which_text_rest_on_a_source(two_client):
    every = two_client.get("/sources/unhcr2015/claims").json()
    by_text = {c["id"]: c["document"] for c in every["claims"]}
    assert by_text["smith-2021-refugees-2015"] == DOC[TEXT]
    assert by_text["dw2019-refugees"] == DOC["delgado-wise-2019"]
    second = two_client.get("/sources/unhcr2015/claims", params={"document": TEXT}).json()
    assert (second["total"], [c["id"] for c in second["claims"]]) == (1, ["smith-2021-refugees-2015"])
    assert two_client.get("/sources/unhcr2015/claims", params={"document": "nope"}).status_code == 404


def test_the_pages_list_the_texts_and_filter_claims_by_text(two_client):
    texts = two_client.get("/browse/documents")
    assert texts.status_code == 200 and "Counting the Displaced" in texts.text
    page = two_client.get("/browse/claims", params={"document": TEXT}).text
    assert "<strong>3</strong> of 59 claims" in page
    assert "smith-2021/introduction" in page  # the section filter keeps the texts' sections apart


def test_audit_and_exports_hold_both_texts(two_client):
    audit = two_client.get("/audit").text
    assert "smith-2021-camp-closure-2016" in audit
    turtle = two_client.get("/export/kb.ttl").text
    assert "smith-2021-refugees-2015" in turtle and "dw2019-refugees" in turtle
    csv = two_client.get("/export/claims.csv").text
    assert "smith-2021-refugees-2015" in csv
    bib = two_client.get("/export/sources.bib").text
    assert bib.count("@report{unhcr2015,") == 1
