"""store: the embedded Oxigraph adapter behind the Store protocol, in memory and on disk."""

import os
import subprocess

import pyoxigraph as ox
import pytest

from forcedmig_kb import OxigraphStore, Store
from forcedmig_kb.errors import QuerySyntaxError, RdfSyntaxError, StoreError

TTL = b"""@prefix ex: <http://ex/> .
ex:a ex:year "2014"^^<http://www.w3.org/2001/XMLSchema#gYear> ; ex:n 3 ; ex:label "x"@en ."""


def test_adapter_satisfies_the_protocol():
    assert isinstance(OxigraphStore(), Store)


def test_select_ask_construct_dump():
    s = OxigraphStore()
    s.load(TTL, format="text/turtle", graph="http://ex/g")
    rec = s.select(
        "SELECT ?y ?n ?l WHERE { ?s <http://ex/year> ?y ; <http://ex/n> ?n ; <http://ex/label> ?l }"
    ).records()
    assert rec == [{"y": 2014, "n": 3, "l": "x"}]
    assert s.ask("ASK { ?s ?p 3 }")
    triples = s.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert len(triples) == 3
    assert b"<http://ex/a>" in s.dump(format="application/n-triples")
    assert b"<http://ex/g>" in s.dump(format="application/n-quads")


def test_errors_are_typed():
    s = OxigraphStore()
    with pytest.raises(QuerySyntaxError):
        s.select("SELEC nonsense")
    with pytest.raises(RdfSyntaxError) as err:
        s.load(b"<a> <b> .", format="text/turtle", graph="http://ex/g", path="x.ttl")
    assert err.value.line == 1


def test_on_disk_store_survives_reopen(tmp_path):
    s = OxigraphStore(tmp_path / "db")
    s.load(TTL, format="text/turtle", graph="http://ex/g")
    s.flush()
    del s
    again = OxigraphStore(tmp_path / "db", read_only=True)
    assert len(again) == 3


# ---------------------------------------------------------------- answer(): serialised results

import json  # noqa: E402

from forcedmig_kb.errors import QueryTooLarge, ResultNotAcceptable  # noqa: E402

ROWS = b"".join(b"<http://ex/s%d> <http://ex/p> %d .\n" % (i, i) for i in range(30))


def two_graph_store():
    s = OxigraphStore()
    s.load(ROWS, format="text/turtle", graph="http://ex/g1")
    s.load(b"<http://ex/x> <http://ex/p> <http://ex/y> .", format="application/n-triples", graph="http://ex/g2")
    return s


@pytest.mark.parametrize(
    "media_type, check",
    [
        ("application/sparql-results+json", lambda b: len(json.loads(b)["results"]["bindings"]) == 31),
        ("application/sparql-results+xml", lambda b: b.count(b"<result>") == 31),
        ("text/csv", lambda b: b.count(b"\r\n") == 32),
        ("text/tab-separated-values", lambda b: b.count(b"\n") == 32),
    ],
)
def test_answer_writes_select_results_in_every_results_format(media_type, check):
    assert check(two_graph_store().answer("SELECT ?s ?o { ?s ?p ?o }", media_type=media_type, max_rows=100))


@pytest.mark.parametrize(
    "media_type, marker",
    [
        ("text/turtle", b"@prefix"),
        ("application/n-triples", b"<http://ex/x> <http://ex/p> <http://ex/y> ."),
        ("application/ld+json", b'"@id"'),
        ("application/rdf+xml", b"<rdf:RDF"),
    ],
)
def test_answer_writes_graphs_in_every_rdf_format(media_type, marker):
    body = two_graph_store().answer("CONSTRUCT WHERE { ?s ?p ?o }", media_type=media_type, max_rows=100)
    assert marker in body


def test_answer_row_cap_counts_solutions_and_triples():
    s = two_graph_store()
    assert s.answer("SELECT * { ?s ?p ?o }", media_type="text/csv", max_rows=31).count(b"\r\n") == 32
    with pytest.raises(QueryTooLarge, match="more than 30 rows") as err:
        s.answer("SELECT * { ?s ?p ?o }", media_type="application/sparql-results+json", max_rows=30)
    assert "LIMIT 30" in err.value.hint
    with pytest.raises(QueryTooLarge):
        s.answer("CONSTRUCT WHERE { ?s ?p ?o }", media_type="text/turtle", max_rows=30)
    assert (
        s.answer("ASK { ?s ?p ?o }", media_type="application/sparql-results+json", max_rows=1)
        == b'{"head":{},"boolean":true}'
    )


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "application/sparql-results+xml"])
@pytest.mark.parametrize("rows, cap", [(20, 19), (20, 20), (20, 21), (20, 40), (0, 1)])
def test_answer_row_cap_is_exact_when_literals_hold_what_the_writer_counts(media_type, rows, cap):
    """JSON and XML are written in one pass while a count of what separates solutions stays under
    the cap; literals that hold the same bytes make the count too high, never too low, and the
    exact count (the query again, through TSV) then decides."""
    s = OxigraphStore()
    lines = ['<http://ex/s%d> <http://ex/p> "a},{b},{c <result> %d" .' % (i, i) for i in range(rows)]
    if lines:
        s.load("\n".join(lines).encode(), format="application/n-triples", graph="http://ex/g")
    query = "SELECT ?s ?o { ?s ?p ?o } ORDER BY ?s"
    if rows > cap:
        with pytest.raises(QueryTooLarge, match=f"more than {cap} rows"):
            s.answer(query, media_type=media_type, max_rows=cap)
        return
    body = s.answer(query, media_type=media_type, max_rows=cap)
    assert body == s.answer(query, media_type=media_type)  # the same bytes as without a cap
    assert body.count(b"a},{b},{c") == rows


def test_answer_keeps_unbound_values_and_literals_with_newlines_through_the_row_count():
    s = OxigraphStore()
    s.load(b'<http://ex/a> <http://ex/p> "two\\nlines"@en .', format="application/n-triples", graph="http://ex/g")
    body = json.loads(
        s.answer("SELECT ?o ?missing { ?s ?p ?o }", media_type="application/sparql-results+json", max_rows=5)
    )
    assert body["head"]["vars"] == ["o", "missing"]
    assert body["results"]["bindings"] == [{"o": {"type": "literal", "value": "two\nlines", "xml:lang": "en"}}]


def test_answer_dataset_arguments():
    s = two_graph_store()
    ask = lambda q, **kw: json.loads(s.answer(q, media_type="application/sparql-results+json", **kw))["boolean"]  # noqa: E731
    assert ask("ASK { <http://ex/x> ?p ?o }")  # default graph: the union
    assert not ask("ASK { <http://ex/x> ?p ?o }", default_graph=["http://ex/g1"])
    assert ask("ASK { <http://ex/x> ?p ?o }", default_graph=["http://ex/g2"])
    assert not ask("ASK { GRAPH ?g { <http://ex/x> ?p ?o } }", default_graph=["http://ex/g2"], named_graphs=[])
    assert ask("ASK { GRAPH <http://ex/g2> { ?s ?p ?o } }", default_graph=[], named_graphs=["http://ex/g2"])


def test_answer_refuses_a_format_that_does_not_fit_the_form():
    s = two_graph_store()
    with pytest.raises(ResultNotAcceptable):
        s.answer("SELECT * {}", media_type="text/turtle")
    with pytest.raises(ResultNotAcceptable):
        s.answer("CONSTRUCT WHERE { ?s ?p ?o }", media_type="text/csv")
    with pytest.raises(QuerySyntaxError):
        s.answer("SELECT nonsense", media_type="text/csv")


# ---------------------------------------------------------------- on disk: atomic replacement

QUADS_A = [
    ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"), ox.Literal(i), ox.NamedNode("http://ex/g"))
    for i in range(50)
]
QUADS_B = [
    ox.Quad(ox.NamedNode("http://ex/b"), ox.NamedNode("http://ex/p"), ox.BlankNode(), ox.NamedNode("http://ex/h"))
]


def a_dead_pid() -> int:
    """The id of a process that has ended (and been reaped), as a crashed loader's would be."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_replace_swaps_in_new_content_and_records_a_manifest(tmp_path):
    s = OxigraphStore(tmp_path / "db")
    s.replace(QUADS_A, {"corpus": "A"})
    assert len(s) == 50 and s.manifest() == {"corpus": "A"}
    s.replace(QUADS_B, {"corpus": "B"})
    assert s.named_graphs() == ["http://ex/h"] and s.manifest() == {"corpus": "B"}
    del s
    again = OxigraphStore(tmp_path / "db", read_only=True)
    assert len(again) == 1 and again.manifest() == {"corpus": "B"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "db.lock"]  # nothing left beside it


def test_an_interrupted_replace_leaves_the_previous_store_whole(tmp_path):
    s = OxigraphStore(tmp_path / "db")
    s.replace(QUADS_A, {"corpus": "A"})

    def interrupted():
        yield from QUADS_B
        raise KeyboardInterrupt  # Ctrl-C in the middle of a load

    with pytest.raises(KeyboardInterrupt):
        s.replace(interrupted(), {"corpus": "B"})  # type: ignore[arg-type]
    assert len(s) == 50 and s.manifest() == {"corpus": "A"}
    del s
    assert len(OxigraphStore(tmp_path / "db", read_only=True)) == 50
    assert not list(tmp_path.glob("db.tmp-*"))


def _build(path, quads, manifest):
    s = OxigraphStore(path)
    s.replace(quads, manifest)
    s.flush()


def test_an_open_finishes_a_swap_cut_between_its_renames(tmp_path):
    pid = a_dead_pid()
    _build(tmp_path / "db", QUADS_A, {"corpus": "A"})
    _build(tmp_path / "new", QUADS_B, {"corpus": "B"})
    os.rename(tmp_path / "db", tmp_path / f"db.old-{pid}")  # the first rename happened,
    os.rename(tmp_path / "new", tmp_path / f"db.tmp-{pid}")  # the second did not
    s = OxigraphStore(tmp_path / "db")
    assert s.manifest() == {"corpus": "B"} and len(s) == 1
    assert not list(tmp_path.glob("db.*-*"))


def test_an_open_puts_the_previous_store_back_when_the_build_was_unfinished(tmp_path):
    pid = a_dead_pid()
    _build(tmp_path / "db", QUADS_A, {"corpus": "A"})
    os.rename(tmp_path / "db", tmp_path / f"db.old-{pid}")
    (tmp_path / f"db.tmp-{pid}").mkdir()  # a build that never wrote its manifest
    s = OxigraphStore(tmp_path / "db")
    assert s.manifest() == {"corpus": "A"} and len(s) == 50


def test_a_read_only_store_cannot_be_replaced_or_opened_where_there_is_none(tmp_path):
    with pytest.raises(StoreError):
        OxigraphStore(tmp_path / "nothing", read_only=True)
    _build(tmp_path / "db", QUADS_A, {"corpus": "A"})
    with pytest.raises(StoreError, match="read-only"):
        OxigraphStore(tmp_path / "db", read_only=True).replace(QUADS_B, {})


def test_a_dataset_loads_without_a_graph_argument():
    s = OxigraphStore()
    s.load(
        b'<http://ex/s> <http://ex/p> "o" <http://ex/g1> .\n<http://ex/s> <http://ex/p> "o" <http://ex/g2> .\n',
        format="application/n-quads",
    )
    assert s.named_graphs() == ["http://ex/g1", "http://ex/g2"]
    with pytest.raises(StoreError, match="which graph"):
        s.load(b'<http://ex/s> <http://ex/p> "o" .', format="application/n-triples")
