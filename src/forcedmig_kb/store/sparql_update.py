"""Writing quads to a SPARQL server, in chunks that keep every blank node whole.

A chunk goes by the Graph Store HTTP Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/,
POST to ``?graph=IRI``) when a Graph Store URL is given, else as a SPARQL 1.1 Update
(https://www.w3.org/TR/sparql11-update/, ``INSERT DATA`` or an ``INSERT`` template). Servers
differ; each difference is handled where its note is, and ``docs/stores.md`` lists them.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import QuerySyntaxError
from .protocol import XSD_DECIMAL
from .sparql_protocol import SparqlClient

__all__ = ["blank_node_chunks", "insert_update", "send_quads"]


def send_quads(
    client: SparqlClient,
    quads: list[ox.Quad],
    *,
    update_url: str,
    gsp_url: str | None,
    chunk_size: int,
    blank_chunk_size: int,
) -> None:
    """Add ``quads`` (each in a named graph) to the server, chunk by chunk (:func:`blank_node_chunks`)."""
    for chunk in blank_node_chunks(quads, chunk_size, blank_chunk_size):
        _send_chunk(client, chunk, update_url, gsp_url)


def _send_chunk(client: SparqlClient, chunk: list[ox.Quad], update_url: str, gsp_url: str | None) -> None:
    graphs = {q.graph_name for q in chunk}
    if gsp_url and len(graphs) == 1:
        (graph,) = graphs
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in chunk], format=ox.RdfFormat.N_TRIPLES)
        assert isinstance(graph, ox.NamedNode)  # every quad is in a named graph (see send_quads)
        client.post_graph(gsp_url, graph.value, body)
        return
    try:
        client.update(update_url, insert_update(chunk))
    except QuerySyntaxError as exc:
        # Virtuoso compiles an update into SQL and refuses one longer than 10,000 lines, which
        # some 1,500 typed literals can reach: halve the chunk (blank node groups kept whole).
        half = max(1, len(chunk) // 2)
        parts = blank_node_chunks(chunk, half, half)
        if "exceeded" not in str(exc) or len(parts) < 2:
            raise
        for part in parts:
            _send_chunk(client, part, update_url, gsp_url)


def blank_node_chunks(quads: list[ox.Quad], size: int, blank_size: int | None = None) -> list[list[ox.Quad]]:
    """Quads in chunks of one graph each, every blank node's quads in one chunk.

    A blank node label only means the same node within one request, so the quads that share
    blank nodes (a claim's period, a quote's selector) must travel together. Quads without blank
    nodes come first, ``size`` of one graph to a chunk (sent by the Graph Store Protocol, or as
    ``INSERT DATA``); the blank node groups follow, about ``blank_size`` quads of one graph to a
    chunk (by the Graph Store Protocol, or as an ``INSERT`` template: Virtuoso compiles a
    template into SQL and refuses one of 1,500 quads, or one with blank nodes in two graphs).
    Only a blank node shared by two graphs makes a chunk of two graphs.

    >>> b = ox.BlankNode("x"); g = ox.NamedNode("http://ex/g"); p = ox.NamedNode("http://ex/p")
    >>> qs = [ox.Quad(ox.NamedNode(f"http://ex/{i}"), p, b if i in (0, 3) else ox.Literal(i), g) for i in range(5)]
    >>> [[q.subject.value[-1] for q in c] for c in blank_node_chunks(qs, 2)]
    [['1', '2'], ['4'], ['0', '3']]
    """
    blank_size = blank_size or size
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for q in quads:
        ids = [t.value for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)]
        if len(ids) == 2:
            a, b = root(ids[0]), root(ids[1])
            if a != b:
                parent[a] = b
    plain: dict[str, list[list[ox.Quad]]] = {}
    groups: dict[str, list[ox.Quad]] = {}
    for q in quads:
        node = q.subject if isinstance(q.subject, ox.BlankNode) else q.object
        if isinstance(node, ox.BlankNode):
            groups.setdefault(root(node.value), []).append(q)
        else:
            plain.setdefault(_graph_iri(q), []).append([q])
    by_graphs: dict[tuple[str, ...], list[list[ox.Quad]]] = {}
    for group in groups.values():  # one template, one graph (Virtuoso: see above)
        by_graphs.setdefault(tuple(sorted({_graph_iri(q) for q in group})), []).append(group)
    return [c for same in plain.values() for c in _pack(same, size)] + [
        c for same in by_graphs.values() for c in _pack(same, blank_size)
    ]


def _pack(groups: list[list[ox.Quad]], size: int) -> list[list[ox.Quad]]:
    chunks: list[list[ox.Quad]] = []
    current: list[ox.Quad] = []
    for group in groups:
        if current and len(current) + len(group) > size:
            chunks.append(current)
            current = []
        current += group
    if current:
        chunks.append(current)
    return chunks


def _graph_iri(quad: ox.Quad) -> str:
    """The IRI of a quad's graph: every quad sent is in a named graph (``RemoteStore.load`` checks it)."""
    assert isinstance(quad.graph_name, ox.NamedNode)
    return quad.graph_name.value


def insert_update(quads: list[ox.Quad]) -> str:
    """A SPARQL Update that adds ``quads``: ``INSERT DATA``, or ``INSERT ... WHERE {}`` with blank nodes.

    >>> g = ox.NamedNode("http://ex/g"); p = ox.NamedNode("http://ex/p")
    >>> print(insert_update([ox.Quad(p, p, ox.Literal("a"), g)]))
    INSERT DATA {
    GRAPH <http://ex/g> {
    <http://ex/p> <http://ex/p> "a" .
    }
    }
    >>> insert_update([ox.Quad(ox.BlankNode("b"), p, p, g)]).splitlines()[-1]
    '} WHERE {}'
    """
    by_graph: dict[str, list[str]] = {}
    blank = False
    for q in quads:
        blank = blank or isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {_sparql_term(q.object)} .")
    body = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
    if blank:  # Virtuoso refuses blank nodes in INSERT DATA; a template mints them fresh everywhere
        return "INSERT {\n" + body + "\n} WHERE {}"
    return "INSERT DATA {\n" + body + "\n}"


_XSD_DECIMAL = ox.NamedNode(XSD_DECIMAL)


def _sparql_term(term: object) -> str:
    """A term in SPARQL syntax; a decimal always with its point.

    Virtuoso reads ``"4"^^xsd:decimal`` in an update as the integer 4 and answers ``xsd:integer``
    ever after; ``"4.0"^^xsd:decimal`` is the same value and stays a decimal.

    >>> _sparql_term(ox.Literal("4", datatype=_XSD_DECIMAL))
    '"4.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    if isinstance(term, ox.Literal) and term.datatype == _XSD_DECIMAL and "." not in term.value:
        return str(ox.Literal(term.value + ".0", datatype=_XSD_DECIMAL))
    return str(term)
