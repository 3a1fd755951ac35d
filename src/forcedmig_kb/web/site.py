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

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, TypedDict
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from .. import queries
from ..audit import RULE_ORDER
from ..checks.shacl import rule_catalog
from ..csl import csl_item
from ..loading import KnowledgeBase
from ..namespaces import AREA, FM, PREFIXES, TOPIC, local_name
from ..research import Research
from ..research import models as m
from ..settings import Settings
from . import charts, pages
from . import negotiation as neg
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


@dataclass(frozen=True, slots=True)
class Context:
    """What the graph holds around a claim's quote (named query ``quote-context``)."""

    document: str | None
    document_title: str | None
    section_number: str | None
    section_title: str | None
    prefix: str | None
    suffix: str | None
    citation_quote: str | None
    citation_prefix: str | None
    citation_suffix: str | None
    characterization: str | None


@dataclass
class Site:
    """Everything the pages show beyond the research API's answers, made once at start (a claim's
    quote in context is asked when its page is, a source's BibTeX and CSL-JSON when its page is)."""

    kb: KnowledgeBase
    research: Research
    labels: dict[str, tuple[str, str | None]]  # term IRI -> (label, definition)
    topics: list[dict[str, Any]]  # named query ``topics``
    rules: dict[str, dict[str, str]]  # rule id -> name, description, fix, severity (ordered as the audit)
    carriers: dict[str, list[str]]  # in-text citation IRI -> ids of the claims carrying it
    source_findings: dict[str, list[m.Finding]]  # source key -> findings about it or its citations
    network: charts.Network
    document: str | None = None  # the IRI of the text the claims are quoted from
    document_title: str | None = None
    sections: list[tuple[str, str]] = field(default_factory=list)  # (id, title) in the text's order
    short_authors: dict[str, str] = field(default_factory=dict)  # source key -> printed short form
    short_labels: dict[str, str] = field(default_factory=dict)  # source key -> "ILO (2019)"
    table_claims: int = 500  # the claims table lists at most this many
    network_claims: int = 500  # the overview draws the network of at most this many claims

    @classmethod
    def of(cls, kb: KnowledgeBase, research: Research, settings: Settings | None = None) -> Site:
        def select(name: str) -> list[dict[str, Any]]:
            return kb.store.select(queries.load(name)).records()

        labels = {r["term"]: (r["label"], r["definition"]) for r in select("labels")}
        catalog = rule_catalog()
        present = {f.rule for f in research.findings}
        ordered = [r for r in RULE_ORDER if r in present] + sorted(present - set(RULE_ORDER))
        rules = {
            r: catalog.get(r, {"name": r.replace("-", " "), "description": "", "fix": "", "severity": "violation"})
            for r in ordered
        }
        carriers: dict[str, list[str]] = {}
        for entry in research.index.values():
            for citation in entry.citations:
                carriers.setdefault(citation, []).append(entry.id)
        site = cls(kb, research, labels, select("topics"), rules, carriers, {}, charts.Network([], [], 0, 0))
        settings = settings or Settings()
        site.table_claims, site.network_claims = settings.table_claims, settings.network_claims
        site.short_authors = {r["key"]: r["nick"] for r in select("short-authors")}
        labels_of = {key: site._short_label(key) for key in research.sources}
        alike = Counter(labels_of.values())
        site.short_labels = {
            key: label if alike[label] == 1 else f"{label[:-1]}, {key})" for key, label in labels_of.items()
        }
        site.source_findings = site._findings_by_source()
        if len(research.index) <= site.network_claims:
            details = research.details(research.index)
            site.network = charts.network(
                [details[c] for c in research.index if c in details], research.sources, site.source_short
            )
        first = next((e for e in research.index.values() if e.document), None)
        if first is not None:
            site.document = first.document
            site.document_title = getattr(site.context(first.id), "document_title", None)
        # several texts: a section is '<document id>/<section id>', so that each text's introduction stays its own
        qualified = len(research.documents) > 1
        sections = {}
        for e in research.index.values():
            if e.section:
                slug, title = local_name(e.section) or "", e.section_label or local_name(e.section) or ""
                text = research.document_ids.get(e.document or "", "")
                sections[f"{text}/{slug}" if qualified else slug] = f"{text}: {title}" if qualified else title
        site.sections = list(sections.items())  # claims come in the text's order
        return site

    def context(self, claim_id: str) -> Context | None:
        """What the graph holds around a claim's quote (named query ``quote-context``, restricted to it)."""
        entry = self.research.index.get(claim_id)
        if entry is None:
            return None
        rows = self.kb.store.select(queries.restrict(queries.load("quote-context"), "claim", [entry.iri])).records()
        for r in rows:  # one row per citation; the first citation's quote is the one shown
            return Context(
                r["document"],
                r["documentTitle"],
                r["sectionNumber"],
                r["sectionTitle"],
                r["prefix"],
                r["suffix"],
                r["citationExact"],
                r["citationPrefix"],
                r["citationSuffix"],
                r["characterization"],
            )
        return None

    def csl(self, key: str) -> str | None:
        """A BibTeX entry as CSL-JSON, for its source's page (read when asked: :class:`BibtexEntries`)."""
        ref = self.kb.entries.reference(key)
        return json.dumps(csl_item(ref), ensure_ascii=False, indent=1) if ref else None

    # ---------------------------------------------------------------- words for terms

    def label(self, iri: str | None, fallback: str | None = None) -> str:
        """The label the vocabulary gives a term (``labels``), else ``fallback`` or its local name."""
        if not iri:
            return fallback or ""
        if iri in self.labels:
            return self.labels[iri][0]
        return fallback or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local_name(iri) or iri).lower()  # cito:citesAsDataSource

    def definition(self, iri: str | None) -> str:
        return (self.labels.get(iri or "", ("", None))[1]) or ""

    def term(self, name: str | None) -> str:
        """A local name of the vocabulary (a hedge, period basis, match status, operation, role) as words."""
        return self.label(FM + name, name) if name else ""

    def term_definition(self, name: str | None) -> str:
        return self.definition(FM + name) if name else ""

    def topic_label(self, topic_id: str) -> str:
        return self.label(TOPIC + topic_id, topic_id.replace("-", " "))

    def area_label(self, area_id: str | None) -> str:
        return self.label(AREA + area_id, area_id) if area_id else ""

    def rule_name(self, rule: str) -> str:
        return self.rules.get(rule, {}).get("name") or rule.replace("-", " ")

    def figure(self, claim: m.ClaimSummary) -> str:
        """The figure as a reader would say it, or the date of an event."""
        if claim.figure is not None:
            return pages.figure_text(claim.figure, self.term(claim.figure.hedge) if claim.figure.hedge else None)
        return pages.period_text(claim.period)

    def source_short(self, key: str) -> str:
        """A source as a text cites it: first author's name (et al.) and year, e.g. ``Fortune (2015)``;
        two entries that would read alike (the text's ambiguous citations) also show their keys."""
        return self.short_labels.get(key, key)

    def _short_label(self, key: str) -> str:
        source = self.research.sources[key]
        names = [a.split(",")[0].strip() for a in source.authors] or [key]
        who = names[0] if len(names) == 1 else f"{names[0]} & {names[1]}" if len(names) == 2 else f"{names[0]} et al."
        who = self.short_authors.get(key) or who  # biblatex's shortauthor: "ILO", "UNCTAD"
        return f"{who} ({source.year or 'n.d.'}{source.year_suffix or ''})"

    def source_lines(self, key: str) -> list[str]:
        """A source in a box of the derivation chain: how it is cited, and its title."""
        source = self.research.sources.get(key)
        return [self.source_short(key)] + (charts.wrap(source.title, 30, 1) if source else [])

    # ---------------------------------------------------------------- links between findings, claims, sources

    def targets(self, finding: m.Finding) -> list[tuple[str, str]]:
        """What a finding is about, as (label, path): its claim, the claims carrying its citation, or its source."""
        index = self.research.index
        if finding.focus in self.carriers:
            return [(index[c].label or c, f"/claim/{c}") for c in self.carriers[finding.focus]]
        cid = local_name(finding.focus) or ""
        if "/claim/" in finding.focus and cid in index:
            return [(index[cid].label or cid, f"/claim/{cid}")]
        if "/source/" in finding.focus and cid in self.research.sources:
            return [(self.source_short(cid), f"/source/{cid}")]
        if finding.citation and not finding.label:  # an in-text citation no claim carries
            return [(f"the citation “{finding.citation}”", pages.href(finding.focus))]
        return [(finding.label or finding.focus, pages.href(finding.focus))]

    def _findings_by_source(self) -> dict[str, list[m.Finding]]:
        """Each source's findings: on the source, on the citations that resolve to it, or naming it as
        candidate or source (one pass over the findings, in their order; what the citations among
        their foci resolve to from named query ``citation-sources``, restricted to those)."""
        research = self.research
        sources = research.sources
        by_iri = {source.iri: key for key, source in sources.items()}
        citing: dict[str, set[str]] = defaultdict(set)  # citation IRI -> keys of the sources it resolves to
        carried = {f.focus for f in research.findings if f.focus in self.carriers}
        for row in research.select("citation-sources", "citation", carried):
            key = research.source_key(row["source"])
            if key is not None:
                citing[row["citation"]].add(key)
        found: dict[str, list[m.Finding]] = {key: [] for key in sources}
        for f in self.research.findings:
            named = [str(f.evidence.get("key", ""))]
            named += [part.split(" (")[0].strip() for part in str(f.evidence.get("candidates", "")).split(",")]
            keys = {k for k in named if k in sources} | citing.get(f.focus, set())
            keys |= {by_iri[i] for i in (f.focus, f.value) if i in by_iri}
            for key in keys:
                found[key].append(f)
        return found


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
