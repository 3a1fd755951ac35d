"""Counts of the knowledge base and of each text: the statistics of a set of claims and findings,
the texts each finding's node belongs to, and each text's summary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from .. import queries
from ..loading import KnowledgeBase
from ..namespaces import local_name
from . import models as m
from .index import Entry, as_year

#: IRIs per restricted query: a longer VALUES block is sent in several queries.
CHUNK = 500


def stats_of(
    entries: list[Entry],
    active: list[m.Finding],
    *,
    citations: int,
    references: int,
    triples: int,
    sources_cited: int,
    section_key: Callable[[Entry], str | None],
) -> m.Stats:
    """The counts of these claims and findings (the whole knowledge base's, or one text's)."""
    return m.Stats(
        claims=len(entries),
        quantity_claims=sum(e.kind == "QuantityClaim" for e in entries),
        event_claims=sum(e.kind == "EventClaim" for e in entries),
        citations=citations,
        references=references,
        triples=triples,
        sources_cited=sources_cited,
        findings={k: sum(f.severity == k for f in active) for k in ("violation", "warning", "info")},
        findings_by_rule=dict(Counter(f.rule for f in active)),
        claims_by_topic=dict(Counter(t for e in entries for t in e.topics)),
        claims_by_section=dict(Counter(section_key(e) for e in entries if e.section)),
    )


def nodes_documents(
    kb: KnowledgeBase, index: dict[str, Entry], focus: list[str], *, chunk: int = CHUNK
) -> dict[str, set[str]]:
    """The texts each focus node of the findings belongs to: a claim's and its citations' from the
    index, any other's (a source, a section, a citation no claim carries) from named query
    ``node-documents``."""
    found: dict[str, set[str]] = defaultdict(set)
    for entry in index.values():
        if entry.document:
            found[entry.iri].add(entry.document)
            for c in entry.citations:
                found[c].add(entry.document)
    rest = sorted({f for f in focus if f not in found and f.startswith(("http://", "https://"))})
    for i in range(0, len(rest), chunk):
        text = queries.restrict(queries.load("node-documents"), "node", rest[i : i + chunk])
        for row in kb.store.select(text).records():
            if row["document"]:
                found[row["node"]].add(row["document"])
    return dict(found)


def documents_of(
    kb: KnowledgeBase,
    index: dict[str, Entry],
    active: list[m.Finding],
    focus_documents: dict[str, set[str]],
    *,
    chunk: int = CHUNK,
) -> dict[str, m.DocumentDetail]:
    """The texts of the index, by id: title, year and in-text citations from named query
    ``documents``, the other counts from the index and the active findings."""
    by_iri: dict[str, list[Entry]] = defaultdict(list)
    for entry in index.values():
        if entry.document:
            by_iri[entry.document].append(entry)
    rows = {}
    iris = sorted(by_iri)
    for i in range(0, len(iris), chunk):
        text = queries.restrict(queries.load("documents"), "document", iris[i : i + chunk])
        rows.update({row["document"]: row for row in kb.store.select(text).records()})
    rules: dict[str, Counter[str]] = defaultdict(Counter)
    for f in active:
        for iri in focus_documents.get(f.focus, ()):
            rules[iri][f.rule] += 1
    documents = {}
    for iri, entries in by_iri.items():
        row = rows.get(iri, {})
        key = str(row.get("id") or local_name(iri))
        sections: dict[str, m.Ref] = {}
        for e in entries:  # in the text's order
            if e.section and e.section not in sections:
                sections[e.section] = m.Ref(id=local_name(e.section), iri=e.section, label=e.section_label)
        documents[key] = m.DocumentDetail(
            id=key,
            iri=iri,
            title=row.get("title"),
            year=as_year(row.get("year")),
            claims=len(entries),
            citations=int(row.get("citations") or 0),
            references=len({k for e in entries for k in e.sources}),
            findings=sum(rules[iri].values()),
            sections=list(sections.values()),
            findings_by_rule=dict(rules[iri]),
        )
    return dict(sorted(documents.items()))
