"""The research API: claims, sources, what rests on a source, findings, statistics (JSON).

Each answer comes from named queries that also run as is in the query page (:mod:`forcedmig_kb.research`:
the list from an index made at start, one claim or source from the queries restricted to it,
then cached); the OpenAPI description is at ``/docs``:

========================== ================================= =====================
route                      answers                           named query
========================== ================================= =====================
``/claims``                claims, filtered and paged        ``claims``
``/claims/{id}``           one claim, its chains, findings   ``claims``, ``citations``,
                                                             ``lineage``, ``calculations``
``/sources``               the reference list                ``sources``
``/sources/{key}``         one reference, how it is cited    ``sources``, ``citations``
``/sources/{key}/claims``  the claims resting on it          ``source-claims``
``/findings``              the check's findings              (the check)
``/stats``                 counts                            all of the above
========================== ================================= =====================
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from ..research import Research
from ..research import models as m
from .responses import Problem

# The handlers that may ask the store are plain functions, which FastAPI runs in its thread
# pool, so a query does not hold up the event loop; those that only read what is held are
# ``async`` and skip that hop, which costs more than such a look-up (docs/performance.md).
router = APIRouter(tags=["research API"])
JSON = "application/json"
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "no such claim or source"}}
# Real ids as examples: the OpenAPI document shows them, and the API fuzzing starts from them.
CLAIM_ID = Path(
    description="a claim's id (the last segment of its IRI)",
    examples=["dw2019-top500-sales-share-gdp-2014", "dw2019-top500-sales-2014"],
)
SOURCE_KEY = Path(description="a reference's BibTeX key", examples=["fortune2015", "amin2013"])


def _research(request: Request) -> Research:
    return request.app.state.research


def _answer(request: Request, kind: str, key: str, what: str) -> Response:
    body = _research(request).json(kind, key)
    if body is None:
        raise HTTPException(404, f"no {what} {key!r}: see /{'claims' if kind == 'claim' else 'sources'} for the ids")
    return Response(body, media_type=JSON)


@router.get("/claims", response_model=m.ClaimPage, responses=_NOT_FOUND, summary="Claims, filtered and paged")
def list_claims(
    request: Request,
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
def get_claim(request: Request, claim_id: str = CLAIM_ID) -> Response:
    """The figure, quote, citation as printed, resolved sources, derived-from and derived-into
    chains, the calculation and the findings of one claim."""
    return _answer(request, "claim", claim_id, "claim")


@router.get("/sources", response_model=list[m.SourceSummary], summary="The reference list")
async def list_sources(request: Request) -> Response:
    return _answer(request, "sources", "", "reference list")


@router.get("/sources/{key}", response_model=m.SourceDetail, responses=_NOT_FOUND, summary="One reference")
def get_source(request: Request, key: str = SOURCE_KEY) -> Response:
    return _answer(request, "source", key, "source")


@router.get(
    "/sources/{key}/claims",
    response_model=m.SourceClaims,
    responses=_NOT_FOUND,
    summary="The claims resting on a source, directly or through derived figures",
)
def source_claims(request: Request, key: str = SOURCE_KEY) -> Response:
    """What falls if the source is wrong: every claim that names it as primary source, and
    every claim computed (``prov:wasDerivedFrom``, transitively) from one that does."""
    return _answer(request, "source-claims", key, "source")


@router.get("/findings", response_model=list[m.Finding], summary="The check's findings")
async def list_findings(
    request: Request,
    rule: str | None = Query(None, description="only this rule, e.g. uncited"),
    severity: Literal["violation", "warning", "info"] | None = None,
    reviewed: bool | None = Query(None, description="only reviewed (true) or unreviewed (false) findings"),
) -> list[m.Finding]:
    return [
        f
        for f in _research(request).findings
        if (rule is None or f.rule == rule)
        and (severity is None or f.severity == severity)
        and (reviewed is None or f.reviewed == reviewed)
    ]


@router.get("/stats", response_model=m.Stats, summary="Counts of claims, sources and findings")
async def stats(request: Request) -> Response:
    return _answer(request, "stats", "", "statistics")
