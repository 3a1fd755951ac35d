"""The drafts :func:`~.drafting.extract` makes of a text: a figure as printed (:class:`Quantity`), a claim
(:class:`Draft`), an in-text citation (:class:`Citation`), and what the extraction read (:class:`Extraction`), the
model every step from drafting to the curation sheet and the graph shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..bibliography import Match
from ..bibtex import Reference
from ..namespaces import DOC
from .dates import DateMention, Period
from .document import Document, Section
from .intext import InTextCitation
from .quotes import STRIP
from .text import Collapsed


@dataclass(slots=True)
class Quantity:
    """A figure printed in the text: ``start``/``end`` span its print with its hedge."""

    start: int
    end: int
    core: tuple[int, int]
    kind: str
    value: float
    unit: str  # local name: NUM, PERCENT, FRACTION, UNITLESS, YR, or a currency code
    printed_value: str
    printed_scale: str = ""
    mult: int | None = None
    hedge: str | None = None
    lower: float | None = None
    upper: float | None = None
    printed: str = field(default="")


@dataclass(eq=False)
class Draft:
    """One drafted claim: a quantity or a dated event, with its quote, period and citation."""

    kind: str  # quantity | event
    section: Section
    flow: Collapsed
    start: int  # the figure's span in the flow
    end: int
    quote: tuple[int, int]  # the quote's span in the flow
    quantity: Quantity | None = None
    date: DateMention | None = None
    period: Period | None = None
    basis: str | None = None  # periodStated | periodImpliedByText | periodImpliedByCitation
    cue: str | None = None
    forecast: bool = False  # stated as a forecast or projection (extraction.roles.states_forecast)
    citation: Citation | None = None
    part_of: Draft | None = None
    attributed: str | None = None  # a source named in prose, without a reference
    role: str = "sourced"  # sourced | ownResult | hypothetical | commonKnowledge (extraction.roles)
    operation: str | None = None
    inputs: list[tuple[Draft, str]] = field(default_factory=list)
    iri: str = ""

    @property
    def printed(self) -> str:
        return self.flow.text[self.start : self.end]

    @property
    def amount(self) -> Quantity:
        """The quantity of a quantity draft (an event draft has none)."""
        assert self.quantity is not None, f"{self.kind} draft without a quantity"
        return self.quantity

    @property
    def exact(self) -> str:
        return self.flow.text[self.quote[0] : self.quote[1]]

    @property
    def line(self) -> int:
        return self.flow.line_of(self.start)

    @property
    def label(self) -> str:
        if self.kind == "event":
            words = self.exact.split()
            snippet = " ".join(words[:12]) + (" ..." if len(words) > 12 else "")
            when = self.period.label if self.period else ""
            return snippet if snippet.lower().startswith(when.lower()) else f"{when}: {snippet}"
        after = re.split(r"[,;:()—]|\.\s", self.flow.text[self.end : self.quote[1]], maxsplit=1)[0]
        tail = " ".join(after.split()[:6])
        return (self.printed + ("" if after.startswith("-") else " ") + tail).strip(STRIP)


@dataclass(eq=False)
class Citation:
    """One in-text citation of the text, and how its works matched the bibliography."""

    found: InTextCitation
    section: Section
    flow: Collapsed
    matches: list[Match]
    covers: list[Draft] = field(default_factory=list)
    iri: str = ""

    @property
    def as_printed(self) -> str:
        return self.found.as_printed

    @property
    def exact(self) -> str:
        return self.flow.text[self.found.start : self.found.end]

    @property
    def line(self) -> int:
        return self.flow.line_of(self.found.start)


@dataclass
class Extraction:
    """What :func:`extract` read: the document, drafts, citations and the bibliography used."""

    document: Document
    doc_id: str
    drafts: list[Draft]
    citations: list[Citation]
    references: list[Reference]
    references_from_text: bool
    not_understood: list[tuple[int, str]] = field(default_factory=list)

    @property
    def doc_iri(self) -> str:
        return DOC[self.doc_id]
