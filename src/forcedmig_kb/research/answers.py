"""The research API's answers: the index held, each detail asked of the store when requested.

:meth:`Research.of` takes the check's :class:`~forcedmig_kb.checks.findings.Report` (the one
saved for the same store when it still holds, :mod:`forcedmig_kb.checks.saved_report`) and the
index (:mod:`.index`). A claim, a source, the claims resting on a source are asked of the store
when requested, with the named queries restricted to the ids asked for (``claims``,
``citations``, ``lineage``, ``calculations``, ``source-claims``, ``cited-as``), and kept in a
bounded cache (:class:`~forcedmig_kb.lru.LRU`), as models and as JSON bytes: a repeated request
is a dictionary look-up, and the memory held stays that of the index, not of every answer.
Why the index is saved and details are not built at start: ``docs/performance.md``.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import TypeAdapter

from .. import queries
from ..checks import Report, run_check
from ..checks.saved_report import load_report, save_report
from ..loading import KnowledgeBase
from ..lru import LRU
from ..namespaces import local_name
from ..settings import Settings
from . import models as m
from .counts import CHUNK, documents_of, nodes_documents, stats_of
from .details import add_calculations, add_citations, add_lineage, claim_details
from .index import Entry, load_or_build

#: Past this many claims a claim's detail is asked one claim per query: with several IRIs in its
#: VALUES block Oxigraph joins each OPTIONAL of the query over the whole store, with one it looks
#: the claim up (the measurements that set the threshold: ``docs/performance.md``).
ONE_BY_ONE_ABOVE = 200_000

_SOURCE_LIST = TypeAdapter(list[m.SourceDetail])
_SUMMARY = {"__all__": set(m.SourceSummary.model_fields)}
_DOCUMENT_LIST = TypeAdapter(list[m.DocumentSummary])
_DOCUMENT = set(m.DocumentSummary.model_fields)


class ClaimDetails(Mapping[str, m.ClaimDetail]):
    """Every claim's detail by id, built when asked (the pages look claims up by id like a dict)."""

    def __init__(self, research: Research) -> None:
        self._research = research

    def __getitem__(self, cid: str) -> m.ClaimDetail:
        claim = self._research.claim(cid)
        if claim is None:
            raise KeyError(cid)
        return claim

    def __contains__(self, cid: object) -> bool:
        return cid in self._research.index

    def __iter__(self) -> Iterator[str]:
        return iter(self._research.index)

    def __len__(self) -> int:
        return len(self._research.index)


@dataclass
class Research:
    """The research API's answers: the index and reference list held, details asked when requested."""

    kb: KnowledgeBase
    report: Report
    index: dict[str, Entry]  # by claim id, in the text's order
    sources: dict[str, m.SourceDetail]  # by key (without cited_as and findings: see :meth:`source`)
    resting: dict[str, set[str]]  # source key -> ids of the claims resting on it
    findings: list[m.Finding]
    findings_by_focus: dict[str, list[m.Finding]]
    stats: m.Stats
    documents: dict[str, m.DocumentDetail]  # by document id, in the order of the ids
    focus_documents: dict[str, set[str]]  # a finding's focus -> the IRIs of the texts it belongs to
    complete: bool = True  # False: the check has not finished, ``report`` holds no findings yet
    claims: ClaimDetails = field(init=False)
    source_keys: dict[str, str] = field(init=False)
    document_ids: dict[str, str] = field(init=False)
    _claims: LRU[str, m.ClaimDetail] = field(default_factory=LRU, init=False)
    _answers: LRU[tuple[str, str], Any] = field(default_factory=LRU, init=False)
    _json: LRU[tuple[str, str], bytes] = field(default_factory=LRU, init=False)
    _text: tuple[str, list[int], list[str]] | None = field(default=None, init=False)  # see :meth:`_searched`
    _text_lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.claims = ClaimDetails(self)
        self.source_keys = {source.iri: key for key, source in self.sources.items()}  # IRI -> key
        self.document_ids = {d.iri: key for key, d in self.documents.items()}  # IRI -> id

    # ------------------------------------------------------------ made at start

    @classmethod
    def of(cls, kb: KnowledgeBase, settings: Settings, report: Report | None = None) -> Research:
        """The index of ``kb``, with the check's report (the one saved for this store if it still
        holds, else a full check, then saved)."""
        if report is None:
            report = load_report(kb, settings)
            if report is None:
                report = run_check(kb, settings)
                save_report(kb, settings, report)
        sources, index, resting = load_or_build(kb, settings)
        return cls._of(kb, report, sources, index, resting)

    @classmethod
    def checking(cls, kb: KnowledgeBase, settings: Settings) -> Research:
        """The index of ``kb`` while its check has not finished: no findings yet, and
        :attr:`complete` False (the service then checks in the background and swaps in
        :meth:`with_report`)."""
        sources, index, resting = load_or_build(kb, settings)
        research = cls._of(kb, Report([]), sources, index, resting)
        research.complete = False
        return research

    def with_report(self, report: Report) -> Research:
        """The same index and reference list with the findings of ``report``: a new object with
        caches of its own, so that no answer made before the findings were known is kept."""
        sources = {key: source.model_copy() for key, source in self.sources.items()}
        index = {cid: replace(entry) for cid, entry in self.index.items()}
        return type(self)._of(self.kb, report, sources, index, self.resting)

    @classmethod
    def _of(
        cls,
        kb: KnowledgeBase,
        report: Report,
        sources: dict[str, m.SourceDetail],
        index: dict[str, Entry],
        resting: dict[str, set[str]],
    ) -> Research:
        findings = list(report)
        findings_by_focus: dict[str, list[m.Finding]] = defaultdict(list)
        for f in findings:
            findings_by_focus[f.focus].append(f)
        for entry in index.values():  # the findings on a claim or on its citations
            found = findings_by_focus.get(entry.iri, []) + [
                f for c in entry.citations for f in findings_by_focus.get(c, [])
            ]
            entry.rules, entry.findings = tuple(sorted({f.rule for f in found})), len(found)
        active = report.active()
        focus_documents = nodes_documents(kb, index, [f.focus for f in active], chunk=CHUNK)
        documents = documents_of(kb, index, active, focus_documents, chunk=CHUNK)
        qualified = len(documents) > 1  # sections of several texts: keyed '<document id>/<section id>'
        ids = {d.iri: key for key, d in documents.items()}
        stats = stats_of(
            list(index.values()),
            active,
            citations=kb.counts.get("citations", 0),
            references=len(sources),
            triples=kb.counts.get("triples", 0),
            sources_cited=sum(1 for k in sources if resting[k]),
            section_key=(lambda e: f"{ids.get(e.document or '', '')}/{local_name(e.section)}")
            if qualified
            else (lambda e: local_name(e.section)),
        )
        return cls(kb, report, index, sources, resting, findings, findings_by_focus, stats, documents, focus_documents)

    # ------------------------------------------------------------ texts

    def document_iri(self, document: str) -> str | None:
        """The IRI of the text with this id (or IRI), or ``None`` when there is no such text."""
        if document in self.documents:
            return self.documents[document].iri
        return document if document in self.document_ids else None

    def document_stats(self, document: str) -> m.Stats | None:
        """The counts of one text (its id or IRI), or ``None`` when there is no such text."""
        iri = self.document_iri(document)
        if iri is None:
            return None
        entries = [e for e in self.index.values() if e.document == iri]
        keys = {k for e in entries for k in e.sources}
        return stats_of(
            entries,
            [f for f in self.report.active() if iri in self.focus_documents.get(f.focus, ())],
            citations=self.documents[self.document_ids[iri]].citations,
            references=len(keys),
            triples=self.kb.counts.get("triples", 0),
            sources_cited=sum(1 for k in keys if k in self.sources),
            section_key=lambda e: local_name(e.section),
        )

    def in_document(self, finding: m.Finding, document: str) -> bool:
        """Does ``finding`` belong to the text with this IRI (its claim, citation, section, or a source it cites)?"""
        return document in self.focus_documents.get(finding.focus, ())

    # ------------------------------------------------------------ asked when requested

    def select(self, name: str, variable: str, iris: Iterable[str], chunk: int | None = None) -> list[dict[str, Any]]:
        """The rows of a named query restricted to ``iris`` (in chunks of ``chunk``, :data:`CHUNK` by default)."""
        iris = sorted(set(iris))
        rows: list[dict[str, Any]] = []
        chunk = chunk or CHUNK
        for i in range(0, len(iris), chunk):
            text = queries.restrict(queries.load(name), variable, iris[i : i + chunk])
            rows += self.kb.store.select(text).records()
        return rows

    def claim(self, cid: str) -> m.ClaimDetail | None:
        """Everything about one claim, or ``None`` when there is no such claim."""
        return self.details([cid]).get(cid)

    def details(self, ids: Iterable[str]) -> dict[str, m.ClaimDetail]:
        """The detail of each claim of ``ids`` that exists (from the cache, the rest in one go)."""
        found: dict[str, m.ClaimDetail] = {}
        missing = []
        for cid in dict.fromkeys(ids):
            if cid not in self.index:
                continue
            cached = self._claims.get(cid)
            if cached is not None:
                found[cid] = cached
            else:
                missing.append(cid)
        if missing:
            for cid, claim in self._build(missing).items():
                found[cid] = self._claims.put(cid, claim)
        return found

    def _build(self, ids: list[str]) -> dict[str, m.ClaimDetail]:
        iris = [self.index[cid].iri for cid in ids]
        source_keys = self.source_keys
        chunk = 1 if len(self.index) > ONE_BY_ONE_ABOVE else None

        def select(name: str, variable: str, values: Iterable[str]) -> list[dict[str, Any]]:
            return self.select(name, variable, values, chunk)

        claims = claim_details(select("claims", "claim", iris), source_keys)
        citations = {c for cid in ids for c in self.index[cid].citations}
        add_citations(claims, select("citations", "citation", citations), source_keys)
        add_lineage(claims, select("lineage", "claim", iris) + select("lineage", "ancestor", iris))
        add_calculations(claims, select("calculations", "claim", iris))
        for claim in claims.values():
            claim.resolved_sources = [
                m.Ref(id=k, iri=self.sources[k].iri, label=self.sources[k].reference)
                for k in claim.sources
                if k in self.sources
            ]
            claim.finding_details = self.findings_by_focus.get(claim.iri, []) + [
                f for c in claim.citations for f in self.findings_by_focus.get(c.iri, [])
            ]
            claim.findings = sorted({f.rule for f in claim.finding_details})
        return claims

    def _kept(self, kind: str, key: str, build: Callable[[m.SourceDetail], Any]) -> Any:
        """The answer of ``kind`` about source ``key``: from the cache, else built and kept; ``None`` if no such source."""
        if key not in self.sources:
            return None
        cached = self._answers.get((kind, key))
        return cached if cached is not None else self._answers.put((kind, key), build(self.sources[key]))

    def source(self, key: str) -> m.SourceDetail | None:
        """One entry of the reference list with how the text cites it and the findings on it."""
        return self._kept("source", key, self._source)

    def _source(self, listed: m.SourceDetail) -> m.SourceDetail:
        source, key = listed.model_copy(), listed.key
        cited = [r["citation"] for r in self._select_bound("cited-as", "source", source.iri)]
        source.cited_as = []
        for row in self.select("citations", "citation", cited):
            if row["claim"] and row["part"] and self.source_key(row["source"]) == key:
                work = m.CitedWork(printed=row["partPrinted"], status=local_name(row["status"]), source=key)
                if work not in source.cited_as:
                    source.cited_as.append(work)
        source.findings = self.findings_by_focus.get(source.iri, [])
        return source

    def source_claims(self, key: str) -> m.SourceClaims | None:
        """What falls if the source is wrong: the claims resting on it, directly or through derived figures."""
        return self._kept("source-claims", key, self._source_claims)

    def _source_claims(self, source: m.SourceDetail) -> m.SourceClaims:
        found: dict[str, m.RestingClaim] = {}
        for r in self._select_bound("source-claims", "source", source.iri):
            cid = local_name(r["claim"]) or ""
            held = self.index.get(cid)
            entry = found.setdefault(
                cid,
                m.RestingClaim(
                    id=cid, iri=r["claim"], label=r["label"], document=held.document if held else None, via=r["via"]
                ),
            )
            if r["via"] == "direct":
                entry.via = "direct"
            if r["through"] and not any(t.iri == r["through"] for t in entry.through):
                entry.through.append(
                    m.Ref(id=local_name(r["through"]) or "", iri=r["through"], label=r["throughLabel"])
                )
        items = sorted(found.values(), key=lambda c: (c.via != "direct", c.id))
        direct = sum(c.via == "direct" for c in items)
        summary = m.SourceSummary(**source.model_dump(include=set(m.SourceSummary.model_fields)))
        return m.SourceClaims(
            source=summary, total=len(items), direct=direct, derived=len(items) - direct, claims=items
        )

    def _select_bound(self, name: str, variable: str, iri: str) -> list[dict[str, Any]]:
        return self.kb.store.select(queries.bind(queries.load(name), variable, [iri])).records()

    def source_key(self, iri: str | None) -> str | None:
        """The key of the reference with this IRI, or ``None``."""
        return self.source_keys.get(iri or "")

    def source_claims_in(self, key: str, document: str) -> m.SourceClaims | None:
        """The claims of one text (its IRI) resting on a source; ``None`` if no such source."""
        every = self.source_claims(key)
        if every is None:
            return None
        items = [c for c in every.claims if c.document == document]
        direct = sum(c.via == "direct" for c in items)
        return m.SourceClaims(
            source=every.source, total=len(items), direct=direct, derived=len(items) - direct, claims=items
        )

    def cached_json(self, kind: str, key: str) -> bytes | None:
        """The answer :meth:`json` gave before, if it is still cached; never asks the store."""
        return self._json.get((kind, key))

    def json(self, kind: str, key: str) -> bytes | None:
        """An answer as JSON bytes (``claim``, ``source``, ``source-claims``, ``stats``, ``sources``,
        ``documents``, ``document``, ``document-stats``), or ``None``; ``source-claims`` of one text
        is asked with ``key`` ``'<source key> <document IRI>'``."""
        body = self._json.get((kind, key))
        if body is not None:
            return body
        if kind == "sources":  # the reference list, without what only one source's answer has
            return self._json.put((kind, key), _SOURCE_LIST.dump_json(list(self.sources.values()), include=_SUMMARY))
        if kind == "documents":
            listed = [m.DocumentSummary(**d.model_dump(include=_DOCUMENT)) for d in self.documents.values()]
            return self._json.put((kind, key), _DOCUMENT_LIST.dump_json(listed))
        ask: dict[str, Callable[[str], Any]] = {
            "claim": self.claim,
            "source": self.source,
            "source-claims": lambda k: self.source_claims_in(*k.split(" ", 1)) if " " in k else self.source_claims(k),
            "stats": lambda _: self.stats,
            "document": self.documents.get,
            "document-stats": self.document_stats,
        }
        answer = ask[kind](key)
        return None if answer is None else self._json.put((kind, key), answer.model_dump_json().encode())

    # ------------------------------------------------------------ the list

    def filter_claims(
        self,
        *,
        document: str | None = None,
        source: str | None = None,
        topic: str | None = None,
        section: str | None = None,
        period_from: int | None = None,
        period_to: int | None = None,
        unit: str | None = None,
        rule: str | None = None,
        q: str | None = None,
    ) -> list[Entry]:
        """The claims that pass every filter given (each ``None`` filter lets everything through)."""
        chosen: Iterable[Entry] = self.index.values()
        if document is not None:
            iri = self.document_iri(document)
            chosen = [c for c in chosen if c.document == iri]
        if source is not None:
            ids = self.resting.get(source, set())
            chosen = [c for c in chosen if c.id in ids]
        if topic is not None:
            chosen = [c for c in chosen if topic in c.topics]
        if section is not None:  # its id, its IRI, or '<document id>/<section id>' as the statistics key it
            chosen = [
                c
                for c in chosen
                if c.section
                and section
                in (
                    local_name(c.section),
                    c.section,
                    f"{self.document_ids.get(c.document or '', '')}/{local_name(c.section)}",
                )
            ]
        if period_from is not None or period_to is not None:
            lo, hi = period_from if period_from is not None else -(10**6), period_to if period_to is not None else 10**6
            chosen = [
                c
                for c in chosen
                if c.start is not None and c.start <= hi and (c.end if c.end is not None else c.start) >= lo
            ]
        if unit is not None:
            wanted = unit.lower()
            chosen = [
                c
                for c in chosen
                if c.kind == "QuantityClaim"
                and wanted in ((local_name(c.unit_iri) or "").lower(), (c.unit_iri or "").lower())
            ]
        if rule is not None:
            chosen = [c for c in chosen if rule in c.rules]
        if q:
            found = self._searched(q.casefold())
            chosen = [c for c in chosen if c.id in found]
        return list(chosen)

    def _searched(self, needle: str) -> set[str]:
        """The ids of the claims whose label, quote, printed citation, population or id holds
        ``needle`` (casefolded). The texts of every claim are casefolded once, on the first
        search, into one string that ``str.find`` scans, instead of testing each entry's texts
        in Python (the measurements: ``docs/performance.md``)."""
        with self._text_lock:
            if self._text is None:
                texts, starts, at = [], [], 0
                for c in self.index.values():
                    text = "\0".join(t or "" for t in _searched_texts(c)).casefold()
                    starts.append(at)
                    texts.append(text)
                    at += len(text) + 1
                self._text = ("\n".join(texts), starts, list(self.index))
        text, starts, ids = self._text
        if "\0" in needle or "\n" in needle:  # the separators: no claim's texts hold them across fields
            return {
                c.id for c in self.index.values() if any(needle in (t or "").casefold() for t in _searched_texts(c))
            }
        found: set[str] = set()
        at = text.find(needle)
        while at >= 0:
            n = bisect_right(starts, at) - 1
            found.add(ids[n])
            end = starts[n + 1] if n + 1 < len(starts) else len(text)  # on to the next claim's texts
            at = text.find(needle, end)
        return found

    def summaries(self, entries: Iterable[Entry]) -> list[m.ClaimSummary]:
        """The list form of these claims, in their order."""
        entries = list(entries)
        details = self.details(e.id for e in entries)
        fields = set(m.ClaimSummary.model_fields)
        return [m.ClaimSummary(**details[e.id].model_dump(include=fields)) for e in entries if e.id in details]


def _searched_texts(entry: Entry) -> tuple[str | None, ...]:
    """What a text search looks in: a claim's label, quote, printed citation, population and id."""
    return entry.label, entry.quote, entry.citation, entry.population, entry.id
