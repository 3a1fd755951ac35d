"""validators: ETag, Last-Modified, Cache-Control and 304 (RFC 9110 sections 8.8, 13; RFC 9111).

The app in process for the rules; a real server with httpx, SPARQLWrapper and rdflib's
SPARQLStore for what a cache or a SPARQL client meets.
"""

import contextlib
import os
import signal
import time
from email.utils import formatdate, parsedate_to_datetime

import httpx
import pytest
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from forcedmig_kb.web.validators import matches

from .helpers import bench_script

ASK = "ASK { ?s ?p ?o }"
#: Every kind of successful GET: resources, exports, the research API, pages, query answers.
ANSWERS = [
    ("/claim/dw2019-top500-sales-2014", "text/turtle"),
    ("/doc/delgado-wise-2019", "application/ld+json"),
    ("/void", "text/turtle"),
    ("/export/kb.nq", "*/*"),
    ("/export/sources.bib", "*/*"),
    ("/claims/dw2019-top500-sales-2014", "*/*"),
    ("/stats", "*/*"),
    ("/audit", "text/html"),
    ("/sparql", "text/turtle"),
    ("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "text/csv"),
]


@pytest.mark.parametrize(
    "header, etag, expected",
    [
        ('"a"', '"a"', True),
        ('W/"a"', '"a"', True),  # weak comparison (RFC 9110 section 13.1.2)
        ('"x", W/"a"', '"a"', True),
        ("*", '"a"', True),
        ('"b"', '"a"', False),
        ("", '"a"', False),
    ],
)
def test_if_none_match_compares_weakly(header, etag, expected):
    assert matches(header, etag) is expected


@pytest.mark.parametrize("path, accept", ANSWERS)
def test_every_successful_get_has_validators_and_revalidates_to_304(client, path, accept):
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 200
    etag = r.headers["etag"]
    # strong, but for the SPARQL endpoint's answers: equivalent up to blank node labels
    assert etag.startswith('W/"' if path.startswith("/sparql") else '"')
    assert r.headers["cache-control"] == "max-age=300, must-revalidate"
    parsedate_to_datetime(r.headers["last-modified"])
    assert client.get(path, headers={"Accept": accept}).headers["etag"] == etag  # the same answer, the same tag
    again = client.get(path, headers={"Accept": accept, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == r.headers["cache-control"]
    assert "content-type" not in again.headers
    since = client.get(path, headers={"Accept": accept, "If-Modified-Since": r.headers["last-modified"]})
    assert since.status_code == 304


def test_each_representation_has_its_own_etag(client):
    path = "/claim/dw2019-top500-sales-2014"
    tags = {client.get(path, headers={"Accept": t}).headers["etag"] for t in ("text/turtle", "application/ld+json")}
    assert len(tags) == 2
    turtle = client.get(path, headers={"Accept": "text/turtle"}).headers["etag"]
    assert client.get(path, headers={"Accept": "application/ld+json", "If-None-Match": turtle}).status_code == 200
    queries = {client.get("/sparql", params={"query": q}).headers["etag"] for q in ("ASK {}", "ASK { ?s ?p ?o }")}
    assert len(queries) == 2


def test_if_none_match_wins_over_if_modified_since(client):
    r = client.get("/stats")
    both = client.get("/stats", headers={"If-None-Match": '"other"', "If-Modified-Since": r.headers["last-modified"]})
    assert both.status_code == 200  # RFC 9110 section 13.1.3: If-Modified-Since is ignored then


def test_if_modified_since_before_the_load_or_malformed_gives_200(client):
    assert client.get("/stats", headers={"If-Modified-Since": formatdate(0, usegmt=True)}).status_code == 200
    assert client.get("/stats", headers={"If-Modified-Since": "yesterday"}).status_code == 200


def test_errors_and_posts_carry_no_validators(client):
    missing = client.get("/claims/no-such-claim")
    assert missing.status_code == 404 and "etag" not in missing.headers
    assert client.get("/claims/no-such-claim", headers={"If-None-Match": "*"}).status_code == 404
    posted = client.post("/sparql", data={"query": "ASK {}"})
    assert posted.status_code == 200 and "etag" not in posted.headers


@pytest.mark.parametrize("path, accept", ANSWERS)
def test_a_cache_revalidates_over_the_wire(server, path, accept):
    with httpx.Client(base_url=server, headers={"Accept": accept}) as http:
        first = http.get(path)
        assert first.status_code == 200 and first.headers["cache-control"]
        again = http.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == first.headers["etag"]
        head = http.head(path, headers={"If-None-Match": first.headers["etag"]})
        assert head.status_code == 304


def test_query_answers_with_blank_nodes_differ_only_in_their_labels_so_their_tag_is_weak(server):
    """Each query worker holds a replica whose blank nodes have labels of their own."""
    query = "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isBlank(?s)) } LIMIT 50"
    answers = [httpx.get(server + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}) for _ in range(6)]
    assert len({a.headers["etag"] for a in answers}) == 1 and answers[0].headers["etag"].startswith("W/")
    assert len({len(a.text.splitlines()) for a in answers}) == 1


def test_sparql_clients_meet_validators_without_harm(server):
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(ASK)
    client.setReturnFormat(JSON)
    result = client.query()
    assert result.convert()["boolean"] is True
    assert result.response.headers["ETag"] and result.response.headers["Cache-Control"]
    store = SPARQLStore(server + "/sparql", returnFormat="json")
    assert bool(store.query(ASK)) is True


def test_a_query_revalidated_gets_304_before_it_would_run_again(live):
    """A query's tag is made from the request and the data alone, so a matching If-None-Match is
    answered without a worker: with every query worker stopped (SIGSTOP), the 304 still comes at
    once, while the same query with another tag waits for a worker until its deadline (503)."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1500"
    accept = {"Accept": "application/sparql-results+json"}
    first = httpx.get(live.sparql, params={"query": query}, headers=accept, timeout=30)
    assert first.status_code == 200
    assert len(first.content) > 65_536  # too large to be kept and sent again: only a worker could answer it
    workers = bench_script("load/load.py").query_workers(live.pid)
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        again = httpx.get(
            live.sparql, params={"query": query}, headers={**accept, "If-None-Match": first.headers["etag"]}, timeout=30
        )
        seconds = time.monotonic() - started
        head = httpx.head(
            live.sparql, params={"query": query}, headers={**accept, "If-None-Match": first.headers["etag"]}, timeout=30
        )
        other = httpx.get(
            live.sparql, params={"query": query}, headers={**accept, "If-None-Match": 'W/"other"'}, timeout=30
        )
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):  # a worker past the deadline was killed and replaced
                os.kill(pid, signal.SIGCONT)
    assert again.status_code == 304 and again.content == b"" and seconds < 1.0, (again.status_code, seconds)
    assert again.headers["etag"] == first.headers["etag"] and "Accept" in again.headers["vary"]
    assert head.status_code == 304
    assert other.status_code == 503, other.text  # the test server's 2 s deadline: no worker answered
    assert httpx.get(live.sparql, params={"query": query}, headers=accept, timeout=30).status_code == 200


def test_a_query_revalidated_with_a_star_or_another_format_runs(client):
    """``*`` asks whether the answer would be 200, which only running the query tells; a tag of
    another format is not this answer's."""
    refused = client.get("/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert refused.status_code == 403
    star = client.get(
        "/sparql",
        params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
        headers={"If-None-Match": "*"},
    )
    assert star.status_code == 403
    as_json = client.get("/sparql", params={"query": ASK}, headers={"Accept": "application/sparql-results+json"})
    as_xml = client.get(
        "/sparql",
        params={"query": ASK},
        headers={"Accept": "application/sparql-results+xml", "If-None-Match": as_json.headers["etag"]},
    )
    assert as_xml.status_code == 200 and as_xml.headers["content-type"].startswith("application/sparql-results+xml")
