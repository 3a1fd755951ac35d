"""The research index: one compact :class:`Entry` per claim, the reference list, what rests on each source.

The index holds what the research API's list route filters, sorts and pages and what the
statistics count; the detail of a claim or a source is asked of the store when requested
(:mod:`.answers`). It is made from the store (named queries ``sources`` and ``lineage``, and
:func:`claim_rows`) and, for an on-disk or remote store, saved as :data:`INDEX` with what it
depends on (:mod:`forcedmig_kb.derived`), then read back while the store holds the same corpus.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import queries
from ..derived import load_beside, save_beside
from ..loading import KnowledgeBase
from ..namespaces import RDF, local_name, sparql_prologue
from ..progress import progress_bar
from ..settings import Settings
from ..store import Store, Term
from ..store.protocol import XSD_STRING
from . import models as m

#: The name of the saved index (:mod:`forcedmig_kb.derived`).
INDEX = "fmkb-index.json"


def as_number(value: Any) -> float | None:
    """A claim row's numeric value as a float; ``None`` for anything else (a boolean too)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def as_year(value: Any) -> int | None:
    """A claim row's year (an ``int``, as ``Term.python`` gives a ``gYear``), else ``None``."""
    return value if isinstance(value, int) else None


def split_joined(value: str | None) -> list[str]:
    """The IRIs of a claim row's space-joined column (``topics``, ``sources``, ``citations``)."""
    return (value or "").split()


@dataclass(slots=True)
class Entry:
    """What the index keeps of a claim: what the list route filters and sorts on, nothing more."""

    id: str
    iri: str
    kind: str
    label: str | None
    value: float | None
    start: int | None
    end: int | None
    unit_iri: str | None
    section: str | None
    section_label: str | None
    topics: tuple[str, ...]
    quote: str | None
    citation: str | None
    population: str | None
    document: str | None
    sources: tuple[str, ...]  # keys of its primary sources
    citations: tuple[str, ...]  # IRIs of the in-text citations it carries
    derived: bool = False  # computed from other figures
    rules: tuple[str, ...] = ()  # rules of the findings on it or on its citations
    findings: int = 0  # how many


Index = tuple[dict[str, m.SourceDetail], dict[str, Entry], dict[str, set[str]]]


def load_or_build(kb: KnowledgeBase, settings: Settings) -> Index:
    """The reference list, the index and what rests on each source: the ones saved for ``kb``'s
    store if they still hold, else asked of the store (and saved)."""
    saved = load_beside(kb, settings, INDEX)
    if saved is not None:
        return _from_saved(saved)
    with progress_bar("starting: the research API's index", total=3) as advance:
        built = _build_index(kb, advance)
    save_beside(kb, settings, INDEX, _to_saved(*built))
    return built


def _build_index(kb: KnowledgeBase, advance: Callable[[int], None]) -> Index:
    """The reference list, one entry per claim, and what rests on each source, asked of the store."""

    def select(name: str) -> list[dict[str, Any]]:
        rows = kb.store.select(queries.load(name)).records()
        advance(1)
        return rows

    sources = _sources(select("sources"))
    source_keys = {s.iri: s.key for s in sources.values()}
    index = _index(claim_rows(kb.store, INDEX_FIELDS), source_keys)
    advance(1)

    # What rests on each source: the claims naming it, and every claim derived from one of those.
    resting: dict[str, set[str]] = {key: set() for key in sources}
    direct: Counter[str] = Counter()
    for entry in index.values():
        for key in entry.sources:
            if key in resting:
                resting[key].add(entry.id)
                direct[key] += 1
    for row in select("lineage"):
        child, ancestor = index.get(local_name(row["claim"]) or ""), index.get(local_name(row["ancestor"]) or "")
        if child is None or ancestor is None:
            continue
        child.derived = True
        for key in ancestor.sources:
            if key in resting:
                resting[key].add(child.id)
    for key, source in sources.items():
        source.claims_direct, source.claims_resting = direct[key], len(resting[key])
    return sources, index, resting


def _to_saved(sources: dict[str, m.SourceDetail], index: dict[str, Entry], resting: dict[str, set[str]]) -> dict:
    fields = [f for f in Entry.__slots__ if f not in ("rules", "findings")]  # those come from the report
    return {
        "sources": [s.model_dump() for s in sources.values()],
        "fields": fields,
        "entries": [[getattr(e, f) for f in fields] for e in index.values()],
        "resting": {key: sorted(ids) for key, ids in resting.items()},
    }


def _from_saved(data: dict) -> Index:
    sources = {row["key"]: m.SourceDetail(**row) for row in data["sources"]}
    index = {}
    for row in data["entries"]:
        values = dict(zip(data["fields"], row))
        for name in ("topics", "sources", "citations"):
            values[name] = tuple(values[name])
        index[values["id"]] = Entry(**values)
    return sources, index, {key: set(ids) for key, ids in data["resting"].items()}


def _sources(rows: list[dict[str, Any]]) -> dict[str, m.SourceDetail]:
    sources: dict[str, m.SourceDetail] = {}
    for row in rows:
        key = row["key"]
        if key not in sources:
            sources[key] = m.SourceDetail(
                key=key,
                iri=row["source"],
                type=row["type"],
                year=as_year(row["year"]),
                year_suffix=row["yearSuffix"],
                title=row["title"],
                reference=row["reference"],
            )
        if row["author"] and row["author"] not in sources[key].authors:
            sources[key].authors.append(row["author"])
    return sources


#: Every field of named query ``claims`` (its columns after ``claim`` and ``kind``, in order) and
#: the path from the claim to it; the four of many values are joined as ``claims`` joins them.
CLAIM_FIELDS: dict[str, str] = {
    "label": "rdfs:label",
    "value": "qudt:numericValue",
    "printedValue": "fm:printedValue",
    "printedScale": "fm:printedScale",
    "unit": "qudt:unit",
    "hedge": "fm:hedge",
    "lower": "qudt:lowerBound",
    "upper": "qudt:upperBound",
    "periodStart": "sdmx-dimension:refPeriod/dcat:startDate",
    "periodEnd": "sdmx-dimension:refPeriod/dcat:endDate",
    "periodLabel": "sdmx-dimension:refPeriod/rdfs:label",
    "periodBasis": "fm:periodBasis",
    "area": "sdmx-dimension:refArea",
    "population": "fm:population",
    "section": "fm:inSection",
    "sectionTitle": "fm:inSection/dcterms:title",
    "sectionNumber": "fm:inSection/fabio:hasSequenceIdentifier",
    "quote": "oa:hasTarget/oa:hasSelector/oa:exact",
    "document": "prov:wasQuotedFrom",
    "topics": "dcterms:subject",
    "citation": "fm:citation/fm:asPrinted",
    "sources": "prov:hadPrimarySource",
    "citations": "fm:citation",
}
_JOINED = {"topics": " ", "sources": " ", "citations": " ", "citation": "; "}
#: The fields the index keeps.
INDEX_FIELDS = (
    "label",
    "value",
    "unit",
    "periodStart",
    "periodEnd",
    "population",
    "section",
    "sectionTitle",
    "sectionNumber",
    "quote",
    "document",
    "topics",
    "citation",
    "sources",
    "citations",
)


def claim_rows(
    store: Store, fields: Iterable[str] = tuple(CLAIM_FIELDS), *, lexical: bool = False
) -> list[dict[str, Any]]:
    """Every claim as a row of named query ``claims`` (``fields`` of it), asked one path at a time
    and put together here, in the text's order; values as Python values, or with ``lexical`` as
    the strings the SPARQL CSV results format writes.

    The ``claims`` query groups every claim of the store inside the store, in memory that grows
    with the store; one path at a time, each answer streams through an index of the store and
    nothing is grouped there. A store of this process writes each answer as SPARQL CSV results
    itself (with each value's datatype beside it), which Python's ``csv`` reads: no Python object
    per term of the answer (the measurements: ``docs/performance.md``). A field with several
    values keeps the first in the store's order (``SAMPLE``).
    """
    prologue = sparql_prologue("rdfs", "qudt", "sdmx-dimension", "dcat", "fm", "dcterms", "fabio", "oa", "prov")
    fields = list(fields)
    ask = _terms if store.remote else _written
    rows: dict[str, dict[str, Any]] = {}
    kinds = "SELECT ?claim ?value WHERE { VALUES ?value { fm:QuantityClaim fm:EventClaim } ?claim a ?value }"
    for claim, kind, _ in ask(store, prologue + kinds, lexical=True):
        rows.setdefault(claim, {"claim": claim, "kind": kind, **dict.fromkeys(fields)})
    for name in fields:
        joined = _JOINED.get(name)
        values: dict[str, list[str]] = {}
        query = f"{prologue}SELECT ?claim ?value WHERE {{ ?claim {CLAIM_FIELDS[name]} ?value }}"
        for claim, value, plain in ask(store, query, lexical=lexical or joined is not None):
            record = rows.get(claim)
            if record is None:
                continue
            if joined is None:
                if record[name] is None:
                    record[name] = value
            else:
                seen = values.setdefault(claim, [])
                if plain not in seen:
                    seen.append(plain)
        for claim, seen in values.items():
            rows[claim][name] = joined.join(seen) if joined else None
    return in_text_order(list(rows.values()))


#: The answer of ``SELECT ?claim ?value`` as (the claim's IRI, its value as ``claim_rows`` keeps
#: it, the value's string as a joined field keeps it).
_Answer = Iterator[tuple[str, Any, str]]


def _terms(store: Store, query: str, *, lexical: bool) -> _Answer:
    """The answer as the store's terms (a remote store: each server writes CSV its own way)."""
    for subject, value in store.select(query):
        if subject is not None and value is not None:
            yield subject.value, (_lexical(value) if lexical else value.python()), value.value


def _lexical(term: Term) -> str:
    return f"_:{term.value}" if term.kind == "bnode" else term.value


_TYPED = "SELECT ?claim ?value (DATATYPE(?value) AS ?type) WHERE"
_STRINGS = {XSD_STRING, RDF + "langString"}


def _written(store: Store, query: str, *, lexical: bool) -> _Answer:
    """The answer as SPARQL CSV results (RFC 4180; https://www.w3.org/TR/sparql11-results-csv-tsv/)
    written by the store, with each value's datatype (none: an IRI, or a blank node ``_:label``).

    >>> from forcedmig_kb.store import OxigraphStore
    >>> s = OxigraphStore()
    >>> s.load(b'<http://ex/a> <http://ex/v> 1.5 . <http://ex/b> <http://ex/v> "x, y" . <http://ex/c> <http://ex/v> _:n .',
    ...        format="text/turtle", graph="http://ex/g")
    >>> sorted(_written(s, "SELECT ?claim ?value WHERE { ?claim <http://ex/v> ?value }", lexical=False))[:2]
    [('http://ex/a', 1.5, '1.5'), ('http://ex/b', 'x, y', 'x, y')]
    """
    body = store.answer(query.replace("SELECT ?claim ?value WHERE", _TYPED, 1), media_type="text/csv")
    lines = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    next(lines, None)  # the header: claim,value,type
    for subject, value, datatype in lines:
        if not datatype and value.startswith("_:"):  # a blank node (an IRI has a scheme)
            yield subject, (value if lexical else value[2:]), value[2:]
        elif lexical or not datatype or datatype in _STRINGS:
            yield subject, value, value
        else:
            yield subject, Term("literal", value, datatype).python(), value


def in_text_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claim rows by section number, then claim IRI.

    Sorted here, not only by the query: stores break ties and compare samples differently."""
    return sorted(rows, key=lambda r: (str(r.get("sectionNumber") or ""), r["claim"]))


def _index(rows: list[dict[str, Any]], source_keys: dict[str, str]) -> dict[str, Entry]:
    index: dict[str, Entry] = {}
    intern: dict[str, str] = {}  # topics, sections, units and kinds repeat: keep one string of each

    def same(value: str | None) -> str | None:
        return None if value is None else intern.setdefault(value, value)

    for r in in_text_order(rows):
        cid = local_name(r["claim"]) or ""
        citations = tuple(split_joined(r["citations"]))
        index[cid] = Entry(
            id=cid,
            iri=r["claim"],
            kind=same(local_name(r["kind"])) or "",
            label=r["label"],
            value=as_number(r["value"]),
            start=as_year(r["periodStart"]),
            end=as_year(r["periodEnd"]),
            unit_iri=same(r["unit"]),
            section=same(r["section"]),
            section_label=same(r["sectionTitle"]),
            topics=tuple(sorted(same(local_name(t)) or "" for t in split_joined(r["topics"]))),
            quote=r["quote"],
            citation=r["citation"] or None,
            population=r["population"],
            document=same(r["document"]),
            sources=tuple(
                sorted(same(source_keys.get(s, local_name(s) or "")) or "" for s in split_joined(r["sources"]))
            ),
            citations=citations,
        )
    return index
