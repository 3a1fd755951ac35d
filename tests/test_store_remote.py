"""store/remote: the chapter on a real Oxigraph server and a real Virtuoso gives the embedded store's answers.

Every test of the first part runs on each backend (embedded, ``oxigraph serve``, ``virtuoso-t``)
and compares with the embedded store; the servers are started by ``tests/helpers/sparql_servers.py``.
Blank nodes are compared as "a blank node": their labels are each store's own.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from forcedmig_kb import Settings, load_knowledge_base, open_store
from forcedmig_kb.checks import run_check
from forcedmig_kb.errors import QuerySyntaxError, QueryTimeout, QueryTooLarge, StoreError
from forcedmig_kb.namespaces import GRAPH, sparql_prologue
from forcedmig_kb.store import OxigraphStore, SparqlStore, Store, Term
from forcedmig_kb.store.protocol import XSD_BOOLEAN, XSD_DECIMAL, XSD_GYEAR

from .helpers import DATA, ROOT, free_port
from .helpers.serving import start_server, stop_server
from .helpers.sparql_servers import start_oxigraph, start_virtuoso

P = sparql_prologue()

#: Questions asked of the claims, with the answers the embedded store gives.
CLAIM_QUERIES = {
    "claims-per-class": """SELECT ?class (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a ?class . FILTER(?class IN (fm:QuantityClaim, fm:EventClaim)) } GROUP BY ?class""",
    "citations-per-status": """SELECT ?status (COUNT(?part) AS ?n) WHERE {
        ?citation fm:hasPart ?part . ?part fm:matchStatus ?status } GROUP BY ?status""",
    "claims-resting-on-a-source": """SELECT DISTINCT ?claim ?source WHERE {
        ?claim prov:wasDerivedFrom+ ?input . ?input fm:citation/fm:hasPart/cito:hasCitedEntity ?source }""",
    "periods-gyear": """SELECT ?claim ?start ?end (YEAR(?start) AS ?y) WHERE {
        ?claim sdmx-dimension:refPeriod ?period . ?period dcat:startDate ?start ; dcat:endDate ?end }""",
    "values-decimal": """SELECT ?claim ?value ?lower ?upper ?mult WHERE { ?claim qudt:numericValue ?value
        OPTIONAL { ?claim qudt:lowerBound ?lower } OPTIONAL { ?claim qudt:upperBound ?upper }
        OPTIONAL { ?claim sdmx-attribute:unitMult ?mult } }""",
    "values-compared": """SELECT ?claim WHERE { ?claim qudt:numericValue ?v FILTER(?v > 1000000 && ?v < 1e12) }""",
    "labels-language": """SELECT ?term ?label (LANG(?label) AS ?lang) WHERE {
        GRAPH <%s> { ?term rdfs:label ?label } }"""
    % GRAPH.ontology,
    "quotes-non-ascii": """SELECT ?exact WHERE { ?selector oa:exact ?exact FILTER(REGEX(?exact, "[^ -~]")) }""",
    "periods-as-blank-nodes": """SELECT ?claim ?period WHERE { ?claim sdmx-dimension:refPeriod ?period }""",
    "graphs": """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g""",
    "default-graph-is-the-union": """SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }""",
    "reference-years": """SELECT ?ref ?year WHERE { GRAPH <%s> { ?ref fabio:hasPublicationYear ?year } }"""
    % GRAPH.references,
    "unbound-optional": """SELECT ?claim ?cue WHERE { ?claim a fm:QuantityClaim OPTIONAL { ?claim fm:currencyCue ?cue } }""",
}


def canonical(term: Term | None) -> tuple | None:
    if term is None:
        return None
    if term.kind == "bnode":
        return ("bnode",)
    return (term.kind, term.value, term.datatype, term.lang)


def answers(store: Store, query: str) -> list[tuple]:
    table = store.select(P + query)
    return sorted((tuple(canonical(t) for t in row) for row in table.rows), key=repr)


def canonical_triples(graph: Graph, rounds: int = 4) -> list[tuple[str, str, str]]:
    """The triples with each blank node named by a colour of its neighbourhood (Weisfeiler-Lehman).

    Isomorphic graphs give equal lists; for blank nodes that hang in trees below IRIs, as every
    blank node of the corpus does (periods, selectors, calculations, author lists) and at most
    ``rounds`` deep, equal lists mean isomorphic graphs. rdflib's ``isomorphic`` says the same
    in 9 s per comparison on the chapter; this takes a fraction of a second.
    """
    colour = {n: "b" for t in graph for n in (t[0], t[2]) if isinstance(n, BNode)}

    def name(node) -> str:
        return colour[node] if isinstance(node, BNode) else node.n3()

    for _ in range(rounds):
        colour = {
            b: hashlib.sha256(
                repr(
                    sorted(
                        [("out", p.n3(), name(o)) for p, o in graph.predicate_objects(b)]
                        + [("in", p.n3(), name(s)) for s, p in graph.subject_predicates(b)]
                    )
                ).encode()
            ).hexdigest()
            for b in colour
        }
    return sorted((name(s), p.n3(), name(o)) for s, p, o in graph)


def findings(kb) -> list[tuple[str, str, str, str]]:
    def plain(text: str) -> str:
        return "_:" if text.startswith("_:") else text

    return sorted((f.rule, f.severity, plain(f.focus), plain(f.value)) for f in run_check(kb))


# ------------------------------------------------------------ the same answers on every backend


def test_every_backend_is_a_store(backend):
    assert isinstance(backend.store, Store)


def test_counts_graphs_and_size_equal_the_embedded_store(backend_kb, chapter_kb):
    assert backend_kb.counts == chapter_kb.counts
    assert backend_kb.store.named_graphs() == chapter_kb.store.named_graphs()
    assert len(backend_kb.store) == len(chapter_kb.store) == chapter_kb.counts["triples"]


@pytest.mark.parametrize("name", list(CLAIM_QUERIES))
def test_claim_queries_give_the_embedded_answers(name, backend_kb, chapter_kb):
    expected = answers(chapter_kb.store, CLAIM_QUERIES[name])
    assert expected, f"{name} answers nothing on the embedded store: a useless test"
    assert answers(backend_kb.store, CLAIM_QUERIES[name]) == expected


def test_literals_round_trip_with_their_datatypes(backend_kb, chapter_kb):
    """gYear, decimal, language-tagged and plain literals come back as the embedded store gives them."""
    query = (
        P
        + """SELECT ?start ?value ?lower ?label ?quote WHERE {
        claim:dw2019-financial-assets-to-gdp-2007 sdmx-dimension:refPeriod/dcat:startDate ?start ;
            qudt:numericValue ?value ; qudt:lowerBound ?lower ; rdfs:label ?label ;
            oa:hasTarget/oa:hasSelector/oa:exact ?quote .
        }"""
    )
    expected = chapter_kb.store.select(query)
    assert expected.records() == [
        {
            "start": 2007,
            "value": 4,
            "lower": 3.6,
            "label": "Global financial assets as a multiple of global GDP, 2007",
            "quote": "nearly quadrupled global GDP",
        }
    ]
    assert backend_kb.store.select(query).terms() == expected.terms()
    assert expected.terms()[0]["start"].datatype == XSD_GYEAR and expected.terms()[0]["value"].datatype == XSD_DECIMAL
    language = P + "SELECT ?label WHERE { fm:QuantityClaim rdfs:label ?label }"
    assert backend_kb.store.select(language).terms() == chapter_kb.store.select(language).terms()
    assert chapter_kb.store.select(language).rows[0][0].lang == "en"


@pytest.mark.parametrize(
    "media",
    ["application/sparql-results+json", "text/tab-separated-values", "application/sparql-results+xml", "text/csv"],
)
def test_answer_writes_each_servers_blank_nodes_as_the_embedded_store_does(backend_kb, chapter_kb, media):
    """Virtuoso names blank nodes "nodeID://b10007", which no results format's reader takes as a label."""
    query = P + CLAIM_QUERIES["periods-as-blank-nodes"] + " ORDER BY ?claim"
    body, expected = (kb.store.answer(query, media_type=media) for kb in (backend_kb, chapter_kb))
    assert len(body.splitlines()) == len(expected.splitlines())
    if media.endswith("json"):
        rows = json.loads(body)["results"]["bindings"]
        assert len(rows) > 40 and all(r["period"]["type"] == "bnode" for r in rows)
        assert [r["claim"] for r in rows] == [r["claim"] for r in json.loads(expected)["results"]["bindings"]]


def test_ask(backend_kb):
    assert backend_kb.store.ask(P + "ASK { claim:dw2019-refugees a fm:QuantityClaim }")
    assert not backend_kb.store.ask(P + "ASK { claim:no-such-claim ?p ?o }")


def test_construct_with_blank_nodes_gives_an_isomorphic_graph(backend_kb, chapter_kb):
    stored = (
        P
        + """CONSTRUCT { ?claim sdmx-dimension:refPeriod ?period . ?period ?p ?o }
                    WHERE { ?claim sdmx-dimension:refPeriod ?period . ?period ?p ?o }"""
    )
    minted = (
        P
        + """CONSTRUCT { ?claim fm:note [ rdfs:label ?label ] } WHERE { ?claim a fm:QuantityClaim ; rdfs:label ?label }"""
    )

    def graph(store: Store, query: str) -> Graph:
        return Graph().parse(
            data="\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in store.construct(query)), format="nt"
        )

    for query in (stored, minted):
        expected = graph(chapter_kb.store, query)
        assert len(expected) > 40
        assert isomorphic(graph(backend_kb.store, query), expected)


def test_dump_parses_back_to_an_isomorphic_graph(backend_kb, chapter_kb):
    def parsed(store: Store, media: str, rdflib_format: str, graph: str | None = None) -> Graph:
        return Graph().parse(data=store.dump(format=media, graph=graph), format=rdflib_format)

    merged = parsed(backend_kb.store, "application/n-triples", "nt")
    assert canonical_triples(merged) == canonical_triples(parsed(chapter_kb.store, "application/n-triples", "nt"))
    for graph in chapter_kb.store.named_graphs():
        assert canonical_triples(parsed(backend_kb.store, "text/turtle", "turtle", graph)) == canonical_triples(
            parsed(chapter_kb.store, "text/turtle", "turtle", graph)
        ), graph
    quads = list(ox.parse(backend_kb.store.dump(format="application/n-quads"), format=ox.RdfFormat.N_QUADS))
    assert sorted({q.graph_name.value for q in quads}) == chapter_kb.store.named_graphs()
    assert len(quads) == len(chapter_kb.store)


def test_the_check_gives_the_same_findings(backend_kb, chapter_kb):
    expected = findings(chapter_kb)
    assert expected, "the chapter has findings: the test must compare some"
    assert findings(backend_kb) == expected


def test_the_full_check_writes_joined_scans_only_for_oxigraph(backend_kb, backend, monkeypatch):
    """The joined scans are written for Oxigraph's planner (embedded or server); a Virtuoso,
    known by its answers' Server header, gets the look-ups per row (it ran out of memory on the
    scans at 100k claims). Same findings either way (the test above)."""
    import forcedmig_kb.checks as checks

    plans: list[bool] = []
    compiled = checks._compiled
    monkeypatch.setattr(
        checks, "_compiled", lambda closure, whole=True: (plans.append(whole), compiled(closure, whole))[1]
    )
    run_check(backend_kb, strict=True)
    engine = {"embedded": "oxigraph", "oxigraph-server": "oxigraph", "virtuoso": "virtuoso"}[backend.name]
    assert backend_kb.store.engine == engine
    assert plans == [engine == "oxigraph"]


def test_query_errors_are_typed(backend_kb):
    with pytest.raises(QuerySyntaxError) as err:
        backend_kb.store.select("SELEC nonsense")
    assert str(err.value)
    with pytest.raises(QuerySyntaxError):
        backend_kb.store.select("ASK { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError):
        backend_kb.store.ask("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(QuerySyntaxError):
        backend_kb.store.construct("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


# ------------------------------------------------------------ the remote adapter on both servers

SERVERS = ["oxigraph-server", "virtuoso"]
FIXTURE = {"oxigraph-server": "oxigraph_server", "virtuoso": "virtuoso_server"}

TTL = """@prefix ex: <http://ex/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:year "2014"^^xsd:gYear ; ex:n 3 , 0.50 ; ex:flag true ; ex:label "Raúl — “quoted” \\n line"@EN-GB ;
     ex:period [ ex:start "2010"^^xsd:gYear ; ex:part [ ex:x 1 ] ] ."""


def embedded_graph(turtle: str) -> Graph:
    """What the embedded store holds after loading ``turtle``: the graph a remote store must hold."""
    store = OxigraphStore()
    store.load(turtle.encode(), format="text/turtle", graph="http://ex/g")
    return Graph().parse(data=store.dump(format="application/n-triples"), format="nt")


@pytest.fixture(params=SERVERS)
def server(request):
    return request.getfixturevalue(FIXTURE[request.param])


@pytest.fixture
def scratch(server):
    """A store on ``server`` scoped to graphs of its own, emptied afterwards."""
    store = server.store(graph_prefix=f"http://test.invalid/{uuid.uuid4().hex}/")
    yield store
    store.clear()
    store.close()


def test_load_select_dump_clear_on_a_scoped_store(scratch, chapter_kb):
    g = scratch.graph_prefix + "g"
    scratch.load(TTL.encode(), format="text/turtle", graph=g)
    assert scratch.named_graphs() == [g] and len(scratch) == 9
    rows = {
        r["p"].rsplit("/", 1)[-1]: r["o"]
        for r in scratch.select("SELECT ?p ?o WHERE { <http://ex/a> ?p ?o FILTER(isLiteral(?o)) }").records()
    }
    assert rows["year"] == 2014 and rows["flag"] is True and rows["label"] == "Raúl — “quoted” \n line"
    flag = scratch.select("SELECT ?o WHERE { ?s <http://ex/flag> ?o }").rows[0][0]
    assert flag == Term("literal", "true", XSD_BOOLEAN)  # Virtuoso says "1"
    label = scratch.select("SELECT ?o WHERE { ?s <http://ex/label> ?o }").rows[0][0]
    assert label.lang == "en-gb"
    assert scratch.select("SELECT ?x WHERE { ?a <http://ex/period>/<http://ex/part>/<http://ex/x> ?x }").records() == [
        {"x": 1}
    ]
    assert isomorphic(
        Graph().parse(data=scratch.dump(format="application/n-triples"), format="nt"), embedded_graph(TTL)
    )
    # the chapter's graphs are out of this store's scope, and a clear leaves them alone
    assert not scratch.ask(P + "ASK { ?c a fm:QuantityClaim }")
    scratch.clear()
    assert scratch.named_graphs() == [] and len(scratch) == 0


def test_blank_nodes_stay_one_node_across_chunks(scratch):
    g = scratch.graph_prefix + "chunks"
    lines = [f"<http://ex/s{i}> <http://ex/p> _:shared{i % 7} ." for i in range(200)]
    lines += [f'_:shared{j} <http://ex/n> "{j}"^^<http://www.w3.org/2001/XMLSchema#integer> .' for j in range(7)]
    scratch.chunk_size, scratch.blank_chunk_size = 10, 10
    scratch.load("\n".join(lines).encode(), format="application/n-triples", graph=g)
    assert scratch.select("SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?s <http://ex/p> ?b }").records() == [{"n": 7}]
    assert scratch.select("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://ex/p> ?b . ?b <http://ex/n> ?j }").records() == [
        {"n": 200}
    ]


def test_a_chunk_too_long_for_virtuoso_is_halved(scratch):
    """Virtuoso refuses an update that compiles to over 10,000 lines of SQL; 3,000 typed literals do."""
    g = scratch.graph_prefix + "long"
    data = "\n".join(
        f'<http://ex/s{i}> <http://ex/p{i % 13}> "{i}.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
        for i in range(3000)
    )
    scratch.chunk_size = 3000
    scratch.load(data.encode(), format="application/n-triples", graph=g)
    assert len(scratch) == 3000


@pytest.mark.remote_store
@pytest.mark.parametrize("start", [start_oxigraph, start_virtuoso], ids=["oxigraph-server", "virtuoso"])
def test_a_server_that_holds_the_corpus_is_used_as_it_is_and_reloaded_when_it_changed(start, tmp_path, monkeypatch):
    (tmp_path / "server").mkdir()
    with start(tmp_path / "server") as server, server.store() as scratch:  # its own: the test empties it
        _reuse_and_reload(scratch, tmp_path, monkeypatch)


def _reuse_and_reload(scratch, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    first = load_knowledge_base([data], store=scratch)
    assert not first.reused and scratch.manifest()["counts"] == first.counts
    assert scratch.manifest_graph not in scratch.named_graphs() and len(scratch) == sum(
        1 for _ in ox.parse(scratch.dump(format="application/n-quads"), format=ox.RdfFormat.N_QUADS)
    )

    writes = []
    for name in ("load", "update", "clear"):
        monkeypatch.setattr(
            scratch,
            name,
            lambda *a, _name=name, _real=getattr(scratch, name), **k: (  # noqa: B008
                writes.append(_name),
                _real(*a, **k),
            )[1],
        )
    again = load_knowledge_base([data], store=scratch)
    assert again.reused and again.counts == first.counts and writes == []
    reader = SparqlStore(scratch.query_url, graph_prefix=scratch.graph_prefix, read_only=True, auth=scratch._auth)
    assert load_knowledge_base([data], store=reader).reused

    claims = data / "claims.ttl"
    claims.write_text(claims.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(StoreError, match="read-only.*does not hold this corpus"):
        load_knowledge_base([data], store=reader)
    third = load_knowledge_base([data], store=scratch)
    assert not third.reused and third.counts == first.counts and "load" in writes

    def fails(*args, **kwargs):
        raise StoreError("the server went away")

    claims.write_text(claims.read_text(encoding="utf-8") + "# edited again\n", encoding="utf-8")
    monkeypatch.setattr(scratch, "load", fails)
    with pytest.raises(StoreError, match="went away"):
        load_knowledge_base([data], store=scratch)
    assert scratch.manifest() is None  # a load stopped half-way is done again next time


def test_dump_reads_in_pages(scratch):
    g = scratch.graph_prefix + "pages"
    data = "\n".join(f'<http://ex/s{i}> <http://ex/p> "{i}" .' for i in range(95)) + "\n_:b <http://ex/p> _:c ."
    scratch.load(data.encode(), format="application/n-triples", graph=g)
    whole = scratch.dump(format="application/n-triples")
    scratch.page_size = 10
    paged = scratch.dump(format="application/n-triples")
    assert isomorphic(Graph().parse(data=paged, format="nt"), Graph().parse(data=whole, format="nt"))
    assert len(Graph().parse(data=paged, format="nt")) == 96


def test_a_dataset_loads_in_one_call(scratch):
    a, b = scratch.graph_prefix + "a", scratch.graph_prefix + "b"
    nq = f"<http://ex/s> <http://ex/p> _:x <{a}> .\n_:y <http://ex/p> <http://ex/o> <{b}> .\n"
    scratch.load(nq.encode(), format="application/n-quads")
    assert scratch.named_graphs() == sorted([a, b])
    with pytest.raises(StoreError, match="which graph"):
        scratch.load(b'<http://ex/s> <http://ex/p> "1" .', format="application/n-triples")
    with pytest.raises(StoreError, match="default graph"):
        scratch.load(b'<http://ex/s> <http://ex/p> "1" .', format="application/n-quads")
    with pytest.raises(StoreError, match="outside"):
        scratch.load(b"<http://ex/s> <http://ex/p> 1 .", format="text/turtle", graph="http://elsewhere/g")


def test_loading_by_the_graph_store_protocol(server):
    gsp = server.gsp_url or server.extra["gsp_url"]
    store = server.store(graph_prefix=f"http://test.invalid/{uuid.uuid4().hex}/", gsp_url=gsp)
    try:
        store.load(TTL.encode(), format="text/turtle", graph=store.graph_prefix + "g")
        assert len(store) == 9
        assert isomorphic(Graph().parse(data=store.dump(format="text/turtle"), format="turtle"), embedded_graph(TTL))
    finally:
        store.clear()


def test_a_graph_store_protocol_load_posts_each_graph_in_chunks(server):
    """By the Graph Store Protocol a load of several graphs needs no update: each graph goes in
    POSTs of its own, ``chunk_size`` triples or ``blank_chunk_size`` with blank nodes (a blank
    node's triples in one), none to the update endpoint."""
    prefix = f"http://test.invalid/{uuid.uuid4().hex}/"
    lines = [f'<http://ex/s{i}> <http://ex/p> "{i}" <{prefix}a> .' for i in range(2500)]
    lines += [f'_:b{i} <http://ex/{k}> "{k}{i}" <{prefix}a> .' for i in range(100) for k in "xyz"]
    lines += [f"<http://ex/s{i}> <http://ex/q> _:b{i} <{prefix}a> ." for i in range(100)]
    lines += [
        f'<http://ex/t{i}> <http://ex/p> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> <{prefix}b> .'
        for i in range(1200)
    ]
    data = "\n".join(lines).encode()
    store = server.store(
        graph_prefix=prefix, gsp_url=server.gsp_url or server.extra["gsp_url"], chunk_size=1000, blank_chunk_size=400
    )
    posts: list[str] = []
    store._client.event_hooks["response"].append(
        lambda r: posts.append(str(r.request.url).split("?")[0]) if r.is_success else None
    )
    try:
        store.load(data, format="application/n-quads")
        assert posts == [store.gsp_url] * 6  # a: 1,000 + 1,000 + 500 and the 400 with blank nodes; b: 1,000 + 200
        assert len(store) == 4100
        for name in "ab":
            expected = Graph().parse(
                data="\n".join(
                    line.replace(f" <{prefix}{name}> .", " .")
                    for line in lines
                    if line.endswith(f" <{prefix}{name}> .")
                ),
                format="nt",
            )
            dumped = Graph().parse(data=store.dump(format="application/n-triples", graph=prefix + name), format="nt")
            assert isomorphic(dumped, expected), name
    finally:
        store.clear()


def test_a_read_only_store_refuses_writes(server):
    store = server.store(read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.load(TTL.encode(), format="text/turtle", graph=str(GRAPH) + "x")
    with pytest.raises(StoreError, match="read-only"):
        store.clear()


def test_an_unreachable_server_names_its_url():
    port = free_port()
    store = SparqlStore(f"http://127.0.0.1:{port}/sparql", timeout=5)
    with pytest.raises(StoreError, match=f"127.0.0.1:{port}/sparql"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_the_check_runs_through_open_store_and_settings(server, chapter_kb, tmp_path):
    """What `forcedmig-kb --store SPEC` does: the spec and FMKB_STORE_* settings make the store."""
    settings = Settings(
        store=server.spec,
        store_user=server.user,
        store_password=server.password,
        store_auth=server.auth_scheme,
        store_graphs=f"http://test.invalid/{uuid.uuid4().hex}/",
    )
    store = open_store(settings.store, settings=settings)
    assert isinstance(store, SparqlStore) and store.graph_prefix == settings.store_graphs
    with pytest.raises(StoreError, match="outside"):  # the corpus's graphs are not under that prefix
        load_knowledge_base([Path(__file__).resolve().parent.parent / "data"], store=store)


# ------------------------------------------------------------ Oxigraph server


def test_oxigraph_server_without_union_default_graph_still_answers_over_the_union(oxigraph_server):
    store = oxigraph_server.store(graph_prefix=f"http://test.invalid/{uuid.uuid4().hex}/")
    try:
        store.load(TTL.encode(), format="text/turtle", graph=store.graph_prefix + "g")
        raw = httpx.post(
            oxigraph_server.query_url,
            data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        assert raw["results"]["bindings"][0]["n"]["value"] == "0"  # the server's own default graph is empty
        assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").records() == [{"n": 9}]
    finally:
        store.clear()


# ------------------------------------------------------------ Virtuoso's quirks


def test_virtuoso_never_answers_a_direct_sparql_query_post_but_the_adapter_works(virtuoso_server):
    """Virtuoso 7.2 leaves a POST with Content-Type application/sparql-query unanswered."""
    with pytest.raises(httpx.TimeoutException):
        httpx.post(
            virtuoso_server.query_url,
            content=b"ASK {}",
            timeout=3,
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
    assert virtuoso_server.store().ask("ASK {}")


def test_virtuoso_system_graphs_stay_out_of_the_store(virtuoso_server):
    raw = httpx.post(
        virtuoso_server.query_url,
        data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    on_server = {b["g"]["value"] for b in raw["results"]["bindings"]}
    assert "http://www.openlinksw.com/schemas/virtrdf#" in on_server
    everything = virtuoso_server.store(graph_prefix="")
    assert not {g for g in everything.named_graphs() if not g.startswith(("http://test.invalid/", str(GRAPH)))}
    # (not with COUNT(*): Virtuoso counts 1 for the no solutions of a GRAPH outside the dataset)
    assert (
        len(
            everything.select(
                "SELECT * WHERE { GRAPH <http://www.openlinksw.com/schemas/virtrdf#> { ?s ?p ?o } } LIMIT 1"
            )
        )
        == 0
    )
    assert everything.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").records() == [{"n": len(everything)}]


def test_virtuoso_cuts_results_at_its_row_cap_and_select_reads_past_it_in_pages(virtuoso_server):
    """Virtuoso stops at 10,000 rows (its ResultSetMaxRows) and says so only in a header; an
    ORDER BY with an OFFSET past 10,000 fails there (SR353). select reads every row anyway."""
    hundred = " ".join(str(i) for i in range(100))
    query = (
        "PREFIX ex: <http://ex/> # a prologue, kept outside the pages' subqueries\n"
        f"SELECT DISTINCT ?a ?b ?c WHERE {{ VALUES ?a {{ {hundred} }} VALUES ?b {{ {hundred} }} "
        "VALUES ?c { 1 ex:x } } # a comment at the end"
    )
    cut = httpx.post(
        virtuoso_server.query_url,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert cut.headers["x-sparql-maxrows"] == "10000" and len(cut.json()["results"]["bindings"]) == 10000
    assert sorted(answers(virtuoso_server.store(), query)) == sorted(answers(OxigraphStore(), query))  # 20,000
    assert len(virtuoso_server.store().select(query.replace("# a comment at the end", "LIMIT 9000"))) == 9000
    with pytest.raises(QueryTooLarge, match="10000"):  # what the SPARQL endpoint passes on is not cut silently
        virtuoso_server.store().answer(query, media_type="text/csv")
    # Virtuoso sorts on at most 20 keys (SQ186): a page of 21 variables is ordered by 20
    binds = " ".join(f"BIND(?a + {i} AS ?d{i})" for i in range(18))
    wide = query.replace("VALUES ?c { 1 ex:x } }", f"VALUES ?c {{ 1 ex:x }} {binds} }}").replace(
        "SELECT DISTINCT ?a ?b ?c", "SELECT DISTINCT ?a ?b ?c " + " ".join(f"?d{i}" for i in range(18))
    )
    rows = answers(virtuoso_server.store(), wide)
    assert len(rows) == 20000 and sorted(rows) == sorted(answers(OxigraphStore(), wide))


@pytest.mark.remote_store
@pytest.mark.server
def test_a_virtuoso_capping_below_the_graph_cuts_no_export_and_no_construct_silently(tmp_path, chapter_kb):
    """One CONSTRUCT of the whole graph would be cut at the cap: the exports are read in pages,
    and a CONSTRUCT as long as the cap is refused, not passed on cut."""

    def canonical(data: bytes, media_type: str) -> set[ox.Quad]:  # rdflib's isomorphic takes 15 s here
        graph = ox.Dataset(ox.parse(data, format=ox.RdfFormat.from_media_type(media_type)))
        graph.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        return set(graph)

    expected = canonical(chapter_kb.store.dump(format="application/n-triples"), "application/n-triples")
    with start_virtuoso(tmp_path, max_rows=1000) as sparql_server:
        service = start_server(ROOT / "data", sparql_server.env())
        try:
            for extension in ("ttl", "jsonld", "rdf", "nt"):
                r = httpx.get(f"{service.url}/export/kb.{extension}", timeout=60)
                assert r.status_code == 200, r.text
                assert canonical(r.content, r.headers["content-type"].split(";")[0]) == expected, extension
            # a CONSTRUCT cut at the cap comes without a header: one as long as the cap is refused
            whole, short = "CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 999"
            with sparql_server.store() as store:
                for run in (lambda q: store.construct(q), lambda q: store.answer(q, media_type="text/turtle")):
                    with pytest.raises(QueryTooLarge, match="cap of 1000 triples"):
                        run(whole)
                assert len(store.construct(short)) == 999
                assert len(Graph().parse(data=store.answer(short, media_type="text/turtle"), format="turtle")) == 999
        finally:
            stop_server(service)


@pytest.mark.remote_store
def test_a_check_on_a_virtuoso_with_a_tiny_row_cap_reads_every_finding(tmp_path, chapter_kb):
    """With a cap of 5 rows, nearly every query of the load and the check is read in pages."""
    with start_virtuoso(tmp_path, max_rows=5) as server:
        store = server.store(gsp_url=server.extra["gsp_url"])
        kb = load_knowledge_base([ROOT / "data"], store=store)
        assert kb.counts == chapter_kb.counts
        assert findings(kb) == findings(chapter_kb) and len(findings(kb)) > 5
        assert len(Graph().parse(data=store.dump(format="application/n-triples"), format="nt")) == len(chapter_kb.store)


def test_a_query_virtuoso_will_not_start_for_its_cost_is_a_timeout_not_a_failure(virtuoso_server):
    blocks = " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(12))  # 10^12 solutions
    with pytest.raises(QueryTimeout, match="estimated execution time"):
        virtuoso_server.store().answer(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ {blocks} }}", media_type="application/sparql-results+json"
        )


@pytest.mark.remote_store
def test_a_result_an_oxigraph_server_broke_off_at_its_time_limit_is_a_timeout(tmp_path, chapter_kb):
    """Past --timeout-s, Oxigraph's server writes "The SPARQL operation has been cancelled" into
    the JSON it has begun, with status 200: a timeout, not malformed results."""
    join = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 8 * 10^10 rows
    with start_oxigraph(tmp_path, union=True, max_seconds=1) as server, server.store(dataset="server") as store:
        store.load(chapter_kb.store.dump(format="application/n-quads"), format="application/n-quads")
        for run in (lambda: store.select(join), lambda: store.answer(join, media_type="text/csv")):
            with pytest.raises(QueryTimeout, match="gave up on the query half-way") as err:
                run()
            assert err.value.hint


def test_virtuoso_refuses_an_anonymous_update_with_a_hint(virtuoso_server):
    anonymous = SparqlStore(virtuoso_server.query_url, graph_prefix="http://test.invalid/anon/")
    with pytest.raises(StoreError, match="SR186") as err:
        anonymous.load(TTL.encode(), format="text/turtle", graph="http://test.invalid/anon/g")
    assert "sparql-auth" in str(err.value)


def test_data_bulk_loaded_with_isql_reads_the_same(virtuoso_server, chapter_kb):
    """A group loads its corpus with Virtuoso's bulk loader; the adapter reads it as it reads its own loads."""
    prefix = f"http://test.invalid/{uuid.uuid4().hex}/"
    dump = virtuoso_server.extra["load_dir"] / "chapter.nt"
    dump.write_bytes(chapter_kb.store.dump(format="application/n-triples"))
    isql = virtuoso_server.extra["isql"]
    isql.run(f"ld_dir('{dump.parent}', 'chapter.nt', '{prefix}all');\nrdf_loader_run();\ncheckpoint;")
    store = virtuoso_server.store(graph_prefix=prefix)
    try:
        assert store.named_graphs() == [prefix + "all"]
        for name in (
            "claims-per-class",
            "citations-per-status",
            "claims-resting-on-a-source",
            "periods-gyear",
            "values-decimal",
            "quotes-non-ascii",
        ):
            assert answers(store, CLAIM_QUERIES[name]) == answers(chapter_kb.store, CLAIM_QUERIES[name]), name
    finally:
        store.clear()


@pytest.mark.remote_store
def test_server_dataset_mode_on_an_oxigraph_server_with_a_union_default_graph(tmp_path, chapter_kb):
    """dataset='server' names no graph in queries: the server's union default graph must do."""

    with start_oxigraph(tmp_path, union=True) as server:
        store = server.store(dataset="server")
        kb = load_knowledge_base([DATA], store=store)
        assert kb.counts == chapter_kb.counts
        assert findings(kb) == findings(chapter_kb)
    with pytest.raises(ValueError):
        server.store(dataset="both")


@pytest.mark.parametrize(("shared", "on_disk"), [(False, True), (True, True), (False, False)])
def test_a_remote_load_is_staged_on_disk_and_sent_graph_by_graph(
    scratch, shared, on_disk, tmp_path, monkeypatch, request
):
    """The loader stages a corpus on disk and sends it one graph at a time (a million claims do
    not fit in memory as one document); a blank node used in two graphs would become two nodes
    that way, so then the dataset goes whole. Either way the server holds what was built, and the
    staging directory is gone. (Virtuoso refuses an insert whose blank node is in two graphs:
    such a corpus cannot be held there at all, and the load says so.)"""
    import tempfile

    import pyoxigraph as ox

    from forcedmig_kb.loading import staging

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the staging directory goes
    a, b = ox.NamedNode(scratch.graph_prefix + "a"), ox.NamedNode(scratch.graph_prefix + "b")
    p, n = ox.NamedNode("http://ex/p"), ox.NamedNode("http://ex/n")
    x, y = ox.BlankNode("x"), ox.BlankNode("y")
    quads = [ox.Quad(ox.NamedNode(f"http://ex/s{i}"), p, x if i % 2 else y, a) for i in range(40)]
    quads += [ox.Quad(x, n, ox.Literal("1"), a), ox.Quad(y, n, ox.Literal("2"), b if shared else a)]
    quads += [ox.Quad(ox.NamedNode(f"http://ex/t{i}"), p, ox.Literal(str(i)), b) for i in range(30)]
    sent: list[str] = []
    load = type(scratch).load
    monkeypatch.setattr(
        type(scratch), "load", lambda self, data, **kw: (sent.append(kw["format"]), load(self, data, **kw))
    )

    def build(native: ox.Store, bulk: bool) -> dict:
        assert bulk == on_disk and [p.name[:13] for p in tmp_path.iterdir()] == ["fmkb-staging-"] * on_disk
        native.bulk_extend(quads)
        return {}

    scratch.chunk_size = scratch.blank_chunk_size = 8
    if shared and "virtuoso" in request.node.callspec.id:
        with pytest.raises(StoreError, match="failed"):
            staging.load_remote(scratch, build, on_disk=on_disk)
        assert sent == ["application/n-quads"] and list(tmp_path.iterdir()) == []
        return
    staging.load_remote(scratch, build, on_disk=on_disk)
    assert sent == (["application/n-quads"] if shared else ["application/n-triples"] * 2)
    assert len(scratch) == len(quads) and sorted(scratch.named_graphs()) == [a.value, b.value]
    assert scratch.select(
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s <http://ex/p> ?o FILTER(isBlank(?o)) }"
    ).records() == [{"n": 2}]  # x and y, each one node
    assert scratch.select("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://ex/p> ?b . ?b <http://ex/n> ?v }").records() == [
        {"n": 40}
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.remote_store
def test_a_remote_load_searches_for_shared_blank_nodes_only_when_a_file_names_graphs(tmp_path, monkeypatch, chapter_kb):
    """Only a TriG or N-Quads file can put one blank node in two graphs (each other file is its
    own document in its own graph): a corpus without one is sent graph by graph unsearched, a
    corpus with one is searched, and both arrive whole."""

    from forcedmig_kb.loading import staging

    searched: list[int] = []
    search = staging._blank_nodes_shared
    monkeypatch.setattr(
        staging, "_blank_nodes_shared", lambda staging, graphs: (searched.append(1), search(staging, graphs))[1]
    )
    dataset = tmp_path / "extra.trig"
    dataset.write_text(
        "@prefix ex: <http://ex/> .\n@prefix g: <https://w3id.org/forcedmig/graph/test-> .\n"
        'g:one { ex:a ex:p _:x . }\ng:two { _:x ex:q "1" . }\n',
        encoding="utf-8",
    )
    with start_oxigraph(tmp_path, union=True) as server:
        store = server.store(dataset="server")
        kb = load_knowledge_base([DATA], store=store)
        assert searched == [] and kb.counts == chapter_kb.counts
        kb = load_knowledge_base([DATA, dataset], store=store)
        assert searched == [1]
        assert store.select(
            "SELECT (COUNT(*) AS ?n) WHERE { <http://ex/a> <http://ex/p> ?b . ?b <http://ex/q> ?v }"
        ).records() == [{"n": 1}]  # one node across the two graphs
