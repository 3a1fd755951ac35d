"""store: the embedded Oxigraph adapter behind the Store protocol."""

import pytest

from forcedmig_kb import OxigraphStore, Store
from forcedmig_kb.errors import QuerySyntaxError, RdfSyntaxError

TTL = b"""@prefix ex: <http://ex/> .
ex:a ex:year "2014"^^<http://www.w3.org/2001/XMLSchema#gYear> ; ex:n 3 ; ex:label "x"@en ."""


def test_adapter_satisfies_the_protocol():
    assert isinstance(OxigraphStore(), Store)


def test_select_ask_construct_dump():
    s = OxigraphStore()
    s.load(TTL, format="text/turtle", graph="http://ex/g")
    rec = s.select("SELECT ?y ?n ?l WHERE { ?s <http://ex/year> ?y ; <http://ex/n> ?n ; <http://ex/label> ?l }").records()
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
