"""Drafts as RDF in the vocabulary of ``data/claims.ttl``: :func:`draft_graph` and :func:`serialize`.

Claims, the document and its sections, every in-text citation as printed and the bibliography it
resolved against, each marked ``fm:draft true`` until a curator reviews it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..namespaces import (
    CITO,
    CUR,
    DCAT,
    DCTERMS,
    DOC,
    DOCO,
    FABIO,
    FM,
    OA,
    PREFIXES,
    PROV,
    QUDT,
    RDFS,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    UNIT,
)
from ..reference_rdf import references_graph
from .roles import SOURCED
from .units import CURRENCIES, MEASURES

if TYPE_CHECKING:
    from .drafts import Extraction

_UNITS = {
    "NUM": UNIT.NUM,
    "PERCENT": UNIT.PERCENT,
    "FRACTION": UNIT.FRACTION,
    "UNITLESS": UNIT.UNITLESS,
    "YR": UNIT.YR,
}
_UNITS.update({code: CUR[code] for code in CURRENCIES.values()})
_UNITS.update({code: UNIT[code] for code in (*(code for _, code in MEASURES), "DECADE")})


def draft_graph(ex: Extraction, *, source_name: str = "") -> Graph:
    """The extraction as RDF: document, sections, draft claims, in-text citations, bibliography."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    u = URIRef
    doc = u(ex.doc_iri)
    g.add((doc, RDF.type, u(FABIO.Expression)))
    g.add((doc, u(DCTERMS.identifier), Literal(ex.doc_id)))
    if ex.document.title:
        g.add((doc, u(DCTERMS.title), Literal(ex.document.title)))
    if ex.document.year:
        g.add((doc, u(FABIO.hasPublicationYear), Literal(f"{ex.document.year:04d}", datatype=XSD.gYear)))
    g.add(
        (
            doc,
            u(DCTERMS.description),
            Literal(
                f"Claims drafted by forcedmig-kb extract{' from ' + source_name if source_name else ''}; "
                "every claim marked fm:draft awaits review."
            ),
        )
    )
    sections = {}
    for s in ex.document.sections:
        iri = sections[id(s)] = u(DOC[f"{ex.doc_id}/section/{s.slug}"])
        g.add((iri, RDF.type, u(DOCO.Section)))
        g.add((iri, u(DCTERMS.isPartOf), doc))
        g.add((iri, u(FABIO.hasSequenceIdentifier), Literal(str(s.seq))))
        g.add((iri, u(DCTERMS.title), Literal(s.title)))

    def target(node: URIRef, exact: str, prefix: str | None) -> None:
        t, sel = BNode(), BNode()
        g.add((node, u(OA.hasTarget), t))
        g.add((t, RDF.type, u(OA.SpecificResource)))
        g.add((t, u(OA.hasSource), doc))
        g.add((t, u(OA.hasSelector), sel))
        g.add((sel, RDF.type, u(OA.TextQuoteSelector)))
        g.add((sel, u(OA.exact), Literal(exact)))
        if prefix:
            g.add((sel, u(OA.prefix), Literal(prefix)))

    whole = ex.document.whole.text
    for c in ex.citations:
        node = u(c.iri)
        g.add((node, RDF.type, u(FM.InTextCitation)))
        g.add((node, u(FM.asPrinted), Literal(c.as_printed)))
        g.add((node, u(CITO.hasCitingEntity), doc))
        kind = (
            "citesAsDataSource" if c.covers else "includesQuotationFrom" if c.found.quotation else "citesForInformation"
        )
        g.add((node, u(CITO.hasCitationCharacterization), u(CITO[kind])))
        g.add((node, u(FM.inSection), sections[id(c.section)]))
        g.add((node, u(FM.draft), Literal(True)))
        exact = _opening(c.exact)
        target(node, exact, quote_prefix(c.flow.text, c.found.start, whole, exact, always=True))

    for d in ex.drafts:
        node = u(d.iri)
        g.add((node, RDF.type, u(FM.QuantityClaim if d.kind == "quantity" else FM.EventClaim)))
        g.add((node, u(RDFS.label), Literal(d.label)))
        if d.quantity is not None:
            q = d.quantity
            g.add((node, u(QUDT.numericValue), Literal(float(q.value), datatype=XSD.double)))
            g.add((node, u(FM.printedValue), Literal(q.printed_value)))
            if q.printed_scale:
                g.add((node, u(FM.printedScale), Literal(q.printed_scale)))
            if q.mult is not None:
                g.add((node, u(SDMX_ATTRIBUTE.unitMult), Literal(q.mult)))
            g.add((node, u(QUDT.unit), u(_UNITS[q.unit])))
            if q.hedge:
                g.add((node, u(FM.hedge), u(FM[q.hedge])))
            if q.lower is not None:
                g.add((node, u(QUDT.lowerBound), Literal(float(q.lower), datatype=XSD.double)))
            if q.upper is not None:
                g.add((node, u(QUDT.upperBound), Literal(float(q.upper), datatype=XSD.double)))
        if d.period is not None:
            p = BNode()
            g.add((node, u(SDMX_DIMENSION.refPeriod), p))
            g.add((p, RDF.type, u(DCTERMS.PeriodOfTime)))
            g.add((p, u(RDFS.label), Literal(d.period.label)))
            for pred, value in ((DCAT.startDate, d.period.start), (DCAT.endDate, d.period.end)):
                if value:
                    g.add((p, u(pred), Literal(value, datatype=_date_type(value))))
            assert d.basis is not None  # set with every period (drafting)
            g.add((node, u(FM.periodBasis), u(FM[d.basis])))
        if d.forecast:
            g.add((node, u(FM.forecast), Literal(True)))
        if d.cue:
            g.add((node, u(FM.presentedAsCurrent), Literal(True)))
            g.add((node, u(FM.currencyCue), Literal(d.cue)))
        if d.attributed and d.citation is None:
            g.add((node, u(FM.attributedTo), Literal(d.attributed)))
        if d.role != SOURCED and d.kind == "quantity":
            g.add((node, u(FM.figureRole), u(FM[d.role])))
        g.add((node, u(FM.inSection), sections[id(d.section)]))
        g.add((node, u(PROV.wasQuotedFrom), doc))
        target(node, d.exact, quote_prefix(d.flow.text, d.quote[0], whole, d.exact))
        if d.citation is not None:
            g.add((node, u(FM.citation), u(d.citation.iri)))
            for m in d.citation.matches:
                for ref in m.resolved:
                    g.add((node, u(PROV.hadPrimarySource), u(ref.iri)))
        if d.part_of is not None:
            g.add((node, u(FM.partOf), u(d.part_of.iri)))
        if d.operation:
            calc = BNode()
            g.add((node, u(PROV.wasGeneratedBy), calc))
            g.add((calc, RDF.type, u(FM.Calculation)))
            g.add((calc, u(FM.operation), u(FM[d.operation])))
            for other, role in d.inputs:
                usage = BNode()
                g.add((node, u(PROV.wasDerivedFrom), u(other.iri)))
                g.add((calc, u(PROV.qualifiedUsage), usage))
                g.add((usage, RDF.type, u(PROV.Usage)))
                g.add((usage, u(PROV.entity), u(other.iri)))
                g.add((usage, u(PROV.hadRole), u(FM[role])))
        g.add((node, u(FM.draft), Literal(True)))

    g += references_graph(ex.references)
    if ex.references_from_text:
        for ref in ex.references:
            g.add((u(ref.iri), u(FM.draft), Literal(True)))
    return g


def _date_type(value: str) -> URIRef:
    return {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)


#: the longest quote a selector keeps (the shapes' QuoteLength)
MAX_QUOTE = 300


def _opening(exact: str) -> str:
    """A citation's quote kept within :data:`MAX_QUOTE` characters: a long list of works is quoted up to
    the last ';' that fits (still verbatim, and still where the citation starts).

    >>> quote = _opening("(" + "; ".join(f"Author{i} et al., 2019" for i in range(20)) + ")")
    >>> len(quote) <= MAX_QUOTE, quote[-21:]
    (True, 'Author12 et al., 2019')
    """
    if len(exact) <= MAX_QUOTE:
        return exact
    cut = exact.rfind(";", 0, MAX_QUOTE)
    return exact[: cut if cut > 0 else MAX_QUOTE].rstrip()


def quote_prefix(flow_text: str, start: int, whole: str, exact: str, *, always: bool = False) -> str | None:
    """A few words before a quote, when the quote alone is found more than once (or ``always``)."""
    if not always and whole.count(exact) <= 1:
        return None
    before = flow_text[max(0, start - 40) : start]
    words = before.split(" ")
    prefix = " ".join(words[1:]) if len(words) > 1 and len(before) == 40 else before
    return prefix if prefix.strip() and prefix + exact in whole else None


FORMATS: dict[str, tuple[str, dict[str, Any]]] = {
    "turtle": ("turtle", {}),
    "json": ("json-ld", {"context": PREFIXES, "indent": 2}),
}


def serialize(ex: Extraction, fmt: str, *, source_name: str = "") -> str:
    """The drafts as Turtle or JSON-LD (``fmt``: ``turtle`` or ``json``); both load with ``check``."""
    name, options = FORMATS[fmt]
    return draft_graph(ex, source_name=source_name).serialize(format=name, **options)
