"""The check: validate a knowledge base and report what is wrong, where, and how to fix it.

:func:`run_check` runs the shapes of ``shapes/`` (the core contract and the audit rules) over a
loaded knowledge base and returns one :class:`~forcedmig_kb.checks.findings.Report`. Each
finding carries the quote, the citation as printed and the file and line of its focus node, so
that a person (or a CI annotation) can act on it. Findings that a maintainer has reviewed in
the data (``fm:ReviewedFinding``: rule, focus, reason) pass, unless ``strict``; a review that no
longer matches any finding is reported (``obsolete-review``, info) so reviews do not rot.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph

from .. import queries
from ..loading import KnowledgeBase
from ..namespaces import CHECK_GRAPH, CHECK_NODE, FM
from ..settings import Settings
from .findings import Finding, Report
from .shacl import shapes_graph, validate
from .sparql import run_sparql_rules, sparql_rules

__all__ = ["Finding", "Report", "run_check"]

ENGINES = ("hybrid", "pyshacl")


def run_check(kb: KnowledgeBase, settings: Settings | None = None, *, engine: str = "hybrid",
              strict: bool = False) -> Report:
    """Validate ``kb`` with the project's shapes; findings sorted by severity, rule and place.

    ``engine="hybrid"`` (default) runs core SHACL in pySHACL and the SHACL-SPARQL constraints as
    SPARQL on the store; ``engine="pyshacl"`` runs everything in pySHACL (slow; the reference
    the tests compare with). ``strict`` ignores the reviews recorded in the data.
    """
    settings = settings or Settings()
    _write_parameters(kb, settings)
    if engine == "pyshacl":
        findings, data = validate(kb.store, core_only=False)
    elif engine == "hybrid":
        findings, data = validate(kb.store, core_only=True)
        findings += run_sparql_rules(kb.store, sparql_rules(shapes_graph()))
    else:
        raise ValueError(f"unknown check engine {engine!r} (known: {', '.join(ENGINES)})")
    _attach_context(kb, findings, data)
    if not strict:
        findings += _apply_reviews(kb, findings)
    return Report(findings, checked=dict(kb.counts), files=[*kb.rdf_files, *kb.bib_files])


def _write_parameters(kb: KnowledgeBase, settings: Settings) -> None:
    """The check's parameters as data, so that the shapes can read them (graph/check)."""
    kb.store.clear(CHECK_GRAPH)
    years = int(settings.stale_after_years)
    triple = f"<{CHECK_NODE}> <{FM.staleAfterYears}> \"{years}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
    kb.store.load(triple.encode(), format="application/n-triples", graph=CHECK_GRAPH)


def _apply_reviews(kb: KnowledgeBase, findings: list[Finding]) -> list[Finding]:
    """Mark reviewed findings in place; return an ``obsolete-review`` finding per unmatched review."""
    reviews = kb.store.select(queries.load("reviewed-findings")).records()
    matched: set[int] = set()
    for i, review in enumerate(reviews):
        for f in findings:
            if f.rule == review["rule"] and f.focus == review["focus"]:
                f.reviewed = True
                f.review_reason = review["reason"] or ""
                matched.add(i)
    obsolete = []
    for i, review in enumerate(reviews):
        if i in matched:
            continue
        where = kb.location(review["focus"])
        obsolete.append(Finding(
            rule="obsolete-review", severity="info", focus=review["focus"], value=review["rule"],
            message=f"A review accepts '{review['rule']}' on this node, but the check no longer finds it.",
            fix="Remove the review from the data (the problem it accepted is gone).",
            file=_display_path(where.path) if where else "", line=where.line if where else None,
        ))
    return obsolete


def _owner(data: Graph, focus: str) -> str:
    """The nearest IRI above a blank node (a period or calculation belongs to its claim)."""
    node = BNode(focus[2:])
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(iter(data.subjects(None, node)), None)
        if parent is None:
            break
        node = parent
    return str(node) if not isinstance(node, BNode) else focus


def _attach_context(kb: KnowledgeBase, findings: list[Finding], data: Graph) -> None:
    context = {row["node"]: row for row in kb.store.select(queries.load("finding-context")).records()}
    for f in findings:
        if f.focus.startswith("_:"):
            f.focus = _owner(data, f.focus)
        row = context.get(f.focus)
        if row:
            f.label = f.label or (row.get("label") or "")
            f.quote = f.quote or (row.get("quote") or "")
            f.citation = f.citation or (row.get("citation") or "")
            if row.get("claims"):
                f.evidence.setdefault("claims", row["claims"])
        where = kb.location(f.focus)
        if where is not None:
            f.file = _display_path(where.path)
            f.line = where.line


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
