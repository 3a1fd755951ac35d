"""Linked data (the app in process, on each store): dereferencing with content negotiation, VoID, the JSON-LD
context and the exports, each parsed by a real parser (rdflib, bibtexparser, csv, json)."""

import csv
import hashlib
import io
import json
import shutil

import bibtexparser
import httpx
import pytest
import rdflib

from forcedmig_kb import load_knowledge_base, queries

from .helpers import DATA

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BASE = "https://w3id.org/forcedmig/"
RESOURCES = [
    "/claim/dw2019-top500-sales-share-gdp-2014",
    "/source/amin2013",
    "/doc/delgado-wise-2019",
    "/ontology/Claim",
    "/ontology/citation",
    "/citation/dw2019-02",
    "/topic/migrant-stocks",
    "/area/world",
]


@pytest.fixture(scope="module")
def web(client_on_each_store):
    return client_on_each_store


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize(
    "accept, rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_iris_dereference_as_rdf(web, path, accept, rdflib_format):
    r = web.get(path, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    assert "Accept" in r.headers["vary"]
    graph = rdflib.Graph().parse(data=r.content, format=rdflib_format)
    iri = rdflib.URIRef(BASE + path.lstrip("/"))
    assert (iri, None, None) in graph or (None, None, iri) in graph


@pytest.mark.parametrize("path", RESOURCES)
def test_iris_dereference_as_html_for_browsers(web, path):
    r = web.get(path, headers={"Accept": BROWSER})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert BASE + path.lstrip("/") in r.text
    assert "<script" not in r.text and "src=" not in r.text  # nothing loaded from anywhere


def test_claim_page_links_stay_on_this_server(web):
    r = web.get("/claim/dw2019-top500-sales-share-gdp-2014", headers={"Accept": BROWSER})
    assert "href='/source/worldbank2015'" in r.text
    assert "href='/claim/dw2019-top500-sales-2014'" in r.text
    assert "equal to 40 percent of the world’s GDP" in r.text
    turtle = web.get("/claim/dw2019-top500-sales-share-gdp-2014", params={"format": "ttl"}, headers={"Accept": BROWSER})
    assert turtle.headers["content-type"].startswith("text/turtle")


def test_a_source_also_answers_as_bibtex_and_csl_json(web):
    bib = web.get("/source/amin2013", headers={"Accept": "application/x-bibtex"})
    entry = bibtexparser.parse_string(bib.text).entries[0]
    assert entry.key == "amin2013" and entry["title"] == "The Implosion of Capitalism"
    item = web.get("/source/amin2013", headers={"Accept": "application/vnd.citationstyles.csl+json"}).json()
    assert item["id"] == "amin2013" and item["type"] == "book" and item["issued"] == {"date-parts": [[2013]]}


def test_a_bibtex_entry_gone_since_its_reference_was_read_is_404(client, monkeypatch):
    # the .bib file changed between the two reads (reference, then raw text): no longer a 500
    monkeypatch.setattr(client.app.state.kb.entries, "raw", lambda key: None)
    r = client.get("/source/amin2013", headers={"Accept": "application/x-bibtex"})
    assert r.status_code == 404 and "amin2013" in r.text


def test_unknown_resources_are_404_and_unofferable_types_406(web):
    assert web.get("/claim/no-such-claim", headers={"Accept": "text/turtle"}).status_code == 404
    assert web.get("/claim/no-such-claim", headers={"Accept": BROWSER}).status_code == 404
    assert web.get("/nothing/here").status_code == 404
    r = web.get("/claim/dw2019-top500-sales-2014", headers={"Accept": "image/png"})
    assert r.status_code == 406 and "text/turtle" in r.text


def test_the_ontology_iri_gives_the_whole_vocabulary(web):
    graph = rdflib.Graph().parse(data=web.get("/ontology", headers={"Accept": "text/turtle"}).text, format="turtle")
    OWL = rdflib.OWL
    assert (rdflib.URIRef(BASE + "ontology"), rdflib.RDF.type, OWL.Ontology) in graph
    assert (rdflib.URIRef(BASE + "ontology/QuantityClaim"), rdflib.RDF.type, OWL.Class) in graph


def test_void_counts_match_the_store(web, chapter_kb):
    graph = rdflib.Graph().parse(data=web.get("/void", headers={"Accept": "text/turtle"}).text, format="turtle")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef(BASE + "void#kb")
    assert (dataset, rdflib.RDF.type, VOID.Dataset) in graph
    triples = chapter_kb.store.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").records()[0]["n"]
    assert graph.value(dataset, VOID.triples).toPython() == triples
    endpoint = graph.value(dataset, VOID.sparqlEndpoint)
    assert str(endpoint).endswith("/sparql") and str(endpoint).startswith("http://127.0.0.1:")
    partitions = {
        graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert partitions[rdflib.URIRef(BASE + "ontology/QuantityClaim")] == 46
    assert len(list(graph.objects(dataset, VOID.subset))) == len(chapter_kb.store.named_graphs())


@pytest.mark.parametrize("path", RESOURCES)
def test_a_description_is_closed_over_its_blank_nodes(web, path):
    """Every blank node a description holds comes with its own statements (a concise bounded
    description): a text's annotations pointing at it used to come as `_:x oa:hasSource doc:`."""
    r = web.get(path, headers={"Accept": "application/n-triples"})
    graph = rdflib.Graph().parse(data=r.text, format="nt")
    held = {o for o in graph.objects() if isinstance(o, rdflib.BNode)} | {
        s for s in graph.subjects() if isinstance(s, rdflib.BNode)
    }
    described = {s for s in graph.subjects() if isinstance(s, rdflib.BNode)}
    assert held == described


def test_a_texts_annotations_come_with_their_selectors(web):
    graph = rdflib.Graph().parse(
        data=web.get("/doc/delgado-wise-2019", headers={"Accept": "text/turtle"}).text, format="turtle"
    )
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    annotations = list(graph.subjects(oa.hasSource, rdflib.URIRef(BASE + "doc/delgado-wise-2019")))
    assert annotations and all(isinstance(a, rdflib.BNode) for a in annotations)
    for annotation in annotations:
        selector = graph.value(annotation, oa.hasSelector)
        assert selector is not None and graph.value(selector, oa.exact) is not None


def test_the_jsonld_context_is_json_ld_1_0_and_every_jsonld_answer_links_it(web):
    context = web.get("/context.jsonld").json()["@context"]
    assert "@version" not in context  # a JSON-LD 1.0 processor refuses any @version
    assert all(isinstance(v, str) for v in context.values())  # prefixes only: 1.0 term definitions
    link = '</context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"'
    for path in ("/claim/dw2019-top500-sales-2014", "/void", "/export/kb.jsonld"):
        assert web.get(path, headers={"Accept": "application/ld+json"}).headers["link"] == link, path
    answer = web.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?o } LIMIT 1"}, headers={"Accept": "application/ld+json"}
    )
    assert answer.headers["link"] == link
    assert "link" not in web.get("/void", headers={"Accept": "text/turtle"}).headers


def test_jsonld_context_expands_our_prefixes(web):
    context = web.get("/context.jsonld").json()
    doc = {**context, "@id": "claim:x", "rdfs:label": "x"}
    graph = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    assert (rdflib.URIRef(BASE + "claim/x"), rdflib.RDFS.label, rdflib.Literal("x")) in graph


@pytest.mark.parametrize(
    "name, rdflib_format",
    [
        ("kb.ttl", "turtle"),
        ("kb.nt", "nt"),
        ("kb.jsonld", "json-ld"),
        ("kb.nq", "nquads"),
        ("kb.rdf", "xml"),
        ("kb.trig", "trig"),
    ],
)
def test_whole_graph_exports(web, chapter_kb, name, rdflib_format):
    r = web.get(f"/export/{name}")
    assert r.status_code == 200
    graph = rdflib.Dataset() if rdflib_format in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=r.content, format=rdflib_format)
    if rdflib_format in ("nquads", "trig"):
        assert {str(g.identifier) for g in graph.graphs()} >= set(chapter_kb.store.named_graphs())
    else:
        distinct = chapter_kb.store.select(
            "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
        ).records()[0]["n"]
        assert len(graph) == distinct


def test_claims_csv_and_bibliography_exports(web, chapter_kb):
    rows = list(csv.DictReader(io.StringIO(web.get("/export/claims.csv").text)))
    assert len(rows) == 56 and {"claim", "label", "value", "unit", "quote", "citation", "sources"} <= rows[0].keys()
    library = bibtexparser.parse_string(web.get("/export/sources.bib").text)
    assert len(library.entries) == 50 and not library.failed_blocks
    items = web.get("/export/sources.json").json()
    assert len(items) == 50 and {i["id"] for i in items} == {e.key for e in library.entries}
    types = {i["type"] for i in items}
    assert types <= {
        "book",
        "article-journal",
        "chapter",
        "report",
        "webpage",
        "document",
        "paper-conference",
        "thesis",
        "dataset",
    }
    assert all(i.get("title") and i.get("author") and i["issued"]["date-parts"][0][0] > 1800 for i in items)


def _fingerprint(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_server_never_writes_its_data_directory(tmp_path, serve, canary):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = _fingerprint(data)
    server = serve(data)
    for path in ("/claims", "/sources/fortune2015/claims", "/export/kb.nq", "/void", "/claim/dw2019-top500-sales-2014"):
        assert httpx.get(server.url + path).status_code == 200
    httpx.post(server.sparql, data={"update": f"LOAD <{canary.url('x.ttl')}>"})
    httpx.post(
        server.sparql,
        content=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert _fingerprint(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def _csv_rows(body: bytes) -> tuple[list[str], list[tuple]]:
    """Header and rows of a CSV answer; the joined many-valued columns compared as sets (the
    query's GROUP_CONCAT joins in no order the standard fixes)."""
    header, *rows = list(csv.reader(io.StringIO(body.decode())))
    joined = {"topics": " ", "sources": " ", "citations": " ", "citation": "; "}
    return header, sorted(
        tuple(frozenset(v.split(joined[c])) if c in joined and v else v for c, v in zip(header, row)) for row in rows
    )


def test_the_claims_export_is_the_claims_querys_answer(web, chapter_kb, tmp_path):
    """/export/claims.csv is asked one field at a time (the query groups every claim inside the
    store): the same header, rows and values as the named query's own CSV answer."""
    from forcedmig_kb.web.linked_data import claims_csv

    from .helpers.synth import write_corpus

    query = queries.load("claims")
    served = web.get("/export/claims.csv")
    assert served.headers["content-type"].startswith("text/csv")
    assert served.content.startswith(b"claim,kind,label,value,printedValue,") and b"\r\n" in served.content
    assert _csv_rows(served.content) == _csv_rows(chapter_kb.store.answer(query, media_type="text/csv"))
    write_corpus(tmp_path / "c.ttl", claims=400, seed=3, rate=0.05, documents_per_file=1)
    (tmp_path / "c.defects.json").unlink()
    kb = load_knowledge_base([tmp_path])
    header, rows = _csv_rows(claims_csv(kb.store))
    assert (header, rows) == _csv_rows(kb.store.answer(query, media_type="text/csv")) and len(rows) == 400
