"""The research API's answers, as pydantic models (the web API's OpenAPI schema at ``/docs`` is made from them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..checks.findings import Finding


class Ref(BaseModel):
    """Another resource: its short id, its IRI and a label."""

    id: str
    iri: str
    label: str | None = None


class Figure(BaseModel):
    """A claim's figure: the value with its scale applied, and how it is printed."""

    value: float | None = Field(None, description="qudt:numericValue, the printed scale applied")
    printed: str | None = Field(None, description="the value as printed (fm:printedValue)")
    scale: str | None = Field(None, description="the printed scale word (fm:printedScale)")
    unit: str | None = Field(None, description="the unit's local name (qudt:unit), e.g. PERCENT or USD")
    unit_iri: str | None = None
    hedge: str | None = Field(None, description="the hedge word's concept (fm:hedge), e.g. nearly")
    lower: float | None = Field(None, description="lower bound implied by the hedge")
    upper: float | None = Field(None, description="upper bound implied by the hedge")


class Period(BaseModel):
    """The reference period of a figure or event (years), and how it was established."""

    start: int | None = None
    end: int | None = None
    label: str | None = None
    basis: str | None = Field(None, description="periodStated, periodImpliedByCitation or periodImpliedByText")


class CitedWork(BaseModel):
    """One work a printed citation names, matched against the reference list."""

    printed: str | None = None
    status: str | None = Field(None, description="exactMatch, misdated, ambiguous, authorMismatch or unresolved")
    source: str | None = Field(None, description="the key of the reference it resolves to")


class Citation(BaseModel):
    """An in-text citation as printed, and the works it names."""

    iri: str
    printed: str
    works: list[CitedWork] = Field(default_factory=list)


class ClaimSummary(BaseModel):
    """A claim in a list."""

    id: str
    iri: str
    kind: Literal["QuantityClaim", "EventClaim"]
    label: str | None = None
    figure: Figure | None = None
    period: Period | None = None
    section: Ref | None = None
    document: str | None = Field(None, description="the IRI of the text it is quoted from (prov:wasQuotedFrom)")
    topics: list[str] = Field(default_factory=list)
    quote: str | None = None
    citation: str | None = Field(None, description="the citation as printed in the text")
    sources: list[str] = Field(default_factory=list, description="keys of the primary sources")
    findings: list[str] = Field(default_factory=list, description="rules of the check's findings on it")


class Derivation(BaseModel):
    """A claim in a derivation chain."""

    id: str
    iri: str
    label: str | None = None
    direct: bool = Field(description="derived directly (one prov:wasDerivedFrom step), not through other figures")


class Input(BaseModel):
    claim: Ref
    role: str | None = None


class Calculation(BaseModel):
    """How a derived figure is computed."""

    operation: str | None = None
    inputs: list[Input] = Field(default_factory=list)
    unstated_inputs: list[str] = Field(default_factory=list)


class ClaimDetail(ClaimSummary):
    """Everything about one claim."""

    population: str | None = None
    area: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    resolved_sources: list[Ref] = Field(
        default_factory=list, description="the primary sources, with their reference lines"
    )
    derived_from: list[Derivation] = Field(
        default_factory=list, description="figures it is computed from, transitively"
    )
    derived_into: list[Derivation] = Field(default_factory=list, description="figures computed from it, transitively")
    calculation: Calculation | None = None
    finding_details: list[Finding] = Field(default_factory=list)


class ClaimPage(BaseModel):
    """One page of claims."""

    total: int
    offset: int
    limit: int
    items: list[ClaimSummary]


class SourceSummary(BaseModel):
    """An entry of the reference list."""

    key: str
    iri: str
    type: str
    year: int | None = None
    year_suffix: str | None = None
    title: str
    authors: list[str] = Field(default_factory=list)
    reference: str | None = Field(None, description="the reference line")
    claims_direct: int = Field(0, description="claims that name it as primary source")
    claims_resting: int = Field(0, description="claims that rest on it directly or through derived figures")


class SourceDetail(SourceSummary):
    cited_as: list[CitedWork] = Field(default_factory=list, description="how the text cites it, with the match status")
    findings: list[Finding] = Field(default_factory=list)


class RestingClaim(BaseModel):
    """A claim that rests on a source."""

    id: str
    iri: str
    label: str | None = None
    document: str | None = Field(None, description="the IRI of the text it is quoted from")
    via: Literal["direct", "derived"]
    through: list[Ref] = Field(
        default_factory=list, description="for a derived claim: the figures it is derived from that cite the source"
    )


class SourceClaims(BaseModel):
    """What falls if a source is wrong: the claims resting on it."""

    source: SourceSummary
    total: int
    direct: int
    derived: int
    claims: list[RestingClaim]


class Stats(BaseModel):
    """Counts of the whole knowledge base, or of one text (``/stats?document=``)."""

    claims: int
    quantity_claims: int
    event_claims: int
    citations: int
    references: int = Field(description="entries of the reference lists (of one text: those its claims name)")
    triples: int = Field(description="triples of the whole knowledge base")
    sources_cited: int = Field(description="references some claim rests on")
    findings: dict[str, int] = Field(description="active findings by severity")
    findings_by_rule: dict[str, int]
    claims_by_topic: dict[str, int]
    claims_by_section: dict[str, int] = Field(
        description="claims by section id; when the knowledge base holds several texts (and one text is not "
        "asked for), by '<document id>/<section id>', so that the sections of different texts stay apart"
    )


class DocumentSummary(BaseModel):
    """A text of the knowledge base, with counts."""

    id: str = Field(description="the document id (dcterms:identifier), e.g. delgado-wise-2019")
    iri: str
    title: str | None = None
    year: int | None = None
    claims: int = Field(0, description="claims quoted from it")
    citations: int = Field(0, description="its in-text citations (cito:hasCitingEntity)")
    references: int = Field(0, description="references its claims rest on (prov:hadPrimarySource)")
    findings: int = Field(0, description="active findings on its claims, citations and sections")


class DocumentDetail(DocumentSummary):
    """One text: its counts, its sections in order, its active findings by rule."""

    sections: list[Ref] = Field(default_factory=list, description="its sections (of its claims), in the text's order")
    findings_by_rule: dict[str, int] = Field(default_factory=dict)
