"""The shapes' SHACL-SPARQL constraints, each compiled to one query over all its focus nodes.

SHACL-SPARQL (https://www.w3.org/TR/shacl/#sparql-constraints) pre-binds ``$this`` to each focus
node and runs the constraint's SELECT once per node. Here each constraint is one query over all
focus nodes at once: the shape's targets become a triple pattern on ``?this`` (in SPARQL,
``$this`` and ``?this`` are the same variable), put first in the WHERE clause, and each solution
is one validation result (:mod:`.sparql_runner` runs them).
Convention for constraint authors: write the query as ``SELECT $this ... WHERE { ... }`` with
``$this`` (and ``?value``, ``?path`` where wanted) projected; no VALUES (SHACL forbids it),
no nested SELECT that needs ``$this`` from outside.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import FM, RDF, RDFS, SH
from ..store import Term
from .findings import SEVERITY_OF_SH, Severity

_S = {
    n: URIRef(SH + n)
    for n in (
        "sparql",
        "select",
        "message",
        "severity",
        "prefixes",
        "declare",
        "prefix",
        "namespace",
        "targetClass",
        "targetSubjectsOf",
        "targetObjectsOf",
        "targetNode",
        "deactivated",
    )
}


_VAR = re.compile(r"[?$]([A-Za-z_]\w*)")
_NOT_EXISTS = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{", re.IGNORECASE)


def block_end(text: str, start: int) -> int:
    """The index just after the ``}`` that closes the ``{`` at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError("unbalanced braces in a SHACL-SPARQL constraint")


def not_exists_as_minus(query: str) -> str:
    """Turn ``FILTER NOT EXISTS { P }`` into ``MINUS { P }`` where both mean the same.

    They agree when P shares no variable with the rest of the query but ``?this``, which the
    focus-node pattern always binds. Oxigraph evaluates MINUS as one anti-join, NOT EXISTS once
    per solution: with a property path inside, seconds against minutes at 100,000 claims.
    (SHACL forbids MINUS in constraints, so the shapes say NOT EXISTS; this is the store's plan.)

    >>> not_exists_as_minus("SELECT ?this WHERE { ?this a ?t . FILTER NOT EXISTS { ?this <p>+ ?x } }")
    'SELECT ?this WHERE { ?this a ?t . MINUS { ?this <p>+ ?x } }'
    >>> not_exists_as_minus("SELECT ?this WHERE { ?this <q> ?x . FILTER NOT EXISTS { ?x <p> ?y } }")
    'SELECT ?this WHERE { ?this <q> ?x . FILTER NOT EXISTS { ?x <p> ?y } }'
    """
    out, pos = [], 0
    for m in _NOT_EXISTS.finditer(query):
        if m.start() < pos:
            continue
        brace = m.end() - 1
        end = block_end(query, brace)
        inner = query[brace:end]
        outside = query[: m.start()] + query[end:]
        shared = {v for v in _VAR.findall(inner)} & {v for v in _VAR.findall(outside)}
        if shared <= {"this"}:
            out += [query[pos : m.start()], "MINUS ", inner]
            pos = end
    out.append(query[pos:])
    return "".join(out)


_LIST = re.compile(
    r'GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?[?$]\w+\s*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*[?$](\w+)', re.IGNORECASE
)


def list_variables(query: str) -> dict[str, str]:
    """The variables a query fills with GROUP_CONCAT, and their separators.

    >>> list_variables('SELECT (GROUP_CONCAT(?k; separator=", ") AS ?keys) WHERE {}')
    {'keys': ', '}
    """
    return {var: sep for sep, var in _LIST.findall(query)}


def sorted_lists(row: dict[str, Term | None], lists: dict[str, str]) -> dict[str, Term | None]:
    """A row with its GROUP_CONCAT lists sorted: their order is the store's choice (SPARQL leaves
    it open; Virtuoso ignores an ordered subquery), and reports must not change with the store."""
    out = dict(row)
    for var, sep in lists.items():
        term = out.get(var)
        if term is not None and sep and sep in term.value:
            out[var] = Term(term.kind, sep.join(sorted(term.value.split(sep))), term.datatype, term.lang)
    return out


@dataclass(frozen=True, slots=True)
class SparqlRule:
    """One SHACL-SPARQL constraint, compiled to a query over all its focus nodes."""

    shape: str
    rule: str
    severity: Severity
    message: str
    fix: str
    query: str


def _prologue(shapes: Graph, constraint: Node) -> str:
    lines = []
    for ontology in shapes.objects(constraint, _S["prefixes"]):
        for decl in shapes.objects(ontology, _S["declare"]):
            prefix = shapes.value(decl, _S["prefix"])
            namespace = shapes.value(decl, _S["namespace"])
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines))) + "\n"


def _target_patterns(shapes: Graph, shape: Node, closure: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    patterns = []
    for cls in shapes.objects(shape, _S["targetClass"]):
        if closure is None:
            patterns.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> .")
        else:  # the subclasses in the data, listed: faster, and Virtuoso mishandles the path here
            classes = " ".join(f"<{c}>" for c in closure.get(str(cls), (str(cls),)))
            patterns.append(f"VALUES ?fmTargetClass {{ {classes} }} ?this <{RDF.type}> ?fmTargetClass .")
    for prop in shapes.objects(shape, _S["targetSubjectsOf"]):
        patterns.append(f"?this <{prop}> ?fmTargetObject .")
    for prop in shapes.objects(shape, _S["targetObjectsOf"]):
        patterns.append(f"?fmTargetSubject <{prop}> ?this .")
    for node in shapes.objects(shape, _S["targetNode"]):
        patterns.append(f"BIND(<{node}> AS ?this)")
    return patterns


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def compile_constraint(select: str, targets: list[str]) -> str:
    """Put the focus-node pattern first in the constraint's WHERE clause.

    >>> compile_constraint("SELECT $this WHERE { $this <p> ?o }", ["?this <t> ?x ."])
    'SELECT DISTINCT $this WHERE { { { ?this <t> ?x . } }  $this <p> ?o }'
    """
    m = _WHERE.search(select)
    if m is None:
        raise ValueError("a SHACL-SPARQL constraint needs 'WHERE {'")
    union = " UNION ".join("{ " + t + " }" for t in targets)
    head = select[: m.start()]
    head = re.sub(r"^\s*SELECT\s+(?!DISTINCT)", "SELECT DISTINCT ", head, count=1, flags=re.IGNORECASE)
    return head + select[m.start() : m.end()] + " { " + union + " } " + select[m.end() :]


def sparql_rules(shapes: Graph, closure: dict[str, tuple[str, ...]] | None = None) -> list[SparqlRule]:
    """Every SHACL-SPARQL constraint of the shapes graph, compiled (``closure``: see :func:`~.core_compiler.compile_core`)."""
    rules = []
    for shape, constraint in shapes.subject_objects(_S["sparql"]):
        if shapes.value(constraint, _S["deactivated"]) == Literal(True):
            continue
        select = shapes.value(constraint, _S["select"])
        targets = _target_patterns(shapes, shape, closure)
        if select is None or not targets:
            continue
        severity = SEVERITY_OF_SH.get(str(shapes.value(shape, _S["severity"]) or ""), "violation")
        message = shapes.value(constraint, _S["message"]) or shapes.value(shape, _S["message"]) or ""
        rules.append(
            SparqlRule(
                shape=str(shape),
                rule=str(shapes.value(shape, URIRef(FM.rule)) or "sparql"),
                severity=severity,
                message=str(message),
                fix=str(shapes.value(shape, URIRef(FM.fix)) or ""),
                query=_prologue(shapes, constraint) + not_exists_as_minus(compile_constraint(str(select), targets)),
            )
        )
    return sorted(rules, key=lambda r: r.shape)


_PARAMETER = re.compile(r"\$(?!this\b)([A-Za-z_]\w*)")


def bind_parameters(query: str, parameters: Mapping[str, int | float]) -> str:
    """Replace the check's parameters (``$name``, other than ``$this``) by their values.

    >>> bind_parameters("FILTER(?a > COALESCE($staleAfterYears, 5) && $this)", {"staleAfterYears": 8})
    'FILTER(?a > COALESCE(8, 5) && $this)'
    """
    return _PARAMETER.sub(lambda m: repr(parameters[m.group(1)]) if m.group(1) in parameters else m.group(0), query)
