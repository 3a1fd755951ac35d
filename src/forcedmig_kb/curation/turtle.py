"""The claims of an imported sheet written as Turtle, in the vocabulary of data/claims.ttl.

:func:`claims_turtle` writes the document, its sections, its in-text citations and every
validated claim (:class:`~.validation.SheetClaim`); :data:`EMPTY_REVIEWS` starts a text's
``reviews.ttl``.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import XSD

from ..bibtex import Reference
from ..extraction.drafts import Extraction
from ..extraction.graph import draft_graph
from ..namespaces import (
    CITATION,
    CLAIM,
    DCAT,
    DCTERMS,
    FM,
    OA,
    PREFIXES,
    PROV,
    QUDT,
    RDFS,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SOURCE,
)
from ..reference_rdf import references_graph
from .sheet import BASES, SHEET_NAME
from .validation import SheetClaim, Vocabulary, lookup

EMPTY_REVIEWS = """# Reviewed findings of {doc}: findings of `forcedmig-kb check` that are facts of the text, not
# errors of the data. One fm:ReviewedFinding each, with fm:rule, fm:focus and fm:reason (README, "Reviews").

@prefix fm: <https://w3id.org/forcedmig/ontology/> .
@prefix claim: <https://w3id.org/forcedmig/claim/> .
"""


def claims_turtle(
    ex: Extraction, claims: list[SheetClaim], vocab: Vocabulary, undated: list[Reference], name: str
) -> str:
    """The document, its sections, its in-text citations and the claims, as Turtle."""
    cite: dict[str, str] = {}
    for n, printed in enumerate(ex.citations, start=1):
        printed.iri = CITATION[f"{ex.doc_id}-{n}"]
        cite.setdefault(printed.as_printed, printed.iri)
    g = draft_graph(replace(ex, drafts=[], references=[]), source_name=name)
    u = URIRef
    doc = u(ex.doc_iri)
    g.remove((None, u(FM.draft), None))
    g.set(
        (
            doc,
            u(DCTERMS.description),
            Literal(f"Claims of {name} reviewed in a curation sheet and imported by forcedmig-kb import."),
        )
    )
    for c in claims:
        row = c.row
        node = u(CLAIM[row["id"]])
        g.add((node, RDF.type, u(FM.QuantityClaim if c.kind == "quantity" else FM.EventClaim)))
        g.add((node, u(RDFS.label), Literal(row["label"])))
        if c.kind == "quantity":
            g.add((node, u(QUDT.numericValue), Literal(c.value, datatype=XSD.double)))
            g.add((node, u(FM.printedValue), Literal(row["printed"])))
            if row["scale"]:
                g.add((node, u(FM.printedScale), Literal(row["scale"])))
            if c.mult is not None:
                g.add((node, u(SDMX_ATTRIBUTE.unitMult), Literal(c.mult)))
            g.add((node, u(QUDT.unit), u(c.unit)))
            if row["hedge"]:
                g.add((node, u(FM.hedge), u(lookup(row["hedge"], vocab.hedges) or "")))
            if c.lower is not None:
                g.add((node, u(QUDT.lowerBound), Literal(c.lower, datatype=XSD.double)))
            if c.upper is not None:
                g.add((node, u(QUDT.upperBound), Literal(c.upper, datatype=XSD.double)))
            role = lookup(row["role"] or "sourced", vocab.roles)
            if role:
                g.add((node, u(FM.figureRole), u(role)))
        if c.period is not None:
            start, end, label = c.period
            p = BNode()
            g.add((node, u(SDMX_DIMENSION.refPeriod), p))
            g.add((p, RDF.type, u(DCTERMS.PeriodOfTime)))
            if label:
                g.add((p, u(RDFS.label), Literal(label)))
            for pred, value in ((DCAT.startDate, start), (DCAT.endDate, end)):
                if value:
                    g.add(
                        (
                            p,
                            u(pred),
                            Literal(value, datatype={4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)),
                        )
                    )
            g.add((node, u(FM.periodBasis), u(FM[BASES[row["period_basis"] or "stated"]])))
        if row["forecast"].lower() == "yes":
            g.add((node, u(FM.forecast), Literal(True)))
        if row["cue"]:
            g.add((node, u(FM.presentedAsCurrent), Literal(True)))
            g.add((node, u(FM.currencyCue), Literal(row["cue"])))
        if row["attributed"]:
            g.add((node, u(FM.attributedTo), Literal(row["attributed"])))
        for topic in c.topics:
            g.add((node, u(DCTERMS.subject), u(topic)))
        if c.area:
            g.add((node, u(SDMX_DIMENSION.refArea), u(c.area)))
        g.add((node, u(FM.inSection), u(f"{ex.doc_iri}/section/{c.section}")))
        g.add((node, u(PROV.wasQuotedFrom), doc))
        t, sel = BNode(), BNode()
        g.add((node, u(OA.hasTarget), t))
        g.add((t, RDF.type, u(OA.SpecificResource)))
        g.add((t, u(OA.hasSource), doc))
        g.add((t, u(OA.hasSelector), sel))
        g.add((sel, RDF.type, u(OA.TextQuoteSelector)))
        g.add((sel, u(OA.exact), Literal(row["quote"])))
        if c.prefix:
            g.add((sel, u(OA.prefix), Literal(c.prefix)))
        if c.citation:
            g.add((node, u(FM.citation), u(cite[c.citation])))
        for key in c.sources:
            g.add((node, u(PROV.hadPrimarySource), u(SOURCE[key])))
        if row["part_of"]:
            g.add((node, u(FM.partOf), u(CLAIM[row["part_of"]])))
        if c.inputs:
            calc = BNode()
            g.add((node, u(PROV.wasGeneratedBy), calc))
            g.add((calc, RDF.type, u(FM.Calculation)))
            g.add((calc, u(FM.operation), u(lookup(row["operation"], vocab.operations) or "")))
            for ident, role in c.inputs:
                usage = BNode()
                g.add((node, u(PROV.wasDerivedFrom), u(CLAIM[ident])))
                g.add((calc, u(PROV.qualifiedUsage), usage))
                g.add((usage, RDF.type, u(PROV.Usage)))
                g.add((usage, u(PROV.entity), u(CLAIM[ident])))
                g.add((usage, u(PROV.hadRole), u(FM[role])))
        if row["note"]:
            g.add((node, u(RDFS.comment), Literal(row["note"])))
        for rule, reason in c.accepted:  # a finding accepted in the sheet: a review beside the claim
            review = BNode()
            g.add((review, RDF.type, u(FM.ReviewedFinding)))
            g.add((review, u(FM.rule), Literal(rule)))
            g.add((review, u(FM.focus), node))
            g.add((review, u(FM.reason), Literal(reason)))
    if undated:
        g += references_graph(undated)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    head = (
        f"# The claims of {name}, reviewed in a curation sheet ({SHEET_NAME} beside this file) and written by\n"
        f"# `forcedmig-kb import`. Edit the sheet and import it again rather than this file.\n\n"
    )
    return head + g.serialize(format="turtle")
