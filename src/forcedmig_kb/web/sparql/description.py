"""The SPARQL service description: what the endpoint offers, written as RDF.

Service Description: https://www.w3.org/TR/sparql11-service-description/ (section 3, the
vocabulary). The description is composed as Turtle and written in the negotiated RDF format
by the store (:meth:`~forcedmig_kb.store.protocol.Store.answer`), like every other graph.
"""

from __future__ import annotations

from ... import __version__, queries
from ...loading import KnowledgeBase
from ...namespaces import SD, VOID, iri_ref, string_literal
from ...settings import Settings
from ...store import OxigraphStore
from .. import negotiation as neg

_DOC_GRAPH = "urn:x-forcedmig:document"


def render(turtle: str, media_type: str) -> bytes:
    """A Turtle document written in ``media_type`` (any RDF format of :data:`negotiation.GRAPH_TYPES`)."""
    if media_type == "text/turtle":
        return turtle.encode("utf-8")
    scratch = OxigraphStore()
    scratch.load(turtle.encode("utf-8"), format="text/turtle", graph=_DOC_GRAPH)
    return scratch.answer("CONSTRUCT WHERE { ?s ?p ?o }", media_type=media_type)


def graph_sizes(kb: KnowledgeBase) -> dict[str, int]:
    """Triples per named graph (named query ``graphs``)."""
    return {row["graph"]: row["triples"] for row in kb.store.select(queries.load("graphs")).records()}


def service_description(kb: KnowledgeBase, settings: Settings, endpoint: str, media_type: str) -> bytes:
    """The service description of the endpoint at ``endpoint``, in ``media_type``."""
    e = iri_ref(endpoint)
    formats = ", ".join(f"<{f.w3c}>" for f in neg.FORMATS if f.carries in ("results", "graph") and f.w3c)
    sizes = graph_sizes(kb)
    named = " ,\n        ".join(
        f"[ a sd:NamedGraph ; sd:name {iri_ref(g)} ; sd:graph [ a sd:Graph ; void:triples {n} ] ]"
        for g, n in sizes.items()
    )
    comment = (
        f"forcedmig-kb {__version__}: the claims of a text, their citations and sources. Read-only and "
        f"offline: SPARQL Update, LOAD and SERVICE are refused, and FROM / default-graph-uri / "
        f"named-graph-uri may name only the named graphs below. The default graph is the union of the "
        f"named graphs. Each query has {settings.query_timeout:g} s and at most {settings.max_rows} result rows."
    )
    turtle = f"""@prefix sd: <{SD}> .
@prefix void: <{VOID}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

{iri_ref(endpoint + "#service")} a sd:Service ;
    sd:endpoint {e} ;
    rdfs:label "forcedmig-kb SPARQL endpoint" ;
    rdfs:comment {string_literal(comment)} ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {formats} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    sd:defaultDataset [
      a sd:Dataset ;
      sd:defaultGraph [ a sd:Graph ; void:triples {sum(sizes.values())} ] ;
      sd:namedGraph {named}
    ] .
"""
    return render(turtle, media_type)
