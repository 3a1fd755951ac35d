"""Linked data: every IRI the knowledge base mints dereferences, plus VoID, a JSON-LD context and exports.

- ``/claim/…``, ``/source/…``, ``/doc/…``, ``/citation/…``, ``/topic/…``, ``/area/…`` and
  ``/ontology/…`` are the server paths of the IRIs under ``https://w3id.org/forcedmig/``
  (:func:`~forcedmig_kb.namespaces.local_path`); each answers with the resource's description
  (named query ``describe``) as Turtle, N-Triples, JSON-LD or RDF/XML to machines and as HTML to
  browsers (``Vary: Accept``; ``?format=ttl|nt|jsonld|rdf`` overrides the header): a claim's and
  a source's page come from :mod:`.site`, any other resource is a table of its statements. A
  description is closed over its blank nodes, as a concise bounded description is
  (https://www.w3.org/submission/CBD/): each blank node it holds comes with its own statements. A
  source also answers as BibTeX (``application/x-bibtex``, ``?format=bib``) and CSL-JSON
  (``?format=csl``). ``/ontology`` is the whole vocabulary.
  Cool URIs for the Semantic Web, https://www.w3.org/TR/cooluris/ (section 4.3, content negotiation).
- ``/void``: the VoID description (https://www.w3.org/TR/void/), named query ``void``.
- ``/context.jsonld``: a JSON-LD context of the prefixes (https://www.w3.org/TR/json-ld11/#the-context),
  valid as JSON-LD 1.0 too (https://www.w3.org/TR/2014/REC-json-ld-20140116/#the-context): it
  uses no 1.1 feature, so it does not declare ``@version``, which a 1.0 processor refuses. Every
  JSON-LD answer links it (``Link: </context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"``).
- ``/export/kb.{ttl,nt,jsonld,rdf,nq,trig}``: the whole knowledge base; ``/export/claims.csv``;
  ``/export/sources.bib`` and ``/export/sources.json`` (CSL-JSON).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi import APIRouter, HTTPException, Path, Request, Response

from .. import queries
from ..bibtex import raw_entries
from ..csl import MEDIA_TYPE as CSL_JSON
from ..csl import csl_item, csl_items
from ..loading import KnowledgeBase
from ..lru import LRU
from ..namespaces import BASE, ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES, local_path
from ..reporting import curie
from ..research.index import CLAIM_FIELDS, claim_rows
from ..store import Store, Term
from . import negotiation as neg
from . import pages, site
from .responses import answers

router = APIRouter(tags=["linked data"])
BIBTEX = "application/x-bibtex"
KINDS = ("claim", "source", "doc", "citation", "topic", "area", "ontology")
EXTENSIONS = {f.extension: f.media_type for f in neg.FORMATS} | {"bib": BIBTEX, "csl": CSL_JSON}
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://xmlns.com/foaf/0.1/name",
)


def _negotiate(request: Request, offered: tuple[str, ...]) -> str:
    """The media type to answer with: ``?format=`` first, else the ``Accept`` header."""
    wanted = request.query_params.get("format")
    if wanted:
        media_type = EXTENSIONS.get(wanted, wanted)
        if media_type not in offered:
            raise HTTPException(406, f"format {wanted!r} is not offered here: {', '.join(offered)}")
        return media_type
    best = neg.best(request.headers.get("accept"), offered)
    if best is None:
        raise HTTPException(406, "none of the accepted media types is offered; offered: " + ", ".join(offered))
    return best


def _cached(request: Request, key: tuple[str, ...], produce: Any) -> bytes:
    """The data are read-only while the service runs: a document is made once per key and kept
    in the service's bounded cache (``app.state.documents``, an :class:`~forcedmig_kb.lru.LRU`),
    so that ``Host`` headers and unknown paths cannot grow it without bound."""
    cache: LRU[tuple[str, ...], bytes] = request.app.state.documents
    body = cache.get(key)
    return body if body is not None else cache.put(key, produce())


def _response(body: bytes | str, media_type: str) -> Response:
    content_type = neg.BY_MEDIA_TYPE[media_type].content_type if media_type in neg.BY_MEDIA_TYPE else media_type
    return Response(body, media_type=content_type, headers=neg.answer_headers(media_type))


@router.get(
    "/void",
    summary="VoID description of the knowledge base",
    response_class=Response,
    responses=answers((*neg.GRAPH_TYPES, "text/html"), 406),
)
def void(request: Request) -> Response:
    media_type = _negotiate(request, (*neg.GRAPH_TYPES, "text/html"))
    server = str(request.base_url)
    kb: KnowledgeBase = request.app.state.kb
    written = "text/turtle" if media_type == "text/html" else media_type
    query = queries.bind(queries.load("void"), "server", [server])
    body = _cached(request, ("void", server, written), lambda: kb.store.answer(query, media_type=written))
    if media_type == "text/html":
        return pages.text_page("VoID description", body.decode())
    return _response(body, media_type)


@router.get(
    neg.CONTEXT_PATH,
    summary="JSON-LD context of the knowledge base's prefixes",
    response_class=Response,
    responses=answers(["application/ld+json"]),
)
def context() -> Response:
    terms: dict[str, Any] = dict(PREFIXES)
    return Response(json.dumps({"@context": terms}, indent=2), media_type="application/ld+json")


@router.get(
    "/export/kb.{extension}",
    summary="The whole knowledge base",
    response_class=Response,
    responses=answers((*neg.GRAPH_TYPES, *neg.DATASET_TYPES), 404),
)
def export_kb(request: Request, extension: str = Path(examples=["ttl", "nq", "jsonld"])) -> Response:
    media_type = EXTENSIONS.get(extension)
    if media_type not in (*neg.GRAPH_TYPES, *neg.DATASET_TYPES):
        raise HTTPException(
            404, "exports: kb.ttl, kb.nt, kb.jsonld, kb.rdf (merged graph), kb.nq, kb.trig (named graphs)"
        )
    kb: KnowledgeBase = request.app.state.kb

    def produce() -> bytes:  # a dump, not one CONSTRUCT: a remote store reads it past the server's row cap
        return kb.store.dump(format=media_type, merged=media_type in neg.GRAPH_TYPES)

    return _response(_cached(request, ("export", media_type), produce), media_type)


@router.get(
    "/export/claims.csv",
    summary="Every claim as CSV (the answer of named query 'claims')",
    response_class=Response,
    responses=answers(["text/csv"]),
)
def export_claims(request: Request) -> Response:
    kb: KnowledgeBase = request.app.state.kb
    body = _cached(request, ("claims.csv",), lambda: claims_csv(kb.store))
    return Response(
        body, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": "inline; filename=claims.csv"}
    )


@router.get(
    "/export/sources.bib",
    summary="The reference list as BibTeX, as written",
    response_class=Response,
    responses=answers([BIBTEX]),
)
def export_bibtex(request: Request) -> Response:
    files = request.app.state.kb.bib_files
    body = _cached(request, ("sources.bib",), lambda: ("\n\n".join(raw_entries(files).values()) + "\n").encode())
    return Response(body, media_type=BIBTEX + "; charset=utf-8")


@router.get(
    "/export/sources.json",
    summary="The reference list as CSL-JSON",
    response_class=Response,
    responses=answers([CSL_JSON]),
)
def export_csl(request: Request) -> Response:
    refs = request.app.state.kb.references
    body = _cached(
        request, ("sources.json",), lambda: json.dumps(csl_items(refs), ensure_ascii=False, indent=1).encode()
    )
    return Response(body, media_type=CSL_JSON)


def claims_csv(store: Store) -> bytes:
    """Named query ``claims``'s answer in the SPARQL 1.1 CSV results format, asked one field at a
    time (:func:`~forcedmig_kb.research.index.claim_rows`): the query itself groups every claim
    inside the store, which takes memory that grows with the store (``docs/performance.md``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = ["claim", "kind", *CLAIM_FIELDS]
    writer.writerow(columns)
    for row in claim_rows(store, lexical=True):
        writer.writerow(["" if row[c] is None else row[c] for c in columns])
    return out.getvalue().encode()


# ------------------------------------------------------------------ dereferencing


@router.get(
    "/ontology",
    summary="The ontology (the whole vocabulary)",
    response_class=Response,
    responses=answers((*neg.GRAPH_TYPES, "text/html"), 406),
)
def ontology(request: Request) -> Response:
    media_type = _negotiate(request, (*neg.GRAPH_TYPES, "text/html"))
    kb: KnowledgeBase = request.app.state.kb
    if media_type == "text/html":
        return _html(kb, ONTOLOGY_IRI)
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"
    return _response(kb.store.answer(query, media_type=media_type), media_type)


@router.get(
    "/{kind}/{rest:path}",
    summary="Dereference an IRI of the knowledge base",
    response_class=Response,
    responses=answers((*neg.GRAPH_TYPES, "text/html", BIBTEX, CSL_JSON), 404, 406),
)
def dereference(
    request: Request,
    kind: str = Path(examples=list(KINDS)),
    rest: str = Path(examples=["dw2019-top500-sales-2014", "fortune2015", "delgado-wise-2019"]),
) -> Response:
    if kind not in KINDS:
        raise HTTPException(404, f"no such path; resources live under /{', /'.join(KINDS)}")
    iri = BASE + kind + "/" + rest
    query = _describe_query(iri)  # 404 at once for a path that makes no IRI (found by the API fuzzing)
    kb: KnowledgeBase = request.app.state.kb
    bibliographic = (BIBTEX, CSL_JSON) if kind == "source" else ()
    media_type = _negotiate(request, (*neg.GRAPH_TYPES, "text/html", *bibliographic))
    if kind == "source" and media_type in bibliographic:
        ref = kb.entries.reference(rest)  # one entry read and parsed, not the whole list
        if ref is None or ref.iri != iri:
            raise HTTPException(404, f"no source <{iri}> in the BibTeX reference lists")
        if media_type == BIBTEX:
            raw = kb.entries.raw(rest)
            if raw is None:  # the file changed since the entry was read, and no longer has it
                raise HTTPException(404, f"no source <{iri}> in the BibTeX reference lists")
            return _response(raw + "\n", BIBTEX + "; charset=utf-8")
        return _response(json.dumps(csl_item(ref), ensure_ascii=False), CSL_JSON)
    if media_type == "text/html":
        return site.page_of(request, kind, rest) or _html(kb, iri)

    def produce() -> bytes:
        if not kb.store.ask(f"ASK {{ {{ {queries.iri(iri)} ?p ?o }} UNION {{ ?s ?p {queries.iri(iri)} }} }}"):
            raise HTTPException(404, f"nothing is said about <{iri}> in this knowledge base")
        return kb.store.answer(query, media_type=media_type)

    return _response(_cached(request, ("describe", iri, media_type), produce), media_type)


def _describe_query(iri: str) -> str:
    try:
        return queries.bind(queries.load("describe"), "resource", [iri])
    except ValueError:
        raise HTTPException(404, "not an IRI of this knowledge base") from None


def _link(term: Term) -> tuple[str, bool]:
    if term.kind == "uri":
        return local_path(term.value) or term.value, True
    return term.value, False


def _html(kb: KnowledgeBase, iri: str) -> Response:
    triples = kb.store.construct(_describe_query(iri))
    if not triples:
        raise HTTPException(404, f"nothing is said about <{iri}> in this knowledge base")
    by_subject: dict[str, list[tuple[Term, Term]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s.value, []).append((p, o))

    def inline(node: Term, depth: int = 0) -> str:
        if node.kind != "bnode" or depth > 2:
            return curie(node.value) if node.kind == "uri" else node.value
        parts = [f"{curie(p.value)} {inline(o, depth + 1)}" for p, o in by_subject.get(node.value, [])]
        return "[ " + "; ".join(sorted(set(parts))) + " ]"

    rows: list[tuple[str, str, bool]] = []
    title = None
    for p, o in sorted(set(by_subject.get(iri, [])), key=lambda po: (po[0].value, po[1].value)):
        if p.value in LABELS and title is None:
            title = o.value
        if o.kind == "bnode":
            rows.append((curie(p.value), inline(o), False))
        else:
            value, is_link = _link(o)
            rows.append((curie(p.value), value, is_link))
    for s, p, o in sorted(set(triples), key=lambda t: (t[1].value, t[0].value)):
        if o.value == iri and s.value != iri and s.kind == "uri":
            value, is_link = _link(s)
            rows.append((f"is {curie(p.value)} of", value, is_link))
    path = local_path(iri) or iri
    alternates = [(f.label, f"{path}?format={f.extension}") for f in neg.FORMATS if f.carries == "graph"]
    return pages.resource_page(title or curie(iri), iri, rows, alternates=alternates)
