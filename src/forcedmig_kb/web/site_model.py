"""What the researcher's pages show beyond the research API's answers: the labels and definitions of
terms, the topics, the rules of the check, which claims carry each citation, the findings about each
source, the provenance network, and, asked when a page is, a claim's quote in context and a source's
BibTeX and CSL-JSON. :mod:`.site` renders the pages from it."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .. import queries
from ..audit import RULE_ORDER
from ..checks.shacl import rule_catalog
from ..csl import csl_item
from ..loading import KnowledgeBase
from ..namespaces import AREA, FM, TOPIC, local_name
from ..research import Research
from ..research import models as m
from ..settings import Settings
from . import charts, pages


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
