"""The researcher's pages: the overview, the claims, the sources, one claim, one source, the audit.

Server-rendered HTML that works without JavaScript (filters are a GET form, sorting is links),
built from the same answers as the research API (:class:`~forcedmig_kb.research.Research`: its index, made
in the background at start (until then a page is ``503``, :mod:`.startup`), and the details it asks of the store when requested) and from three named queries of
its own (``labels``, ``topics``, ``quote-context``); nothing here walks triples. What would not
scale to a corpus of many texts is bounded by settings: the provenance network is drawn for
up to ``network_claims`` claims, the claims table lists the first ``table_claims`` that match.

========================= ============================================== ==========================
route                     page                                           answers from
========================= ============================================== ==========================
``/``                     overview: charts, provenance network, entries  stats, ``topics``, sources
``/browse/claims``        the claims: search, filters, sorting           ``Research.filter_claims``
``/browse/sources``       the reference list, what rests on each         sources, ``source-claims``
``/audit``                the findings by rule, counts as a chart        the check's report
``/claim/{id}`` (HTML)    a claim: quote in context, figure, chain       claims, ``quote-context``
``/source/{key}`` (HTML)  a source: record, claims resting on it         sources, ``source-claims``
``/prefixes.json``        prefixes for the query editor's completion     :data:`~..namespaces.PREFIXES`
========================= ============================================== ==========================

The claim and source pages are the HTML answers of the claims' and sources' IRIs
(:mod:`.linked_data` negotiates, this module renders). Three clicks from the home page answer
"which figures rest on this source, and what does the audit say about them": a source's bar in
the overview (or Sources, then the source) opens its page, which lists every claim resting on
it with its findings.
"""

from __future__ import annotations

from typing import Any, TypedDict
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from ..namespaces import PREFIXES, local_name
from ..research import models as m
from . import charts, pages
from . import negotiation as neg
from .site_model import Site
from .startup import INDEXING

router = APIRouter(include_in_schema=False)

#: Sort keys of the claims table: how each orders a claim of the index (``None`` values go last).
SORTS: dict[str, Any] = {
    "text": None,  # the order of the text (section, then claim): the index's own order
    "claim": lambda c: (c.label or c.id).casefold(),
    "figure": lambda c: c.value,
    "period": lambda c: c.start,
    "source": lambda c: c.sources[0] if c.sources else None,
    "findings": lambda c: c.findings,
}


def _site(request: Request) -> Site:
    """The pages' data; ``503`` with ``Retry-After`` while the service makes them at start."""
    made = request.app.state.site
    if made is None:
        raise request.app.state.startup.unavailable(INDEXING)
    return made


def _common(request: Request, **context: Any) -> dict[str, Any]:
    site = _site(request)
    return {"site": site, "stats": site.research.stats, "path": request.url.path, **context}


# ------------------------------------------------------------------ the overview


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    site = _site(request)
    research = site.research
    topics = [t for t in site.topics if t["claims"]]
    topic_chart = charts.bar_chart(
        [
            charts.Bar(
                t["label"] or local_name(t["topic"]) or "",
                (t["claims"],),
                f"/browse/claims?topic={local_name(t['topic'])}",
                f"{t['claims']} claims" + (f" ({t['broaderLabel']})" if t["broaderLabel"] else ""),
            )
            for t in topics
        ],
        title="Claims per topic",
        series=("claims",),
    )
    resting = sorted(
        (s for s in research.sources.values() if s.claims_resting), key=lambda s: (-s.claims_resting, s.key)
    )
    source_chart = charts.bar_chart(
        [
            charts.Bar(
                site.source_short(s.key),
                (s.claims_direct, s.claims_resting - s.claims_direct),
                f"/source/{s.key}",
                f"{s.claims_direct} cite it, {s.claims_resting - s.claims_direct} computed from those",
            )
            for s in resting
        ],
        title="Claims per source",
        series=("cite it", "computed from a claim that cites it"),
    )
    reviewed = sum(f.reviewed for f in research.findings)
    return pages.render(
        "overview.html",
        **_common(
            request,
            title="Overview",
            topics=topics,
            resting=resting,
            topic_chart=topic_chart,
            source_chart=source_chart,
            network=charts.network_svg(site.network),
            findings=len(research.findings),
            reviewed=reviewed,
        ),
    )


# ------------------------------------------------------------------ the claims table


class _ClaimFilters(TypedDict):
    """The filters of the claims table, as :meth:`~forcedmig_kb.research.Research.filter_claims` takes them."""

    q: str | None
    topic: str | None
    section: str | None
    source: str | None
    rule: str | None
    document: str | None


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


@router.get("/browse/claims", response_class=HTMLResponse)
def claims_table(
    request: Request,
    q: str | None = Query(None, max_length=200),
    document: str | None = None,
    topic: str | None = None,
    section: str | None = None,
    source: str | None = None,
    rule: str | None = None,
    sort: str = "text",
    order: str = "asc",
) -> HTMLResponse:
    site = _site(request)
    chosen: _ClaimFilters = {
        "q": _clean(q),
        "document": _clean(document),
        "topic": _clean(topic),
        "section": _clean(section),
        "source": _clean(source),
        "rule": _clean(rule),
    }
    if chosen["document"] is not None and site.research.document_iri(chosen["document"]) is None:
        chosen["document"] = None  # not a text of the knowledge base: every text's claims, as for no choice
    found = site.research.filter_claims(**chosen)
    sort = sort if sort in SORTS else "text"
    order = "desc" if order == "desc" else "asc"
    if SORTS[sort] is not None:
        key = SORTS[sort]
        known = sorted((c for c in found if key(c) is not None), key=key, reverse=order == "desc")
        found = known + [c for c in found if key(c) is None]
    elif order == "desc":
        found = found[::-1]
    active = {k: v for k, v in chosen.items() if v}

    def sort_link(name: str) -> str:
        flip = "desc" if sort == name and order == "asc" else "asc"
        return "?" + urlencode({**active, "sort": name, "order": flip})

    sources = sorted((s for s in site.research.sources.values() if s.claims_resting), key=lambda s: s.key)
    rules: dict[str, int] = {}
    for f in site.research.findings:
        rules[f.rule] = rules.get(f.rule, 0) + 1
    details = site.research.details(e.id for e in found[: site.table_claims])
    shown = [details[e.id] for e in found[: site.table_claims] if e.id in details]
    return pages.render(
        "claims.html",
        **_common(
            request,
            title="Claims",
            claims=shown,
            matched=len(found),
            total=len(site.research.index),
            chosen=chosen,
            active=active,
            sort=sort,
            order=order,
            sort_link=sort_link,
            sources=sources,
            rules=rules,
            topics=[t for t in site.topics if t["claims"]],
        ),
    )


@router.get("/browse", response_class=RedirectResponse)
def browse() -> RedirectResponse:
    return RedirectResponse("/browse/claims")


# ------------------------------------------------------------------ the texts


@router.get("/browse/documents", response_class=HTMLResponse)
def documents_table(request: Request) -> HTMLResponse:
    site = _site(request)
    documents = list(site.research.documents.values())
    return pages.render("documents.html", **_common(request, title="Texts", documents=documents))


# ------------------------------------------------------------------ the sources


@router.get("/browse/sources", response_class=HTMLResponse)
def sources_table(request: Request) -> HTMLResponse:
    site = _site(request)
    ordered = sorted(site.research.sources.values(), key=lambda s: (-s.claims_resting, s.key))
    return pages.render("sources.html", **_common(request, title="Sources", sources=ordered))


# ------------------------------------------------------------------ the audit


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request) -> HTMLResponse:
    site = _site(request)
    by_rule: dict[str, list[m.Finding]] = {rule: [] for rule in site.rules}
    for f in site.research.findings:
        by_rule[f.rule].append(f)
    chart = charts.bar_chart(
        [
            charts.Bar(
                f"{site.rule_name(rule)} ({rule})",
                (sum(not f.reviewed for f in found), sum(f.reviewed for f in found)),
                f"#rule-{rule}",
                f"{len(found)} findings, {sum(f.reviewed for f in found)} reviewed",
            )
            for rule, found in by_rule.items()
        ],
        title="Findings per rule",
        series=("open", "reviewed"),
        label_width=300,
    )
    return pages.render("audit.html", **_common(request, title="Audit", by_rule=by_rule, chart=chart))


# ------------------------------------------------------------------ one claim, one source (HTML answers of their IRIs)


def _alternates(path: str, extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(f.label, f"{path}?format={f.extension}") for f in neg.FORMATS if f.carries == "graph"] + extra


def claim_page(request: Request, claim_id: str) -> HTMLResponse | None:
    """The page of a claim, or ``None`` when the research answers hold no such claim."""
    site = _site(request)
    claim = site.research.claim(claim_id)
    if claim is None:
        return None
    site.research.details(d.id for d in claim.derived_from + claim.derived_into)  # the chain's claims, in one go
    chain = charts.chain_graph(claim, site.research.claims, figure=site.figure, source_label=site.source_lines)
    path = f"/claim/{claim_id}"
    return pages.render(
        "claim.html",
        **_common(
            request,
            title=claim.label or claim_id,
            claim=claim,
            context=site.context(claim_id),
            chain=chain,
            alternates=_alternates(path, [("JSON (research API)", f"/claims/{claim_id}")]),
        ),
    )


def source_page(request: Request, key: str) -> HTMLResponse | None:
    """The page of a source, or ``None`` when the reference list has no such entry."""
    site = _site(request)
    source = site.research.source(key)
    resting = site.research.source_claims(key)
    if source is None or resting is None:
        return None
    site.research.details(c.id for c in resting.claims)  # the claims the page shows, in one go
    path = f"/source/{key}"
    return pages.render(
        "source.html",
        **_common(
            request,
            title=site.source_short(key),
            source=source,
            resting=resting,
            claims=site.research.claims,
            problems=site.source_findings.get(key, []),
            bibtex=site.kb.entries.raw(key),
            csl=site.csl(key),
            alternates=_alternates(
                path,
                [
                    ("BibTeX", f"{path}?format=bib"),
                    ("CSL-JSON", f"{path}?format=csl"),
                    ("JSON (research API)", f"/sources/{key}/claims"),
                ],
            ),
        ),
    )


def page_of(request: Request, kind: str, rest: str) -> HTMLResponse | None:
    """The researcher's page of an IRI of the knowledge base, if it has one (claims and sources)."""
    if kind == "claim":
        return claim_page(request, rest)
    if kind == "source":
        return source_page(request, rest)
    return None


# ------------------------------------------------------------------ the query editor's prefixes


@router.get("/prefixes.json")
def prefixes() -> JSONResponse:
    """The knowledge base's prefixes in prefix.cc's JSON form, so the query editor completes
    ``PREFIX`` lines from this server instead of asking prefix.cc."""
    return JSONResponse(dict(PREFIXES))
