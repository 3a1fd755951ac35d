"""The SPARQL 1.1 Protocol endpoint, through a real server and real clients.

SPARQLWrapper and rdflib's SPARQLStore talk to it as any linked-data tool would; httpx checks
the protocol details and every security rule (read-only, never a connection on a
client's behalf, a deadline that really stops the work, a body limit).
"""

import csv
import io
import json
import threading
import time
import xml.etree.ElementTree as ET

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from .helpers import DATA
from .helpers.serving import start_server, stop_server

FM = "https://w3id.org/forcedmig/ontology/"
COUNT_FIGURES = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a <{FM}QuantityClaim> }}"
CROSS_JOIN = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(12)) + " }"
)
SRX = "{http://www.w3.org/2005/sparql-results#}"


def get(live, query, accept=None, **params):
    return httpx.get(
        live.sparql, params={"query": query, **params}, headers={"Accept": accept} if accept else {}, timeout=30
    )


# ------------------------------------------------------------------ real clients


def test_sparqlwrapper_select_in_json_xml_and_csv(service):
    client = SPARQLWrapper(service.sparql)
    client.setQuery(COUNT_FIGURES)
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "46"
    client.setReturnFormat(XML)
    doc = client.query().convert()
    assert doc.getElementsByTagName("literal")[0].firstChild.data == "46"
    client.setReturnFormat(CSV)
    assert list(csv.reader(io.StringIO(client.query().convert().decode())))[1] == ["46"]


def test_sparqlwrapper_post_ask_and_construct(service):
    client = SPARQLWrapper(service.sparql)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery("ASK { <https://w3id.org/forcedmig/claim/dw2019-top500-sales-2014> ?p ?o }")
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT WHERE { <https://w3id.org/forcedmig/claim/dw2019-top500-sales-2014> ?p ?o }")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert (
        rdflib.URIRef("https://w3id.org/forcedmig/claim/dw2019-top500-sales-2014"),
        rdflib.URIRef("http://www.w3.org/ns/prov#hadPrimarySource"),
        rdflib.URIRef("https://w3id.org/forcedmig/source/fortune2015"),
    ) in graph


def test_rdflib_sparqlstore_reads_the_graph(service):
    graph = rdflib.Graph(store=SPARQLStore(service.sparql, returnFormat="json"))
    rows = list(
        graph.query(
            f"SELECT ?label WHERE {{ ?c a <{FM}EventClaim> ; rdfs:label ?label }} ORDER BY ?label LIMIT 3",
            initNs={"rdfs": rdflib.RDFS},
        )
    )
    assert len(rows) == 3 and all(isinstance(r.label, rdflib.Literal) for r in rows)
    sources = set(
        graph.objects(
            rdflib.URIRef("https://w3id.org/forcedmig/claim/dw2019-top500-sales-2014"),
            rdflib.URIRef("http://www.w3.org/ns/prov#hadPrimarySource"),
        )
    )
    assert sources == {rdflib.URIRef("https://w3id.org/forcedmig/source/fortune2015")}


# ------------------------------------------------------------------ protocol


def test_get_form_and_direct_post_answer_the_same(service):
    headers = {"Accept": "application/sparql-results+json"}
    by_get = get(service, COUNT_FIGURES, "application/sparql-results+json").json()
    by_form = httpx.post(service.sparql, data={"query": COUNT_FIGURES}, headers=headers).json()
    by_body = httpx.post(
        service.sparql,
        content=COUNT_FIGURES.encode(),
        headers={**headers, "Content-Type": "application/sparql-query; charset=utf-8"},
    ).json()
    assert by_get == by_form == by_body
    assert by_get["results"]["bindings"][0]["n"]["value"] == "46"


@pytest.mark.parametrize(
    "accept, media_type, parse",
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            lambda b: len(json.loads(b)["results"]["bindings"]),
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            lambda b: len(ET.fromstring(b).find(f"{SRX}results")),
        ),
        ("text/csv", "text/csv", lambda b: len(list(csv.reader(io.StringIO(b.decode())))) - 1),
        ("text/tab-separated-values", "text/tab-separated-values", lambda b: len(b.decode().splitlines()) - 1),
        (None, "application/sparql-results+json", lambda b: len(json.loads(b)["results"]["bindings"])),
    ],
)
def test_select_content_negotiation(service, accept, media_type, parse):
    r = get(service, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3", accept)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in r.headers["vary"]
    assert parse(r.content) == 3


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_content_negotiation(service, accept):
    r = get(service, "ASK { ?s ?p ?o }", accept)
    assert r.headers["content-type"].split(";")[0] == accept
    assert b"true" in r.content


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_content_negotiation(service, accept, rdflib_format):
    for query in ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 7", "DESCRIBE <https://w3id.org/forcedmig/source/amin2013>"):
        r = get(service, query, accept)
        assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
        graph = rdflib.Graph().parse(data=r.content, format=rdflib_format)
        assert len(graph) >= (7 if "CONSTRUCT" in query else 3)


def test_406_lists_the_offered_types(service):
    r = get(service, "SELECT * { ?s ?p ?o } LIMIT 1", "image/png")
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text and "text/csv" in r.text
    r = get(service, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv")
    assert r.status_code == 406 and "text/turtle" in r.text and "application/ld+json" in r.text


def test_dataset_parameters_select_our_graphs(service):
    claims_graph = "https://w3id.org/forcedmig/graph/file/claims.ttl"
    refs_graph = "https://w3id.org/forcedmig/graph/references"
    ask = "ASK { ?c a <https://w3id.org/forcedmig/ontology/QuantityClaim> }"
    assert get(service, ask, "application/sparql-results+json", **{"default-graph-uri": claims_graph}).json()["boolean"]
    assert not get(service, ask, "application/sparql-results+json", **{"default-graph-uri": refs_graph}).json()[
        "boolean"
    ]
    named = get(
        service,
        "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }",
        "application/sparql-results+json",
        **{"named-graph-uri": refs_graph},
    ).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [refs_graph]
    from_query = get(
        service, f"ASK FROM <{refs_graph}> {{ ?c a <{FM}QuantityClaim> }}", "application/sparql-results+json"
    )
    assert from_query.json()["boolean"] is False  # FROM is honoured, not overridden by the union


@pytest.mark.parametrize(
    "send, status, says",
    [
        (lambda u: httpx.get(u, params={"query": "ASK {"}), 400, "does not parse"),
        (lambda u: httpx.get(u, params={"query": "SELECT * WHERE { ?s ?p }"}), 400, "line 1, column"),
        (lambda u: httpx.post(u, data={"default-graph-uri": "x"}), 400, "missing 'query'"),
        (lambda u: httpx.get(u, params=[("query", "ASK {}"), ("query", "ASK {}")]), 400, "more than one"),
        (lambda u: httpx.put(u, params={"query": "ASK {}"}), 405, ""),
        (
            lambda u: httpx.post(u, content=b"ASK {}", headers={"Content-Type": "text/plain"}),
            415,
            "application/sparql-query",
        ),
        (lambda u: httpx.post(u, content=b"ASK {}"), 415, "Content-Type"),
        (
            lambda u: httpx.post(
                u,
                content="ASK {}".encode("utf-16"),
                headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
            ),
            415,
            "UTF-8",
        ),
        (
            lambda u: httpx.post(
                u, content=b'ASK { ?s ?p "\xff" }', headers={"Content-Type": "application/sparql-query"}
            ),
            400,
            "not UTF-8",
        ),
        (
            lambda u: httpx.post(
                u,
                content=b'{"@context": "http://127.0.0.1:9/c.jsonld"}',
                headers={"Content-Type": "application/ld+json"},
            ),
            415,
            "",
        ),
    ],
)
def test_malformed_requests_get_a_4xx_that_says_why(service, send, status, says):
    r = send(service.sparql)
    assert r.status_code == status
    assert says in r.text


# ------------------------------------------------------------------ read-only, offline

MARKER = '<urn:x-test:s> <urn:x-test:p> "written"'


@pytest.mark.parametrize(
    "send",
    [
        lambda u: httpx.get(u, params={"query": f"INSERT DATA {{ {MARKER} }}"}),
        lambda u: httpx.post(
            u, content=f"INSERT DATA {{ {MARKER} }}".encode(), headers={"Content-Type": "application/sparql-query"}
        ),
        lambda u: httpx.post(u, data={"update": f"INSERT DATA {{ {MARKER} }}"}),
        lambda u: httpx.post(
            u, content=f"INSERT DATA {{ {MARKER} }}".encode(), headers={"Content-Type": "application/sparql-update"}
        ),
        lambda u: httpx.get(u, params={"update": f"INSERT DATA {{ {MARKER} }}"}),
        lambda u: httpx.get(u, params={"query": "CLEAR ALL"}),
    ],
)
def test_updates_are_refused_and_change_nothing(service, send):
    r = send(service.sparql)
    assert r.status_code == 403 and "read-only" in r.text
    assert get(service, "ASK { <urn:x-test:s> ?p ?o }", "application/sparql-results+json").json()["boolean"] is False
    assert get(service, COUNT_FIGURES, "text/csv").text.split() == ["n", "46"]


@pytest.mark.parametrize(
    "make",
    [
        lambda c: {"query": f"SELECT * WHERE {{ SERVICE <{c.url('service')}> {{ ?s ?p ?o }} }}"},
        lambda c: {"query": f"SELECT * WHERE {{ SERVICE SILENT <{c.url('silent')}> {{ ?s ?p ?o }} }}"},
        lambda c: {"query": f"SELECT * FROM <{c.url('from.ttl')}> WHERE {{ ?s ?p ?o }} LIMIT 1"},
        lambda c: {"query": f"SELECT * FROM NAMED <{c.url('named.ttl')}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        lambda c: {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": c.url("dg.ttl")},
        lambda c: {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", "named-graph-uri": c.url("ng.ttl")},
        lambda c: {"query": f"LOAD <{c.url('load.ttl')}>"},
        lambda c: {"update": f"LOAD <{c.url('load.ttl')}>"},
    ],
)
def test_the_server_never_opens_a_connection_on_a_clients_behalf(service, canary, make):
    r = httpx.post(service.sparql, data=make(canary))
    assert 400 <= r.status_code < 500, r.text
    assert canary.settled_hits() == []


def test_a_remote_jsonld_context_in_a_body_is_never_fetched(service, canary):
    body = json.dumps({"@context": canary.url("context.jsonld"), "@id": "urn:x", "name": "x"})
    r = httpx.post(service.sparql, content=body.encode(), headers={"Content-Type": "application/ld+json"})
    assert r.status_code == 415
    assert canary.settled_hits() == []


# ------------------------------------------------------------------ limits


def test_a_body_over_the_limit_gets_413_and_the_server_goes_on(service):
    big = b"ASK {}\n#" + b"x" * 200_000  # the test server's limit is 100,000 bytes
    r = httpx.post(service.sparql, content=big, headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 413 and "larger than 100000 bytes" in r.text

    def chunks():  # no Content-Length: counted while read
        for _ in range(30):
            yield b"#" + b"x" * 9999

    r = httpx.post(service.sparql, content=chunks(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 413
    assert get(service, "ASK {}", "application/sparql-results+json").json()["boolean"] is True


def test_a_query_asked_again_gets_the_same_answer_in_the_format_asked(live):
    """A small answer is sent again without a worker (QueryPool) and, for the same GET, without
    routing (QueryOperation): the same bytes and headers; the media type is part of what is kept."""
    first = get(live, COUNT_FIGURES, "application/sparql-results+json")
    again = get(live, COUNT_FIGURES, "application/sparql-results+json")
    as_csv = get(live, COUNT_FIGURES, "text/csv")
    assert first.status_code == again.status_code == as_csv.status_code == 200
    assert first.content == again.content
    kept = ("content-type", "content-length", "vary")
    assert [first.headers.get(h) for h in kept] == [again.headers.get(h) for h in kept]
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.text.splitlines() == ["n", "46"]


@pytest.mark.server
def test_a_federation_sized_values_query_is_answered_within_the_deadline():
    """A bind join as a federation engine sends it: 15,000 rows of VALUES (about 780 KB, under
    the default 1 MB body limit), answered 200 within the test servers' 2 s deadline, not 503."""
    live = start_server(DATA, {"FMKB_MAX_BODY_BYTES": "1000000"})
    try:
        _ask_a_federation_sized_values_query(live)
    finally:
        stop_server(live)


def _ask_a_federation_sized_values_query(live):
    claims = [
        b["c"]["value"]
        for b in get(live, f"SELECT ?c WHERE {{ ?c a <{FM}QuantityClaim> }}", "application/sparql-results+json").json()[
            "results"
        ]["bindings"]
    ]
    rows = claims + [f"https://w3id.org/forcedmig/claim/row-{i:06d}-x" for i in range(15_000 - len(claims))]
    query = (
        "SELECT ?claim ?label WHERE {\n  VALUES (?claim) {\n"
        + "\n".join(f"  (<{iri}>)" for iri in rows)
        + "\n  }\n  ?claim <http://www.w3.org/2000/01/rdf-schema#label> ?label\n}"
    )
    assert 700_000 < len(query.encode()) < 1_000_000
    response = httpx.post(
        live.sparql,
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert {b["claim"]["value"] for b in response.json()["results"]["bindings"]} == set(claims)


def test_row_cap(service):
    r = get(service, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert r.status_code == 413, r.text
    assert "more than 2000 rows" in r.text and "LIMIT 2000" in r.text
    assert get(service, "SELECT * WHERE { ?s ?p ?o } LIMIT 2000", "text/csv").text.count("\n") == 2001


def test_runaway_query_is_stopped_the_work_ends_and_others_are_answered_meanwhile(live, procfs):
    descendants, cpu_seconds = procfs.descendants, procfs.cpu_seconds
    before = descendants(live.pid)
    result = {}

    def runaway():
        started = time.monotonic()
        result["response"] = get(live, CROSS_JOIN, "application/sparql-results+json")
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.4)
    busy = {pid: cpu_seconds(pid) for pid in descendants(live.pid)}
    time.sleep(0.9)  # a worker evaluating the cross join burns most of a core; an idle one nothing
    burning = [pid for pid, cpu in busy.items() if cpu_seconds(pid) - cpu > 0.25]
    started = time.monotonic()
    other = get(live, COUNT_FIGURES, "application/sparql-results+json")  # another client, meanwhile
    other_seconds = time.monotonic() - started
    thread.join(30)

    assert other.status_code == 200 and other.json()["results"]["bindings"][0]["n"]["value"] == "46"
    assert other_seconds < 1.0 and thread.is_alive() is False
    assert result["response"].status_code == 503 and "deadline of 2 s" in result["response"].text
    assert result["seconds"] < 4
    assert len(burning) == 1, f"expected one worker busy with the runaway query, saw {burning}"
    time.sleep(1.0)
    assert burning[0] not in descendants(live.pid), "the worker running the runaway query was not killed"
    after = descendants(live.pid)
    cpu = {pid: cpu_seconds(pid) for pid in after | {live.pid}}
    time.sleep(1.0)
    load = sum(cpu_seconds(pid) - c for pid, c in cpu.items())
    assert load < 0.3, f"the server still burns {load:.2f} CPU seconds per second"
    assert len(after) == len(before), "the killed worker was not replaced"


# ------------------------------------------------------------------ service description, page, CORS


def test_service_description_for_machines(service):
    r = httpx.get(service.sparql, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    described = graph.value(None, rdflib.RDF.type, SD.Service)
    assert graph.value(described, SD.endpoint) == rdflib.URIRef(service.sparql)
    assert (described, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = {str(o) for o in graph.objects(described, SD.resultFormat)}
    assert (
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV" in formats
        and "http://www.w3.org/ns/formats/Turtle" in formats
    )
    names = {str(o) for o in graph.objects(None, SD.name)}
    assert "https://w3id.org/forcedmig/graph/references" in names
    jsonld = httpx.get(service.sparql, headers={"Accept": "application/ld+json"})
    assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_query_page_for_browsers(service):
    r = httpx.get(service.sparql, headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<form method=post action='/sparql'>" in r.text and "<textarea" in r.text
    assert "source-claims" in r.text and "http://" not in r.text.split("<textarea")[0].replace("http://www.w3.org", "")
    named = httpx.get(service.sparql, params={"name": "source-claims"}, headers={"Accept": "text/html"})
    assert "prov:wasDerivedFrom+" in named.text


def test_cors_allows_any_origin_without_credentials(service):
    r = httpx.options(
        service.sparql,
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in r.headers
    simple = get(service, "ASK {}", "application/sparql-results+json")
    assert (
        httpx.get(service.sparql, params={"query": "ASK {}"}, headers={"Origin": "https://x.example"}).headers[
            "access-control-allow-origin"
        ]
        == "*"
        and simple.status_code == 200
    )


def test_a_query_that_needs_too_much_memory_is_stopped_and_its_worker_replaced(procfs):
    # a server of its own with a long deadline: the memory limit, not the clock of a busy machine, stops it
    live = start_server(DATA, {"FMKB_QUERY_TIMEOUT": "60"})
    try:
        before = procfs.descendants(live.pid)
        hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"  # 17 million rows to sort
        r = get(live, hungry, "application/sparql-results+json")
        assert r.status_code == 413 and "384 MiB of memory" in r.text, r.text
        assert get(live, COUNT_FIGURES, "text/csv").text.split() == ["n", "46"]
        for _ in range(50):
            after = procfs.descendants(live.pid)
            if len(after) == len(before) and after != before:
                break
            time.sleep(0.1)
        assert len(after) == len(before) and after != before, "the worker was not replaced"
    finally:
        stop_server(live)
