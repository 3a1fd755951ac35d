"""Drafts held against reference claims: recall, precision, and the citation statuses of both.

A draft *matches* a reference claim (a curated claim of ``data/``, or a figure a test document's
sidecar expects) when their quotes overlap in the text (whitespace runs counting as one space)
and their figures agree: values within 0.5 percent ('one out of every seven and a half' is
0.1333), or, for dated events, the same start of period. Recall is the share of reference
claims some draft matches; precision the share of drafts that match some reference claim.

>>> overlaps([(0, 10)], [(5, 20)]), same_value(0.1333, 1 / 7.5)
(True, True)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import queries
from ..coverage import in_whole, occurrences
from ..extraction.drafts import Extraction
from ..loading import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claim as the evaluation sees it: where its quote is, and its figure."""

    iri: str
    exact: str
    spans: tuple[tuple[int, int], ...]
    value: float | None
    start: str | None
    citation: str


def overlaps(a, b) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= 0.005 * max(abs(a), abs(b)) + 1e-12


def agree(x: Claimed, y: Claimed) -> bool:
    """Same figure at an overlapping place."""
    if not overlaps(x.spans, y.spans):
        return False
    if x.value is not None or y.value is not None:
        return same_value(x.value, y.value)
    return x.start is not None and str(x.start) == str(y.start)


def claims_of(kb: KnowledgeBase, whole: str) -> list[Claimed]:
    """Every claim of a knowledge base, located in a (collapsed) text."""
    out = []
    for row in kb.store.select(queries.load("claim-quotes")).records():
        value = row["value"] if row["kind"] == "quantity" else None
        out.append(
            Claimed(
                row["claim"],
                row["exact"],
                tuple(occurrences(whole, row["exact"])),
                float(value) if value is not None else None,
                str(row["start"]) if row["start"] is not None else None,
                row["citation"] or "",
            )
        )
    return out


@dataclass
class Score:
    """Recall and precision of drafts against reference claims, with what did not match."""

    reference: int
    drafts: int
    recalled: int
    precise: int
    missed: list[Claimed] = field(default_factory=list)
    extra: list[Claimed] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.recalled / self.reference if self.reference else 1.0

    @property
    def precision(self) -> float:
        return self.precise / self.drafts if self.drafts else 1.0


def score(drafts: list[Claimed], reference: list[Claimed]) -> Score:
    missed = [r for r in reference if not any(agree(d, r) for d in drafts)]
    extra = [d for d in drafts if not any(agree(d, r) for r in reference)]
    return Score(len(reference), len(drafts), len(reference) - len(missed), len(drafts) - len(extra), missed, extra)


def citation_statuses(kb: KnowledgeBase) -> Counter:
    """How each printed citation matched its bibliography: a multiset of (printed, statuses)."""
    rows = kb.store.select("""
        PREFIX fm: <https://w3id.org/forcedmig/ontology/>
        SELECT ?c ?printed (GROUP_CONCAT(STRAFTER(STR(?status), "/ontology/"); separator=" ") AS ?statuses)
        WHERE { ?c a fm:InTextCitation ; fm:asPrinted ?printed ; fm:hasPart ?part . ?part fm:matchStatus ?status }
        GROUP BY ?c ?printed""").records()
    return Counter((r["printed"], " ".join(sorted(r["statuses"].split()))) for r in rows)


@dataclass(slots=True)
class TextFigure:
    """A figure of the text: its number's span in the collapsed text, where it is, what it says."""

    span: tuple[int, int]
    line: int
    printed: str
    quote: str


def text_figures(ex: Extraction) -> list[TextFigure]:
    """The figures of an extraction, located in the document's collapsed text."""
    out = []
    for d in ex.drafts:
        core = d.quantity.core if d.quantity is not None else (d.start, d.end)
        span = in_whole(ex.document.whole, d.flow, *core)
        if span is not None:
            out.append(TextFigure(span, d.flow.line_of(core[0]), d.printed, d.exact))
    return out
