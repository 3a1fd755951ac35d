"""The research API: claims, sources, what rests on a source, findings, statistics (JSON).

Each answer comes from named queries that also run as is in the query page (:mod:`forcedmig_kb.research`:
the list from an index made at start (until then ``503``, :mod:`.startup`), one claim or source from the queries restricted to it,
then cached); the OpenAPI description is at ``/docs``:

========================== ================================= =====================
route                      answers                           named query
========================== ================================= =====================
``/documents``             the texts, with counts            ``documents``
``/documents/{id}``        one text, its sections, findings  ``documents``
``/claims``                claims, filtered and paged        ``claims``
``/claims/{id}``           one claim, its chains, findings   ``claims``, ``citations``,
                                                             ``lineage``, ``calculations``
``/sources``               the reference list                ``sources``
``/sources/{key}``         one reference, how it is cited    ``sources``, ``citations``
``/sources/{key}/claims``  the claims resting on it          ``source-claims``
``/findings``              the check's findings              (the check),
                                                             ``node-documents``
``/stats``                 counts (of one text: ?document=)  all of the above
========================== ================================= =====================

A knowledge base holds several texts: ``?document=<document id>`` keeps one text's claims,
findings, resting claims or counts; an unknown id is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from ..research import Research
from ..research import models as m
from .responses import Problem
from .startup import CHECKING, INDEXING

# The handlers are ``async``: an answer already cached is a look-up, and the thread-pool hop of
# a plain function would cost more than it (docs/performance.md); one not yet cached may ask
# the store, so it is made in the thread pool, not to hold up the event loop. ``/claims`` (a
# filter over the index, never the store) stays a plain function.
router = APIRouter(tags=["research API"])
JSON = "application/json"
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "no such claim, source or document"}
}
# Real ids as examples: the OpenAPI document shows them, and the API fuzzing starts from them.
CLAIM_ID = Path(
    description="a claim's id (the last segment of its IRI)",
    examples=["dw2019-top500-sales-share-gdp-2014", "dw2019-top500-sales-2014"],
)
SOURCE_KEY = Path(description="a reference's BibTeX key", examples=["fortune2015", "amin2013"])
DOCUMENT_ID = Path(description="a text's document id (dcterms:identifier)", examples=["delgado-wise-2019"])
_DOCUMENT = "a text's document id (see /documents), e.g. delgado-wise-2019: only what belongs to that text"


def _document(request: Request, document: str | None) -> str | None:
    """The IRI of the text asked for by ``?document=``; 404 when there is no such text."""
    if document is None:
        return None
    iri = _research(request).document_iri(document)
    if iri is None:
        raise HTTPException(404, f"no document {document!r}: see /documents for the ids")
    return iri


def _research(request: Request) -> Research:
    """The research answers; ``503`` with ``Retry-After`` while the service makes them at start."""
    research = request.app.state.research
    if research is None:
        raise request.app.state.startup.unavailable(INDEXING)
    return research


async def _answer(request: Request, kind: str, key: str, what: str) -> Response:
    research = _research(request)
    body = research.cached_json(kind, key)
    if body is None:
        body = await run_in_threadpool(research.json, kind, key)
    if body is None:
        key = key.split(" ", 1)[0]  # (source-claims of one text: '<key> <document IRI>')
        raise HTTPException(404, f"no {what} {key!r}: see /{'claims' if kind == 'claim' else 'sources'} for the ids")
    return Response(body, media_type=JSON)


@router.get("/documents", response_model=list[m.DocumentSummary], summary="The texts of the knowledge base")
async def list_documents(request: Request) -> Response:
    """Every text: its id, title and year, and the counts of its claims, citations, references and active findings."""
    return await _answer(request, "documents", "", "document list")


@router.get("/documents/{document_id}", response_model=m.DocumentDetail, responses=_NOT_FOUND, summary="One text")
async def get_document(request: Request, document_id: str = DOCUMENT_ID) -> Response:
    """One text's counts, its sections in order and its active findings by rule."""
    body = _research(request).json("document", document_id)
    if body is None:
        raise HTTPException(404, f"no document {document_id!r}: see /documents for the ids")
    return Response(body, media_type=JSON)


@router.get("/claims", response_model=m.ClaimPage, responses=_NOT_FOUND, summary="Claims, filtered and paged")
def list_claims(
    request: Request,
    document: str | None = Query(None, description=_DOCUMENT),
    source: str | None = Query(
        None, description="key of a source: the claims resting on it, directly or through derived figures"
    ),
    topic: str | None = Query(None, description="topic id, e.g. migrant-stocks"),
    section: str | None = Query(None, description="section id, e.g. forced-migration"),
    period_from: int | None = Query(
        None, description="first year of the period range (claims whose period overlaps it)"
    ),
    period_to: int | None = Query(None, description="last year of the period range"),
    unit: str | None = Query(None, description="unit local name or IRI, e.g. PERCENT, USD, NUM"),
    rule: str | None = Query(None, description="claims with a finding of this rule, e.g. uncited"),
    q: str | None = Query(None, max_length=200, description="text in the label, quote, citation or population"),
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> m.ClaimPage:
    research = _research(request)
    if source is not None and source not in research.sources:
        raise HTTPException(404, f"no source {source!r}: see /sources for the keys")
    found = research.filter_claims(
        document=_document(request, document),
        source=source,
        topic=topic,
        section=section,
        period_from=period_from,
        period_to=period_to,
        unit=unit,
        rule=rule,
        q=q,
    )
    items = research.summaries(found[offset : offset + limit])
    return m.ClaimPage(total=len(found), offset=offset, limit=limit, items=items)


@router.get("/claims/{claim_id}", response_model=m.ClaimDetail, responses=_NOT_FOUND, summary="One claim")
async def get_claim(request: Request, claim_id: str = CLAIM_ID) -> Response:
    """The figure, quote, citation as printed, resolved sources, derived-from and derived-into
    chains, the calculation and the findings of one claim."""
    return await _answer(request, "claim", claim_id, "claim")


@router.get("/sources", response_model=list[m.SourceSummary], summary="The reference list")
async def list_sources(request: Request) -> Response:
    return await _answer(request, "sources", "", "reference list")


@router.get("/sources/{key}", response_model=m.SourceDetail, responses=_NOT_FOUND, summary="One reference")
async def get_source(request: Request, key: str = SOURCE_KEY) -> Response:
    return await _answer(request, "source", key, "source")


@router.get(
    "/sources/{key}/claims",
    response_model=m.SourceClaims,
    responses=_NOT_FOUND,
    summary="The claims resting on a source, directly or through derived figures",
)
async def source_claims(
    request: Request, key: str = SOURCE_KEY, document: str | None = Query(None, description=_DOCUMENT)
) -> Response:
    """What falls if the source is wrong: every claim that names it as primary source, and
    every claim computed (``prov:wasDerivedFrom``, transitively) from one that does; each with
    the text it is quoted from."""
    iri = _document(request, document)
    return await _answer(request, "source-claims", key if iri is None else f"{key} {iri}", "source")


_CHECKING: dict[int | str, dict[str, Any]] = {
    **_NOT_FOUND,
    503: {
        "model": Problem,
        "description": "the check started with the server is still running: ask again after Retry-After",
    },
    500: {"model": Problem, "description": "the check started with the server could not run"},
}


@router.get("/findings", response_model=list[m.Finding], responses=_CHECKING, summary="The check's findings")
async def list_findings(
    request: Request,
    rule: str | None = Query(None, description="only this rule, e.g. uncited"),
    severity: Literal["violation", "warning", "info"] | None = None,
    reviewed: bool | None = Query(None, description="only reviewed (true) or unreviewed (false) findings"),
    document: str | None = Query(None, description=_DOCUMENT),
) -> list[m.Finding]:
    """The findings of the last full check. A server that found no saved report of its corpus
    checks it after it has begun to answer: until that check ends, ``503`` with ``Retry-After``."""
    research, iri = _research(request), _document(request, document)
    if not research.complete:
        raise request.app.state.startup.unavailable(CHECKING)
    return [
        f
        for f in research.findings
        if (rule is None or f.rule == rule)
        and (severity is None or f.severity == severity)
        and (reviewed is None or f.reviewed == reviewed)
        and (iri is None or research.in_document(f, iri))
    ]


@router.get("/stats", response_model=m.Stats, responses=_NOT_FOUND, summary="Counts of claims, sources and findings")
async def stats(request: Request, document: str | None = Query(None, description=_DOCUMENT)) -> Response:
    """The counts of the whole knowledge base, or of one text (``?document=``)."""
    iri = _document(request, document)
    return await _answer(request, "stats" if iri is None else "document-stats", iri or "", "statistics")


# ------------------------------------------------------------------ answers already made


def _cache_key(path: str) -> tuple[str, str] | None:
    """The research answer a path without a query string names, as ``Research.json`` keys it.

    >>> _cache_key("/sources/fortune2015/claims"), _cache_key("/claims/x"), _cache_key("/sources/a/b")
    (('source-claims', 'fortune2015'), ('claim', 'x'), None)
    """
    parts = path.split("/")
    if len(parts) == 2:
        kind = {"sources": "sources", "documents": "documents", "stats": "stats"}.get(parts[1])
        return (kind, "") if kind else None
    if len(parts) == 3 and parts[2]:
        kind = {"sources": "source", "claims": "claim", "documents": "document"}.get(parts[1])
        return (kind, parts[2]) if kind else None
    if len(parts) == 4 and parts[1] == "sources" and parts[2] and parts[3] == "claims":
        return ("source-claims", parts[2])
    return None


class CachedAnswers:
    """ASGI middleware: a ``GET`` of a research answer made before, without a query string, is
    answered from the answers' cache before routing, with the bytes and headers its route gives.

    Routing and the parameters' validation cost FastAPI several times what sending cached bytes
    does (docs/performance.md); the routes above stay the one description of the API (OpenAPI,
    misses, errors, ``?document=``): this only replays what they answered. It sits innermost, so
    every other middleware (limits, CORS, HTTP semantics) applies to its answers as to a route's.
    """

    def __init__(self, app: ASGIApp, research: Callable[[], Research | None]) -> None:
        self.app = app
        self.research = research  # the answers in place now (:mod:`.startup` swaps them once)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope.get("query_string"):
            key = _cache_key(scope["path"])
            research = self.research()
            body = research.cached_json(*key) if key is not None and research is not None else None
            if body is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-length", str(len(body)).encode()),
                            (b"content-type", b"application/json"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
