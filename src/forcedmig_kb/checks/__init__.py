"""The check: validate a knowledge base and report what is wrong, where, and how to fix it.

:func:`run_check` runs the shapes of ``shapes/`` over a loaded knowledge base and returns one
:class:`~forcedmig_kb.checks.findings.Report`; each finding carries the quote, the citation as
printed and the file and line of its focus node, so that a person (or a CI annotation) can act
on it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph

from .. import queries
from ..loading import KnowledgeBase
from ..settings import Settings
from .findings import Finding, Report
from .shacl import shapes_graph, validate
from .sparql import run_sparql_rules, sparql_rules

__all__ = ["Finding", "Report", "run_check"]


def run_check(kb: KnowledgeBase, settings: Settings | None = None, *, engine: str = "hybrid") -> Report:
    """Validate ``kb`` with the project's shapes; findings sorted by severity, rule and place.

    ``engine="hybrid"`` (default) runs core SHACL in pySHACL and the SHACL-SPARQL constraints as
    SPARQL on the store; ``engine="pyshacl"`` runs everything in pySHACL (slow; the reference
    the tests compare with).
    """
    settings = settings or Settings()
    if engine == "pyshacl":
        findings, data = validate(kb.store, core_only=False)
    elif engine == "hybrid":
        findings, data = validate(kb.store, core_only=True)
        findings += run_sparql_rules(kb.store, sparql_rules(shapes_graph()))
    else:
        raise ValueError(f"unknown check engine {engine!r}")
    _attach_context(kb, findings, data)
    return Report(findings, checked=dict(kb.counts), files=[*kb.rdf_files, *kb.bib_files])


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
        where = kb.location(f.focus)
        if where is not None:
            f.file = _display_path(where.path)
            f.line = where.line


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
