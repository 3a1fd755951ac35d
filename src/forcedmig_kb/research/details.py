"""A claim's details read from the named queries' rows: the claim with its figure, period, quote
and sources (:func:`claim_details`), then its citations, lineage and calculations added."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..namespaces import local_name
from . import models as m
from .index import as_number, as_year, in_text_order, split_joined


def claim_details(rows: list[dict[str, Any]], source_keys: dict[str, str]) -> dict[str, m.ClaimDetail]:
    claims = {}
    for r in in_text_order(rows):
        cid = local_name(r["claim"]) or ""
        kind = local_name(r["kind"])
        figure = None
        if kind == "QuantityClaim":
            figure = m.Figure(
                value=as_number(r["value"]),
                printed=r["printedValue"],
                scale=r["printedScale"],
                unit=local_name(r["unit"]),
                unit_iri=r["unit"],
                hedge=local_name(r["hedge"]),
                lower=as_number(r["lower"]),
                upper=as_number(r["upper"]),
            )
        period = None
        if r["periodStart"] is not None or r["periodLabel"] is not None:
            period = m.Period(
                start=as_year(r["periodStart"]),
                end=as_year(r["periodEnd"]),
                label=r["periodLabel"],
                basis=local_name(r["periodBasis"]),
            )
        section = (
            m.Ref(id=local_name(r["section"]) or "", iri=r["section"], label=r["sectionTitle"])
            if r["section"]
            else None
        )
        claims[cid] = m.ClaimDetail(
            id=cid,
            iri=r["claim"],
            kind=kind,
            label=r["label"],
            figure=figure,
            period=period,
            section=section,
            topics=sorted(local_name(t) or "" for t in split_joined(r["topics"])),
            quote=r["quote"],
            citation=r["citation"] or None,
            sources=sorted(source_keys.get(s, local_name(s) or "") for s in split_joined(r["sources"])),
            population=r["population"],
            area=local_name(r["area"]),
            document=r["document"],
        )
    return claims


def add_citations(claims: dict[str, m.ClaimDetail], rows: list[dict[str, Any]], source_keys: dict[str, str]) -> None:
    by_citation: dict[str, m.Citation] = {}
    carriers: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        citation = by_citation.setdefault(r["citation"], m.Citation(iri=r["citation"], printed=r["printed"]))
        if r["part"] and not any(w.printed == r["partPrinted"] for w in citation.works):
            citation.works.append(
                m.CitedWork(
                    printed=r["partPrinted"],
                    status=local_name(r["status"]),
                    source=source_keys.get(r["source"]) if r["source"] else None,
                )
            )
        if r["claim"]:
            carriers[r["citation"]].add(local_name(r["claim"]) or "")
    for iri in sorted(carriers):
        for cid in carriers[iri]:
            if cid in claims:
                claims[cid].citations.append(by_citation[iri])


def add_lineage(claims: dict[str, m.ClaimDetail], rows: list[dict[str, Any]]) -> None:
    seen: set[tuple[str, str]] = set()
    for r in sorted(rows, key=lambda r: (r["claim"], r["ancestor"])):
        if (r["claim"], r["ancestor"]) in seen:  # both ends asked for: the row came twice
            continue
        seen.add((r["claim"], r["ancestor"]))
        child, ancestor = local_name(r["claim"]) or "", local_name(r["ancestor"]) or ""
        if child in claims:
            claims[child].derived_from.append(
                m.Derivation(id=ancestor, iri=r["ancestor"], label=r["ancestorLabel"], direct=bool(r["direct"]))
            )
        if ancestor in claims:
            claims[ancestor].derived_into.append(
                m.Derivation(id=child, iri=r["claim"], label=r["claimLabel"], direct=bool(r["direct"]))
            )


def add_calculations(claims: dict[str, m.ClaimDetail], rows: list[dict[str, Any]]) -> None:
    for r in sorted(rows, key=lambda r: (r["claim"], r["input"] or "")):
        claim = claims.get(local_name(r["claim"]) or "")
        if claim is None:
            continue
        if claim.calculation is None:
            claim.calculation = m.Calculation(operation=local_name(r["operation"]))
        calc = claim.calculation
        if r["input"] and not any(i.claim.iri == r["input"] for i in calc.inputs):
            calc.inputs.append(
                m.Input(
                    claim=m.Ref(id=local_name(r["input"]) or "", iri=r["input"], label=r["inputLabel"]),
                    role=local_name(r["role"]),
                )
            )
        if r["unstated"] and r["unstated"] not in calc.unstated_inputs:
            calc.unstated_inputs.append(r["unstated"])
