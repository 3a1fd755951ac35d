"""Coverage: is every figure of a text a claim of the knowledge base, and is every claim still in the text?

A figure the knowledge base does not hold is an uncited figure the check cannot see. The
figures of the text are found as ``forcedmig-kb extract`` finds them
(:mod:`forcedmig_kb.extraction`); a figure is *held* when the quote of some claim, found in the
text (whitespace runs counting as one space), spans the figure's number. Two rules:

``unclaimed-figure``   (warning) a figure of the text that no claim's quote spans;
``quote-not-in-text``  (violation) a claim whose quote is not in the text (the text changed, or
                       the quote was mistyped).

The focus of an unclaimed figure is the text itself with an RFC 5147 fragment
(https://www.rfc-editor.org/rfc/rfc5147#section-3.2, ``#char=START,END`` in the collapsed text),
so a reviewed finding can name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import queries
from .checks.findings import Finding
from .extraction.drafting import Extraction
from .extraction.text import Collapsed, collapse
from .loading import KnowledgeBase

UNCLAIMED, NOT_IN_TEXT = "unclaimed-figure", "quote-not-in-text"


def occurrences(whole: str, exact: str) -> list[tuple[int, int]]:
    """Every span of ``whole`` (a collapsed text) at which the collapsed ``exact`` occurs.

    >>> occurrences("a b a b", "a  b")
    [(0, 3), (4, 7)]
    """
    quote = collapse(exact)
    out, at = [], whole.find(quote) if quote else -1
    while at >= 0:
        out.append((at, at + len(quote)))
        at = whole.find(quote, at + 1)
    return out


def in_whole(whole: Collapsed, flow: Collapsed, start: int, end: int) -> tuple[int, int] | None:
    """A flow's span as a span of the document's collapsed text (None when it is not contiguous there)."""
    index = _index(whole)
    a, b = index.get(flow.offset(start)), index.get(flow.offset(end - 1))
    return (a, b + 1) if a is not None and b is not None else None


_INDEXES: dict[int, dict[int, int]] = {}


def _index(whole: Collapsed) -> dict[int, int]:
    key = id(whole)
    if key not in _INDEXES or len(_INDEXES[key]) != len(whole.where):
        _INDEXES.clear()
        _INDEXES[key] = {orig: i for i, orig in enumerate(whole.where)}
    return _INDEXES[key]


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


def coverage_findings(kb: KnowledgeBase, ex: Extraction, text_path: Path) -> list[Finding]:
    """The unclaimed figures of the text and the claims whose quote is not in it."""
    whole = ex.document.whole.text
    rows = kb.store.select(queries.load("claim-quotes")).records()
    covered: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for row in rows:
        spans = occurrences(whole, row["exact"])
        covered += spans
        if not spans:
            findings.append(
                Finding(
                    rule=NOT_IN_TEXT,
                    severity="violation",
                    focus=row["claim"],
                    message=f"The claim's quote is not in {text_path.name}: the text changed, or the quote is not verbatim.",
                    fix="Copy the quote again from the text, character for character; or remove the claim if the text no longer makes it.",
                    quote=row["exact"],
                    citation=row["citation"] or "",
                    value=row["exact"],
                )
            )
    base = text_path.resolve().as_uri()
    for fig in text_figures(ex):
        if any(a <= fig.span[0] and fig.span[1] <= b for a, b in covered):
            continue
        findings.append(
            Finding(
                rule=UNCLAIMED,
                severity="warning",
                focus=f"{base}#char={fig.span[0]},{fig.span[1]}",
                message=f"The figure '{fig.printed}' of the text is in no claim of the knowledge base: the check cannot see it.",
                fix="Add a claim for it (forcedmig-kb extract drafts one), or mark the finding as reviewed if it is not a figure.",
                quote=fig.quote,
                value=fig.printed,
                file=_display(text_path),
                line=fig.line,
            )
        )
    return findings


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
