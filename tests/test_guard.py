"""guard: what a read-only, offline endpoint refuses, found by parsing (never by matching text)."""

import pytest

from forcedmig_kb.errors import QueryRefused, QuerySyntaxError
from forcedmig_kb.web.sparql.guard import check_dataset, inspect

OURS = {"https://w3id.org/forcedmig/graph/claims", "https://w3id.org/forcedmig/graph/references"}


@pytest.mark.parametrize(
    "query",
    [
        'INSERT DATA { <http://ex/a> <http://ex/b> "c" }',
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "LOAD SILENT <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://ex/g>",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/forcedmig/graph/claims>",
        "CREATE GRAPH <http://ex/new>",
        "PREFIX ex: <http://ex/> INSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_as_read_only(query):
    with pytest.raises(QueryRefused, match="read-only"):
        inspect(query, allowed_graphs=OURS)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?u) SERVICE ?u { ?s ?p ?o } }",
        "PREFIX r: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE r:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
        "ASK { OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
        "DESCRIBE ?s WHERE { MINUS { SERVICE <http://x/> { ?s ?p ?o } } }",
        "select * where { service <http://x/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_wherever_it_hides(query):
    with pytest.raises(QueryRefused, match="SERVICE"):
        inspect(query, allowed_graphs=OURS)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { ?s ?p ?o }",
        "SELECT * WHERE { ?s <http://ex/SERVICE> ?o }",
        "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:SERVICE ?o }",
        'ASK { ?s ?p "LOAD <http://x/>" }',
        'SELECT ("INSERT DATA {}" AS ?text) {}',
    ],
)
def test_keywords_in_strings_iris_and_comments_are_not_operations(query):
    assert inspect(query, allowed_graphs=OURS).form in ("SELECT", "ASK")


@pytest.mark.parametrize(
    "query, form",
    [
        ("SELECT * { ?s ?p ?o }", "SELECT"),
        ("ASK {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://ex/a>", "DESCRIBE"),
    ],
)
def test_forms(query, form):
    found = inspect(query)
    assert found.form == form and found.tabular is (form in ("SELECT", "ASK"))
    assert found.default_graph is None and found.named_graphs is None


def test_from_our_graphs_is_the_query_dataset():
    found = inspect(
        "PREFIX g: <https://w3id.org/forcedmig/graph/> SELECT * FROM g:claims "
        "FROM NAMED <https://w3id.org/forcedmig/graph/references> { ?s ?p ?o }",
        allowed_graphs=OURS,
    )
    assert found.default_graph == ("https://w3id.org/forcedmig/graph/claims",)
    assert found.named_graphs == ("https://w3id.org/forcedmig/graph/references",)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <http://127.0.0.1:9/from.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://127.0.0.1:9/named.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "BASE <http://127.0.0.1:9/> SELECT * FROM <relative.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM <https://w3id.org/forcedmig/graph/no-such-graph> WHERE { ?s ?p ?o }",
    ],
)
def test_foreign_from_is_refused_and_names_the_graphs_to_use(query):
    with pytest.raises(QueryRefused) as refused:
        inspect(query, allowed_graphs=OURS)
    assert "https://w3id.org/forcedmig/graph/claims" in refused.value.hint


def test_dataset_parameters_must_name_our_graphs():
    check_dataset(["https://w3id.org/forcedmig/graph/claims"], [], allowed_graphs=OURS)
    with pytest.raises(QueryRefused, match="named-graph-uri <http://127.0.0.1:9/x>"):
        check_dataset(None, ["http://127.0.0.1:9/x"], allowed_graphs=OURS)


@pytest.mark.parametrize("query", ["ASK {", "SELEC * { }", "SELECT * { ?s ?p }", "ASK {} SELECT * {}", ""])
def test_malformed_queries_give_the_parsers_message(query):
    with pytest.raises(QuerySyntaxError, match="does not parse: .* at line 1, column"):
        inspect(query)
