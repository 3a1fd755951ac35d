"""The check: validate a knowledge base and report what is wrong, where, and how to fix it.

:func:`run_check` runs the shapes of ``shapes/`` (the core contract and the audit rules) over a
loaded knowledge base and returns one :class:`~forcedmig_kb.checks.findings.Report`. Each
finding carries the quote, the citation as printed and the file and line of its focus node, so
that a person (or a CI annotation) can act on it. Findings that a maintainer has reviewed in
the data (``fm:ReviewedFinding``: rule, focus, reason) pass, unless ``strict``; a review that no
longer matches any finding is reported (``obsolete-review``, info) so reviews do not rot. A value
that is not a term of its vocabulary (a mistyped topic, unit or hedge) is reported with the
nearest terms (:mod:`~forcedmig_kb.checks.vocabulary`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from .. import queries
from ..loading import KnowledgeBase
from ..progress import progress_bar
from ..settings import Settings
from .core_compiler import compile_core, shape_classes
from .findings import Finding, Report
from .shacl import shapes_graph, validate
from .sparql_rules import list_variables, sorted_lists, sparql_rules
from .sparql_runner import run_core_queries, run_in_processes, run_in_threads, run_sparql_rules
from .vocabulary import name_nearest_terms

__all__ = ["Finding", "Report", "run_check"]

ENGINES = ("sparql", "pyshacl")
#: Nodes per query when the findings' context is asked (named query ``finding-context``).
CONTEXT_CHUNK = 500


@cache
def _compiled(closure: tuple[tuple[str, tuple[str, ...]], ...], whole: bool = True) -> tuple[list, list]:
    """The shapes compiled to queries: planned for the whole store, or for a few focus nodes."""
    shapes = shapes_graph()
    return compile_core(shapes, dict(closure), whole), sparql_rules(shapes, dict(closure))


def _class_closure(store) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each class the shapes name, with its subclasses in the data (one small query per class;
    Virtuoso wants a bound end for a transitive path, so no VALUES)."""
    closure = []
    for cls in shape_classes(shapes_graph()):
        rows = store.select(
            "SELECT DISTINCT ?sub WHERE { ?sub <http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
            f"<{cls}> . FILTER(isIRI(?sub)) }}"
        ).records()
        closure.append((cls, tuple(sorted({cls, *(r["sub"] for r in rows)}))))
    return tuple(closure)


def run_check(
    kb: KnowledgeBase,
    settings: Settings | None = None,
    *,
    engine: str = "sparql",
    strict: bool = False,
    focus: Iterable[str] | None = None,
    also: Iterable[Finding] = (),
) -> Report:
    """Validate ``kb`` with the project's shapes; findings sorted by severity, rule and place.

    ``engine="sparql"`` (default) runs every shape as SPARQL on the store: core constraints
    compiled by :mod:`~forcedmig_kb.checks.core_compiler`, SHACL-SPARQL constraints by
    :mod:`~forcedmig_kb.checks.sparql_runner`; it scales to a million claims. ``engine="pyshacl"`` runs
    the same shapes in pySHACL over an rdflib copy (slow; the reference the tests compare with).
    ``strict`` ignores the reviews recorded in the data. ``focus`` (IRIs) validates only those
    nodes and what depends on them (:func:`expand_focus`): ``check --changed`` on an edit.
    ``also``: findings made outside the shapes (a text's coverage), which reviews may accept too.
    """
    settings = settings or Settings()
    nodes = expand_focus(kb.store, focus) if focus is not None else None
    if engine == "pyshacl":
        if nodes is not None:
            raise ValueError("the pyshacl engine validates the whole graph; use engine='sparql' with focus")
        findings, _data = validate(kb.store)
    elif engine == "sparql":
        closure = _class_closure(kb.store)  # (a remote store has answered once: its engine is known)
        core, rules = _compiled(closure, whole=_joins_scans(kb, settings, nodes))
        parameters = {"staleAfterYears": int(settings.stale_after_years)}
        with progress_bar("checking: constraints", total=len(core) + len(rules)) as advance:
            opener = kb.store.opener() if _parallel(kb.store, settings, nodes) else None
            if _columnar(kb, settings, nodes):
                from .columnar import run_columnar  # (polars imported only here)

                findings = run_columnar(kb.store, core, rules, parameters, settings.check_workers, advance)
            elif opener is not None:
                findings = run_in_processes(opener, core, rules, parameters, settings.check_workers, advance)
            elif _threaded(kb.store, settings, nodes):
                findings = run_in_threads(kb.store, core, rules, parameters, settings.check_workers, advance)
            else:
                findings = run_core_queries(kb.store, core, nodes, advance) + run_sparql_rules(
                    kb.store, rules, parameters, nodes, advance
                )
    else:
        raise ValueError(f"unknown check engine {engine!r} (known: {', '.join(ENGINES)})")
    _attach_context(kb, findings)
    name_nearest_terms(kb.store, findings)
    findings = [*findings, *also]
    findings = list({(f.rule, f.severity, f.focus, f.value): f for f in findings}.values())  # one per problem
    if nodes is not None:  # a blank node's finding belongs to its claim: keep what falls in the focus
        findings = [f for f in findings if f.focus in nodes]
    if not strict:
        findings += _apply_reviews(kb, findings, nodes, texts=bool(also))
    checked = dict(kb.counts) if nodes is None else {"nodes": len(nodes)}
    return Report(findings, checked=checked, files=[*kb.rdf_files, *kb.bib_files])


def _joins_scans(kb: KnowledgeBase, settings: Settings, nodes: set[str] | None) -> bool:
    """Whether the check's core queries join whole scans by hashing (see ``compile_core``).

    Only for the whole graph (a focused check binds its nodes first: look-ups are cheaper), up to
    ``check_joined_up_to`` triples (each join's side is held in memory), and only on Oxigraph,
    embedded or as a server, whose planner they are written for. Virtuoso plans the look-ups
    itself and ran out of memory on the scans: at 10k claims 32 s and 3.1 GB against 14 s and
    0.7 GB with the look-ups; at 100k it was killed at 23.7 GB.
    """
    return (
        nodes is None
        and getattr(kb.store, "engine", "") == "oxigraph"
        and kb.counts.get("triples", 0) <= settings.check_joined_up_to
    )


def _columnar(kb: KnowledgeBase, settings: Settings, nodes: set[str] | None) -> bool:
    """Evaluate the core constraints column-wise (:mod:`~forcedmig_kb.checks.columnar`): a
    whole-graph check of an embedded store in memory of ``check_columnar_from`` triples or more,
    when ``check_columnar`` allows it (the frames of every predicate's triples are held in memory,
    as the store is; a small store is checked faster by its queries)."""
    return (
        settings.check_columnar
        and nodes is None
        and kb.counts.get("triples", 0) >= settings.check_columnar_from
        and kb.store.location is None
        and not kb.store.remote
        and getattr(kb.store, "native", None) is not None
    )


def _parallel(store, settings: Settings, nodes: set[str] | None) -> bool:
    """Share the queries among processes: a whole-graph check of a store they may read in
    parallel (an on-disk store opened read-only)."""
    return nodes is None and settings.check_workers > 1 and store.parallel_reads


def _threaded(store, settings: Settings, nodes: set[str] | None) -> bool:
    """Share the queries among threads instead: a whole-graph check of a store that no other
    process can read (in memory) but that evaluates queries without Python's lock."""
    return nodes is None and settings.check_workers > 1 and store.concurrent_queries


def expand_focus(store, iris: Iterable[str]) -> set[str]:
    """The given nodes and every node whose findings they can change: the claims derived from
    them, their wholes and parts, their citations and the claims resting on those, their sources."""
    iris = sorted(set(iris))
    if not iris:
        return set()
    rows = store.select(queries.bind(queries.load("focus"), "changed", iris))
    return set(iris) | {row["node"] for row in rows.records() if row["node"]}


def _apply_reviews(
    kb: KnowledgeBase, findings: list[Finding], nodes: set[str] | None = None, *, texts: bool = False
) -> list[Finding]:
    """Mark reviewed findings in place; return an ``obsolete-review`` finding per unmatched review.
    A review of a place in a text (``<document>#char=a,b``, a finding of the text's coverage) is
    judged only when the text was checked too (``texts``)."""
    reviews = [
        r
        for r in kb.store.select(queries.load("reviewed-findings")).records()
        if (nodes is None or r["focus"] in nodes) and (texts or "#char=" not in (r["focus"] or ""))
    ]
    by_problem: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_problem.setdefault((f.rule, f.focus), []).append(f)
    matched: set[int] = set()
    for i, review in enumerate(reviews):
        for f in by_problem.get((review["rule"], review["focus"]), ()):
            f.reviewed = True
            f.review_reason = review["reason"] or ""
            matched.add(i)
    obsolete = []
    places = kb.locate(r["focus"] for i, r in enumerate(reviews) if i not in matched)
    for i, review in enumerate(reviews):
        if i in matched:
            continue
        where = places.get(review["focus"])
        obsolete.append(
            Finding(
                rule="obsolete-review",
                severity="info",
                focus=review["focus"],
                value=review["rule"],
                message=f"A review accepts '{review['rule']}' on this node, but the check no longer finds it.",
                fix="Remove the review from the data (the problem it accepted is gone).",
                file=_display_path(where.path) if where else "",
                line=where.line if where else None,
            )
        )
    return obsolete


def _owner(store, focus: str) -> str:
    """The nearest IRI above a blank node (a period, quote or calculation belongs to its claim).

    Walks the embedded store's quads upwards; a remote store keeps the blank node as focus.
    """
    native = getattr(store, "native", None)
    if native is None:
        return focus
    node = ox.BlankNode(focus[2:])
    seen = set()
    while isinstance(node, ox.BlankNode) and node not in seen:
        seen.add(node)
        parent = next(iter(native.quads_for_pattern(None, None, node, None)), None)
        if parent is None:
            break
        node = parent.subject
    return node.value if isinstance(node, ox.NamedNode) else focus


def _attach_context(kb: KnowledgeBase, findings: list[Finding]) -> None:
    for f in findings:
        if f.focus.startswith("_:"):
            f.focus = _owner(kb.store, f.focus)
    focus = sorted({f.focus for f in findings if not f.focus.startswith("_:")})
    if not focus:
        return
    template = queries.load("finding-context")
    # The nodes in a VALUES block the store joins first, a chunk at a time (an OPTIONAL { VALUES }
    # in its place, which answers the same, was joined last: 15 ms per node at 100,000 claims)
    texts = [
        queries.restrict(template, "node", focus[i : i + CONTEXT_CHUNK]) for i in range(0, len(focus), CONTEXT_CHUNK)
    ]
    lists = list_variables(template)
    context = {}
    for query in texts:
        for terms in kb.store.select(query).terms():
            row = {k: (t.python() if t is not None else None) for k, t in sorted_lists(terms, lists).items()}
            context[row["node"]] = row
    places = kb.locate(f.focus for f in findings)
    for f in findings:
        known = context.get(f.focus)
        if known:
            f.label = f.label or (known.get("label") or "")
            f.quote = f.quote or (known.get("quote") or "")
            f.citation = f.citation or (known.get("citation") or "")
            if known.get("claims"):
                f.evidence.setdefault("claims", known["claims"])
        where = places.get(f.focus)
        if where is not None:
            f.file = _display_path(where.path)
            f.line = where.line


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
