"""The answers of the research API, computed once at start from the named queries.

The data are read-only while the service runs, so each answer (a claim, a source, the claims
resting on a source) is built once from the results of ``queries/*.rq`` and the check's
:class:`~forcedmig_kb.checks.findings.Report`, and kept both as a model and as JSON bytes. A
request is then a dictionary look-up: no query, no serialisation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .. import queries
from ..checks import Report, run_check
from ..loading import KnowledgeBase
from ..progress import progress_bar
from ..settings import Settings
from . import models as m


def local(iri: str | None) -> str | None:
    """The last segment of an IRI (``.../claim/x`` -> ``x``, ``...unit/PERCENT`` -> ``PERCENT``)."""
    if iri is None:
        return None
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def finding_model(f: Any) -> m.Finding:
    return m.Finding(rule=f.rule, severity=f.severity, focus=f.focus, message=f.message, fix=f.fix, label=f.label,
                     quote=f.quote, citation=f.citation, value=f.value, evidence=dict(f.evidence), file=f.file,
                     line=f.line, reviewed=f.reviewed, review_reason=f.review_reason)


@dataclass
class Research:
    """Every answer of the research API, by id."""

    report: Report
    claims: dict[str, m.ClaimDetail]  # by claim id
    sources: dict[str, m.SourceDetail]  # by key
    source_claims: dict[str, m.SourceClaims]  # by key
    resting: dict[str, set[str]]  # source key -> ids of the claims resting on it
    findings: list[m.Finding]
    stats: m.Stats
    json: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (kind, id) -> JSON

    @classmethod
    def of(cls, kb: KnowledgeBase, settings: Settings) -> "Research":
        report = run_check(kb, settings)
        with progress_bar("starting: the research API's answers", total=6) as advance:
            return cls._of(kb, report, advance)

    @classmethod
    def _of(cls, kb: KnowledgeBase, report: Report, advance: Callable[[int], None]) -> "Research":
        def select(name: str, text: str | None = None) -> list[dict[str, Any]]:
            """The rows of a named query (``text``: the same query with its parameters bound)."""
            rows = kb.store.select(text or queries.load(name)).records()
            advance(1)
            return rows

        findings_by_focus: dict[str, list[m.Finding]] = defaultdict(list)
        findings = [finding_model(f) for f in report]
        for f in findings:
            findings_by_focus[f.focus].append(f)

        sources = _sources(select("sources"))
        source_keys = {s.iri: s.key for s in sources.values()}
        rows = select("source-claims", queries.bind(queries.load("source-claims"), "source",
                                                     [s.iri for s in sources.values()]))
        claims = _claims(select("claims"), source_keys)
        _add_citations(claims, select("citations"), source_keys, findings_by_focus)
        _add_lineage(claims, select("lineage"))
        _add_calculations(claims, select("calculations"))
        for claim in claims.values():
            claim.resolved_sources = [m.Ref(id=k, iri=sources[k].iri, label=sources[k].reference)
                                      for k in claim.sources if k in sources]
            claim.finding_details = findings_by_focus.get(claim.iri, []) + [
                f for c in claim.citations for f in findings_by_focus.get(c.iri, [])]
            claim.findings = sorted({f.rule for f in claim.finding_details})

        source_claims, resting = _source_claims(rows, sources, claims)
        cited_as: dict[str, list[m.CitedWork]] = defaultdict(list)
        for claim in claims.values():
            for citation in claim.citations:
                for work in citation.works:
                    if work.source and work not in cited_as[work.source]:
                        cited_as[work.source].append(work)
        for key, source in sources.items():
            source.cited_as = cited_as.get(key, [])
            source.findings = findings_by_focus.get(source.iri, [])
            summary = source_claims[key].source
            source.claims_direct, source.claims_resting = summary.claims_direct, summary.claims_resting

        counts = report.counts(include_reviewed=False)
        stats = m.Stats(
            claims=len(claims), quantity_claims=sum(c.kind == "QuantityClaim" for c in claims.values()),
            event_claims=sum(c.kind == "EventClaim" for c in claims.values()),
            citations=kb.counts.get("citations", 0), references=len(sources), triples=kb.counts.get("triples", 0),
            sources_cited=sum(1 for k in sources if resting.get(k)), findings=counts,
            findings_by_rule=dict(Counter(f.rule for f in report.active())),
            claims_by_topic=dict(Counter(t for c in claims.values() for t in c.topics)),
            claims_by_section=dict(Counter(c.section.id for c in claims.values() if c.section)))
        research = cls(report, claims, sources, source_claims, resting, findings, stats)
        research.json = {("claim", k): v.model_dump_json().encode() for k, v in claims.items()}
        research.json |= {("source", k): v.model_dump_json().encode() for k, v in sources.items()}
        research.json |= {("source-claims", k): v.model_dump_json().encode() for k, v in source_claims.items()}
        research.json[("stats", "")] = stats.model_dump_json().encode()
        return research

    def filter_claims(self, *, source: str | None = None, topic: str | None = None, section: str | None = None,
                      period_from: int | None = None, period_to: int | None = None, unit: str | None = None,
                      rule: str | None = None, q: str | None = None) -> list[m.ClaimDetail]:
        """The claims that pass every filter given (each ``None`` filter lets everything through)."""
        chosen: Iterable[m.ClaimDetail] = self.claims.values()
        if source is not None:
            ids = self.resting.get(source, set())
            chosen = [c for c in chosen if c.id in ids]
        if topic is not None:
            chosen = [c for c in chosen if topic in c.topics]
        if section is not None:
            chosen = [c for c in chosen if c.section and section in (c.section.id, c.section.iri)]
        if period_from is not None or period_to is not None:
            lo, hi = period_from if period_from is not None else -10**6, period_to if period_to is not None else 10**6
            chosen = [c for c in chosen if c.period and c.period.start is not None
                      and c.period.start <= hi and (c.period.end if c.period.end is not None else c.period.start) >= lo]
        if unit is not None:
            chosen = [c for c in chosen if c.figure and unit.lower() in ((c.figure.unit or "").lower(), (c.figure.unit_iri or "").lower())]
        if rule is not None:
            chosen = [c for c in chosen if rule in c.findings]
        if q:
            needle = q.casefold()
            chosen = [c for c in chosen if any(needle in (text or "").casefold() for text in
                                               (c.label, c.quote, c.citation, c.population, c.id))]
        return list(chosen)


def _sources(rows: list[dict[str, Any]]) -> dict[str, m.SourceDetail]:
    sources: dict[str, m.SourceDetail] = {}
    for row in rows:
        key = row["key"]
        if key not in sources:
            sources[key] = m.SourceDetail(key=key, iri=row["source"], type=row["type"], year=_year(row["year"]),
                                          year_suffix=row["yearSuffix"], title=row["title"], reference=row["reference"])
        if row["author"] and row["author"] not in sources[key].authors:
            sources[key].authors.append(row["author"])
    return sources


def _claims(rows: list[dict[str, Any]], source_keys: dict[str, str]) -> dict[str, m.ClaimDetail]:
    claims = {}
    # sorted here, not only by the query: stores break ties and compare samples differently
    for r in sorted(rows, key=lambda r: (str(r.get("sectionNumber") or ""), r["claim"])):
        cid = local(r["claim"]) or ""
        kind = local(r["kind"])
        figure = None
        if kind == "QuantityClaim":
            figure = m.Figure(value=_number(r["value"]), printed=r["printedValue"], scale=r["printedScale"],
                              unit=local(r["unit"]), unit_iri=r["unit"], hedge=local(r["hedge"]),
                              lower=_number(r["lower"]), upper=_number(r["upper"]))
        period = None
        if r["periodStart"] is not None or r["periodLabel"] is not None:
            period = m.Period(start=_year(r["periodStart"]), end=_year(r["periodEnd"]), label=r["periodLabel"],
                              basis=local(r["periodBasis"]))
        section = m.Ref(id=local(r["section"]) or "", iri=r["section"], label=r["sectionTitle"]) if r["section"] else None
        claims[cid] = m.ClaimDetail(
            id=cid, iri=r["claim"], kind=kind, label=r["label"], figure=figure, period=period, section=section,
            topics=sorted(local(t) or "" for t in (r["topics"] or "").split()), quote=r["quote"],
            citation=r["citation"] or None,
            sources=sorted(source_keys.get(s, local(s) or "") for s in (r["sources"] or "").split()),
            population=r["population"], area=local(r["area"]), document=r["document"])
    return claims


def _add_citations(claims: dict[str, m.ClaimDetail], rows: list[dict[str, Any]], source_keys: dict[str, str],
                   findings_by_focus: dict[str, list[m.Finding]]) -> None:
    by_citation: dict[str, m.Citation] = {}
    carriers: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        citation = by_citation.setdefault(r["citation"], m.Citation(iri=r["citation"], printed=r["printed"]))
        if r["part"] and not any(w.printed == r["partPrinted"] for w in citation.works):
            citation.works.append(m.CitedWork(printed=r["partPrinted"], status=local(r["status"]),
                                              source=source_keys.get(r["source"]) if r["source"] else None))
        if r["claim"]:
            carriers[r["citation"]].add(local(r["claim"]) or "")
    for iri, ids in carriers.items():
        for cid in ids:
            if cid in claims:
                claims[cid].citations.append(by_citation[iri])


def _add_lineage(claims: dict[str, m.ClaimDetail], rows: list[dict[str, Any]]) -> None:
    for r in rows:
        child, ancestor = local(r["claim"]) or "", local(r["ancestor"]) or ""
        if child in claims and ancestor in claims:
            claims[child].derived_from.append(m.Derivation(id=ancestor, iri=r["ancestor"], label=claims[ancestor].label,
                                                           direct=bool(r["direct"])))
            claims[ancestor].derived_into.append(m.Derivation(id=child, iri=r["claim"], label=claims[child].label,
                                                              direct=bool(r["direct"])))


def _add_calculations(claims: dict[str, m.ClaimDetail], rows: list[dict[str, Any]]) -> None:
    for r in rows:
        claim = claims.get(local(r["claim"]) or "")
        if claim is None:
            continue
        if claim.calculation is None:
            claim.calculation = m.Calculation(operation=local(r["operation"]))
        calc = claim.calculation
        if r["input"] and not any(i.claim.iri == r["input"] for i in calc.inputs):
            other = claims.get(local(r["input"]) or "")
            calc.inputs.append(m.Input(claim=m.Ref(id=local(r["input"]) or "", iri=r["input"],
                                                   label=other.label if other else None), role=local(r["role"])))
        if r["unstated"] and r["unstated"] not in calc.unstated_inputs:
            calc.unstated_inputs.append(r["unstated"])


def _source_claims(rows: list[dict[str, Any]], sources: dict[str, m.SourceDetail],
                   claims: dict[str, m.ClaimDetail]) -> tuple[dict[str, m.SourceClaims], dict[str, set[str]]]:
    found: dict[str, dict[str, m.RestingClaim]] = {key: {} for key in sources}
    key_of = {s.iri: k for k, s in sources.items()}
    for r in rows:
        key = key_of.get(r["source"])
        if key is None:
            continue
        cid = local(r["claim"]) or ""
        entry = found[key].setdefault(cid, m.RestingClaim(id=cid, iri=r["claim"], label=r["label"], via=r["via"]))
        if r["via"] == "direct":
            entry.via = "direct"
        if r["through"] and not any(t.iri == r["through"] for t in entry.through):
            through = claims.get(local(r["through"]) or "")
            entry.through.append(m.Ref(id=local(r["through"]) or "", iri=r["through"],
                                       label=through.label if through else None))
    answers, resting = {}, {}
    for key, source in sources.items():
        items = sorted(found[key].values(), key=lambda c: (c.via != "direct", c.id))
        direct = sum(c.via == "direct" for c in items)
        summary = m.SourceSummary(**source.model_dump(include=set(m.SourceSummary.model_fields)))
        summary.claims_direct, summary.claims_resting = direct, len(items)
        answers[key] = m.SourceClaims(source=summary, total=len(items), direct=direct, derived=len(items) - direct,
                                      claims=items)
        resting[key] = {c.id for c in items}
    return answers, resting
