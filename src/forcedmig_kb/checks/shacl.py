"""The shapes graph, and validation with pySHACL (the reference engine).

SHACL: https://www.w3.org/TR/shacl/ (core constraints, section 4; SHACL-SPARQL, section 5;
the validation report, section 3.6). pySHACL runs every shape, core and SPARQL-based, over
an rdflib copy of the store; each ``sh:ValidationResult`` becomes a :class:`Finding` with the
rule id (``fm:rule``) and the fix (``fm:fix``) its shape declares.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import FM, SH, local_name
from ..resources import shapes_dir
from ..store import Store
from .findings import SEVERITY_OF_SH, Finding

_SH = {
    name: URIRef(SH + name)
    for name in (
        "ValidationResult",
        "focusNode",
        "resultSeverity",
        "sourceShape",
        "resultMessage",
        "resultPath",
        "value",
        "property",
        "message",
        "result",
    )
}
_RULE = URIRef(FM.rule)
_FIX = URIRef(FM.fix)


@cache
def shapes_graph() -> Graph:
    """All shapes of ``shapes/`` as one rdflib graph (parsed once per process)."""
    graph = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def rdflib_graph(store: Store) -> Graph:
    """The union of the store's graphs as an rdflib graph (blank node ids kept)."""
    graph = Graph()
    native = getattr(store, "native", None)
    if native is not None:
        add = graph.add
        for q in native.quads_for_pattern(None, None, None, None):
            add((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object)))
        return graph
    graph.parse(data=store.dump(format="application/n-triples"), format="nt")
    return graph


def _rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def validate(store: Store, *, data: Graph | None = None) -> tuple[list[Finding], Graph]:
    """Run pySHACL with all the project's shapes; return findings and the data graph used.

    The reference engine: the default check runs the same shapes as SPARQL on the store
    (:mod:`~forcedmig_kb.checks.core_compiler`, :mod:`~forcedmig_kb.checks.sparql_runner`), and the tests
    hold both to the same findings.
    """
    from pyshacl import validate as pyshacl_validate  # imported late: the server never needs it

    data = data if data is not None else rdflib_graph(store)
    shapes = shapes_graph()
    _conforms, results, _text = pyshacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
        meta_shacl=False,
    )
    return list(findings_from_report(results, shapes)), data


def findings_from_report(results: Graph, shapes: Graph):
    """Turn a SHACL validation report graph into findings."""
    for result in results.objects(None, _SH["result"]):  # top-level results, not their sh:detail
        focus = results.value(result, _SH["focusNode"])
        shape = results.value(result, _SH["sourceShape"])
        severity = SEVERITY_OF_SH.get(str(results.value(result, _SH["resultSeverity"])), "violation")
        message = results.value(result, _SH["resultMessage"])
        path = results.value(result, _SH["resultPath"])
        value = results.value(result, _SH["value"])
        rule, fix = _rule_and_fix(shapes, shape)
        yield Finding(
            rule=rule,
            severity=severity,
            focus=_n3(focus),
            message=str(message or ""),
            fix=fix,
            shape=_n3(shape) if isinstance(shape, URIRef) else "",
            path=_n3(path) if path is not None else "",
            value=_n3(value) if value is not None else "",
        )


def _rule_and_fix(shapes: Graph, shape: Node | None) -> tuple[str, str]:
    seen = set()
    node = shape
    while node is not None and node not in seen:
        seen.add(node)
        rule = shapes.value(node, _RULE)
        if rule is not None:
            return str(rule), str(shapes.value(node, _FIX) or "")
        node = shapes.value(None, _SH["property"], node)  # the node shape that holds this property shape
    if isinstance(shape, URIRef):
        return local_name(shape).lower(), ""
    return "shape", ""


def _n3(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


@cache
def rule_catalog() -> dict[str, dict[str, str]]:
    """Every rule the shapes can report: id -> name, description, fix and severity (for SARIF, JUnit, docs).

    >>> rule_catalog()["uncited"]["severity"]
    'violation'
    """
    shapes = shapes_graph()
    rdfs_label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    catalog: dict[str, dict[str, str]] = {}
    for shape, rule in sorted(shapes.subject_objects(_RULE), key=lambda so: (str(so[1]), str(so[0]))):
        entry = catalog.setdefault(
            str(rule), {"name": str(rule).replace("-", " "), "description": "", "fix": "", "severity": "violation"}
        )
        label = shapes.value(shape, rdfs_label)
        message = shapes.value(shape, _SH["message"])
        if message is None:
            constraint = shapes.value(shape, URIRef(SH + "sparql"))
            message = shapes.value(constraint, _SH["message"]) if constraint is not None else None
        if label is not None and not entry["description"]:
            entry["name"] = str(label)
        if message is not None and not entry["description"]:
            entry["description"] = str(message)
        fix = shapes.value(shape, _FIX)
        if fix is not None and not entry["fix"]:
            entry["fix"] = str(fix)
        severity = shapes.value(shape, URIRef(SH + "severity"))
        if severity is not None:
            entry["severity"] = SEVERITY_OF_SH.get(str(severity), "violation")
    return catalog
