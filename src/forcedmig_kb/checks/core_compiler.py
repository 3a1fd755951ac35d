"""Compile the shapes' core SHACL constraints to SPARQL queries over all focus nodes at once.

pySHACL validates node by node in Python over an rdflib copy of the data: fine for a chapter,
hours for a million claims. Each core constraint component used by ``shapes/`` becomes here one
SPARQL SELECT that lists every violating (focus node, value) pair, so the store does the work
(https://www.w3.org/TR/shacl/#core-components; the SPARQL definitions of the components in the
SHACL spec's appendix are the model). Supported: targets ``sh:targetClass`` (with
``rdfs:subClassOf*``), ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``;
property shapes with a predicate path; ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:class``, ``sh:nodeKind``, ``sh:minLength``, ``sh:maxLength``, ``sh:pattern``, ``sh:in``,
``sh:lessThanOrEquals``, ``sh:or`` of datatype alternatives (on values) or of property
cardinalities (on nodes), and ``sh:node`` (nested shapes, recursively). A shape using anything
else raises :class:`UnsupportedShape`, so a new construct cannot silently go unchecked; the
tests hold the results equal to pySHACL's on the chapter and on every fixture. The constraints
that test the same rows are then asked in one query (:func:`merge_constraints`), so that the
store walks the focus nodes once per pattern, not once per constraint.

Each test-bearing constraint also carries its rows' pattern as data (its shape's targets, the
predicates of its path, the classes of a ``sh:class``), which
:mod:`~forcedmig_kb.checks.columnar` evaluates on frames instead of asking the query.

Results follow SHACL's reporting: a value-based constraint reports the value node as
``sh:value``; cardinality constraints report none; node-level constraints report the focus node.
"""

from __future__ import annotations

from itertools import count

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ..namespaces import FM, RDFS, SH, local_name
from .core_queries import CoreQuery, merge_constraints
from .findings import SEVERITY_OF_SH

_S = {
    n: URIRef(SH + n)
    for n in (
        "NodeShape",
        "PropertyShape",
        "property",
        "path",
        "targetClass",
        "targetSubjectsOf",
        "targetObjectsOf",
        "targetNode",
        "minCount",
        "maxCount",
        "datatype",
        "class",
        "nodeKind",
        "minLength",
        "maxLength",
        "pattern",
        "flags",
        "in",
        "node",
        "or",
        "lessThanOrEquals",
        "severity",
        "message",
        "deactivated",
        "sparql",
        "IRI",
        "Literal",
        "BlankNode",
        "BlankNodeOrIRI",
        "IRIOrLiteral",
        "BlankNodeOrLiteral",
        "name",
        "description",
        "order",
        "group",
        "declare",
        "prefixes",
    )
}
# Shape triples that carry no constraint (documentation, or handled elsewhere).
_IGNORED = {
    RDF.type,
    URIRef(RDFS.label),
    URIRef(RDFS.comment),
    URIRef(FM.rule),
    URIRef(FM.fix),
    URIRef(FM.vocabulary),  # read by checks/vocabulary.py, to name the nearest terms
    _S["severity"],
    _S["message"],
    _S["name"],
    _S["description"],
    _S["order"],
    _S["group"],
    _S["sparql"],
    _S["deactivated"],
    URIRef("http://www.w3.org/2004/02/skos/core#definition"),
}
_TARGETS = {_S["targetClass"], _S["targetSubjectsOf"], _S["targetObjectsOf"], _S["targetNode"]}


class UnsupportedShape(ValueError):
    """A shape uses a SHACL construct this compiler does not translate."""


def _n3(node: Node) -> str:
    return node.n3()


def _int(node: Node) -> int:
    """An integer parameter of a shape (``sh:minCount 1``): a literal, read from its lexical form."""
    return int(str(node))


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head))


class _Compiler:
    def __init__(self, shapes: Graph, closure: dict[str, tuple[str, ...]] | None = None) -> None:
        self.g = shapes
        self.closure = closure
        self.fresh = count()
        # Each pattern of rows as a join of one subquery per step (target, then each path's
        # triples): a store evaluates each alone and joins them by hashing, where the plain
        # pattern is a look-up per row and step, much slower over the whole store
        # (docs/performance.md, "Scale").
        self.joined: dict[str, str] = {}
        # Each pattern of rows as (targets, predicates, variables): see CoreQuery.targets.
        self.chains: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[str, ...], tuple[str, ...]]] = {}

    def step(self, pattern: str, focus: str, path: str, v: str) -> str:
        """The rows of ``pattern`` extended along ``path`` from ``focus`` to ``v`` (and its joined form)."""
        values = f"{pattern} {focus} {path} {v} ."
        if pattern in self.joined:
            self.joined[values] = f"{self.joined[pattern]} {{ SELECT {focus} {v} WHERE {{ {focus} {path} {v} }} }}"
        if pattern in self.chains and focus == self.chains[pattern][2][-1]:
            targets, steps, chain = self.chains[pattern]
            self.chains[values] = (targets, (*steps, path), (*chain, v))
        return values

    def var(self, stem: str) -> str:
        return f"?{stem}{next(self.fresh)}"

    def instance(self, node: str, cls: Node) -> str:
        """A pattern: ``node`` is a SHACL instance of ``cls`` (rdf:type/rdfs:subClassOf*).

        With the class closure of the data known, a VALUES list of the subclasses replaces the
        property path, which stores evaluate far faster over a million focus nodes.
        """
        if self.closure is None:
            return f"{node} <{RDF.type}>/<{RDFS.subClassOf}>* {_n3(cls)} ."
        subclasses = self.closure.get(str(cls), (str(cls),))
        if len(subclasses) == 1:
            return f"{node} <{RDF.type}> <{subclasses[0]}> ."
        c = self.var("c")
        return f"VALUES {c} {{ {' '.join(f'<{x}>' for x in subclasses)} }} {node} <{RDF.type}> {c} ."

    # ---------------------------------------------------------------- targets

    def target_specs(self, shape: Node) -> tuple[tuple[str, ...], ...]:
        """The shape's targets as data (see :attr:`CoreQuery.targets`); empty when one is not an IRI
        or the class closure is not known."""
        specs: list[tuple[str, ...]] = []
        classes = sorted(self.g.objects(shape, _S["targetClass"]), key=str)
        if classes:
            if self.closure is None or not all(isinstance(c, URIRef) for c in classes):
                return ()
            specs.append(("class", *sorted({sub for c in classes for sub in self.closure.get(str(c), (str(c),))})))
        for kind, name in (
            ("targetSubjectsOf", "subjectsOf"),
            ("targetObjectsOf", "objectsOf"),
            ("targetNode", "node"),
        ):
            for node in self.g.objects(shape, _S[kind]):
                if not isinstance(node, URIRef):
                    return ()
                specs.append((name, str(node)))
        return tuple(specs)

    def targets(self, shape: Node, focus: str) -> str | None:
        parts = []
        classes = sorted(self.g.objects(shape, _S["targetClass"]), key=str)
        if classes and self.closure is not None:  # one VALUES list for all target classes: no duplicates
            members = sorted({sub for cls in classes for sub in self.closure.get(str(cls), (str(cls),))})
            c = "?fmTargetClass"  # the same name in every shape: shapes with the same targets share a pattern
            parts.append(f"VALUES {c} {{ {' '.join(f'<{x}>' for x in members)} }} {focus} <{RDF.type}> {c} .")
        else:
            parts += [self.instance(focus, cls) for cls in classes]
        for prop in self.g.objects(shape, _S["targetSubjectsOf"]):
            parts.append(f"{focus} {_n3(prop)} ?fmTargetObject .")
        for prop in self.g.objects(shape, _S["targetObjectsOf"]):
            parts.append(f"?fmTargetSubject {_n3(prop)} {focus} .")
        for node in self.g.objects(shape, _S["targetNode"]):
            parts.append(f"VALUES {focus} {{ {_n3(node)} }}")
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else " UNION ".join("{ " + p + " }" for p in parts)

    # ---------------------------------------------------------------- value tests

    def value_violation(self, shape: Node, pred: Node, obj: Node, v: str) -> str | None:
        """A FILTER expression true when value ``v`` violates one value-based constraint."""
        if pred == _S["datatype"]:
            return f"!(isLiteral({v}) && datatype({v}) = {_n3(obj)})"
        if pred == _S["class"]:
            return f"NOT EXISTS {{ {self.instance(v, obj)} }}"
        if pred == _S["nodeKind"]:
            tests: dict[Node, str] = {
                _S["IRI"]: "isIRI({v})",
                _S["Literal"]: "isLiteral({v})",
                _S["BlankNode"]: "isBlank({v})",
                _S["BlankNodeOrIRI"]: "(isBlank({v}) || isIRI({v}))",
                _S["IRIOrLiteral"]: "(isIRI({v}) || isLiteral({v}))",
                _S["BlankNodeOrLiteral"]: "(isBlank({v}) || isLiteral({v}))",
            }
            return "!" + tests[obj].format(v=v)
        if pred == _S["minLength"]:
            return f"(isBlank({v}) || STRLEN(STR({v})) < {_int(obj)})"
        if pred == _S["maxLength"]:
            return f"(isBlank({v}) || STRLEN(STR({v})) > {_int(obj)})"
        if pred == _S["pattern"]:
            flags = self.g.value(shape, _S["flags"])
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return f"(isBlank({v}) || !REGEX(STR({v}), {Literal(str(obj)).n3()}{extra}))"
        if pred == _S["in"]:
            members = ", ".join(_n3(m) for m in _list(self.g, obj))
            return f"({v} NOT IN ({members}))"
        if pred == _S["or"]:
            alternatives = []
            for alt in _list(self.g, obj):
                parts = [(p, o) for p, o in self.g.predicate_objects(alt) if p not in _IGNORED]
                if not parts or any(p != _S["datatype"] for p, _ in parts):
                    raise UnsupportedShape(f"sh:or on values supports datatype alternatives only ({shape})")
                alternatives.append(" && ".join(f"!({self.value_violation(alt, p, o, v)})" for p, o in parts))
            return "!(" + " || ".join(f"({a})" for a in alternatives) + ")"
        return None

    # ---------------------------------------------------------------- shapes
    #
    # ``ctx`` says who reports a violation found here: the rule, severity, message, fix and path
    # of the outermost shape, the variables in scope (``scope``: ?this, then one value variable
    # per enclosing sh:node) and, inside sh:node, the value node to report (``report``).

    def node_constraints(self, shape: Node, pattern: str, focus: str, ctx: dict) -> list[CoreQuery]:
        """Queries listing (?this, ?value) for every way node ``focus`` violates node shape ``shape``."""
        queries: list[CoreQuery] = []
        for pred, obj in sorted(self.g.predicate_objects(shape)):
            if pred in _IGNORED or pred in _TARGETS or pred in (_S["declare"], _S["prefixes"]):
                continue
            if pred == _S["property"]:
                queries += self.property_constraints(obj, pattern, focus, ctx)
            elif pred == _S["or"]:
                alternatives = []
                for alt in _list(self.g, obj):
                    path = self.g.value(alt, _S["path"])
                    minimum = self.g.value(alt, _S["minCount"])
                    others = {p for p, _ in self.g.predicate_objects(alt) if p not in _IGNORED} - {
                        _S["path"],
                        _S["minCount"],
                    }
                    if path is None or minimum is None or others or _int(minimum) != 1:
                        raise UnsupportedShape(f"node-level sh:or supports property minCount 1 only ({shape})")
                    alternatives.append(f"EXISTS {{ {focus} {_n3(path)} {self.var('o')} }}")
                # (not merged: Virtuoso 7 refuses a disjunction of EXISTS in a projection)
                queries.append(self._select(ctx, "or", f"{pattern} FILTER(!({' || '.join(alternatives)}))", focus))
            elif pred == _S["node"]:
                queries += self.node_constraints(obj, pattern, focus, self._inside(ctx, focus))
            else:
                test = self.value_violation(shape, pred, obj, focus)
                if test is None:
                    raise UnsupportedShape(f"{pred} on node shape {shape}")
                queries.append(
                    self._select(
                        ctx,
                        local_name(str(pred)),
                        f"{pattern} FILTER({test})",
                        focus,
                        pattern=pattern,
                        test=test,
                        lookup=self.class_lookup(pred, obj, focus),
                        classes=self.subclasses(pred, obj),
                    )
                )
        return queries

    def property_constraints(self, prop: Node, pattern: str, focus: str, ctx: dict) -> list[CoreQuery]:
        path = self.g.value(prop, _S["path"])
        if not isinstance(path, URIRef):
            raise UnsupportedShape(f"property shape {prop} needs a predicate path")
        if "report" not in ctx:  # not inside sh:node: this property shape reports for itself
            ctx = self._reporter(prop, ctx) | {"path": str(path)}
        queries: list[CoreQuery] = []
        v = self.var("v")
        values = self.step(pattern, focus, _n3(path), v)
        for pred, obj in sorted(self.g.predicate_objects(prop)):
            if pred in _IGNORED or pred == _S["path"]:
                continue
            if pred in (_S["minCount"], _S["maxCount"]):
                n = _int(obj)
                if pred == _S["minCount"] and n == 0:
                    continue
                test = ""  # the same, as a test on the focus node's rows (see merge_constraints)
                lookup: tuple[str, ...] = ()
                if n == 1:
                    lookup = ("count", focus, _n3(path), "min" if pred == _S["minCount"] else "max")
                if pred == _S["minCount"] and n == 1:  # the common case: an anti-join, no counting
                    body = f"{pattern} MINUS {{ {focus} {_n3(path)} {v} }}"
                    test = f"NOT EXISTS {{ {focus} {_n3(path)} {v} }}"
                elif pred == _S["maxCount"] and n == 1:
                    w = self.var("w")
                    body = f"{values} {focus} {_n3(path)} {w} . FILTER(!sameTerm({v}, {w}))"
                    test = (
                        f"EXISTS {{ {focus} {_n3(path)} {v} . {focus} {_n3(path)} {w} . FILTER(!sameTerm({v}, {w})) }}"
                    )
                else:
                    counted = self.var("n")
                    keys = " ".join(dict.fromkeys([*ctx["scope"], focus]))
                    body = (
                        f"{{ SELECT {keys} (COUNT(DISTINCT {v}) AS {counted}) WHERE {{ {pattern} "
                        f"OPTIONAL {{ {focus} {_n3(path)} {v} }} }} GROUP BY {keys} }} "
                        f"FILTER({counted} {'<' if pred == _S['minCount'] else '>'} {n})"
                    )
                queries.append(
                    self._select(
                        ctx,
                        local_name(str(pred)),
                        body,
                        None,
                        pattern=pattern if test else "",
                        test=test,
                        lookup=lookup,
                    )
                )
            elif pred == _S["node"]:
                queries += self.node_constraints(obj, values, v, self._inside(ctx, v))
            elif pred == _S["lessThanOrEquals"]:
                w = self.var("w")
                body = f"{values} {focus} {_n3(obj)} {w} . FILTER(!({v} <= {w}))"
                queries.append(self._select(ctx, "lessThanOrEquals", body, v))
            else:
                value_test = self.value_violation(prop, pred, obj, v)
                if value_test is None:
                    raise UnsupportedShape(f"{pred} on property shape {prop}")
                queries.append(
                    self._select(
                        ctx,
                        local_name(str(pred)),
                        f"{values} FILTER({value_test})",
                        v,
                        pattern=values,
                        test=value_test,
                        lookup=self.class_lookup(pred, obj, v),
                        classes=self.subclasses(pred, obj),
                    )
                )
        return queries

    def subclasses(self, pred: Node, cls: Node) -> tuple[str, ...]:
        """For a sh:class test, the class and its subclasses in the data (the closure known)."""
        if pred != _S["class"] or self.closure is None:
            return ()
        return tuple(self.closure.get(str(cls), (str(cls),)))

    def class_lookup(self, pred: Node, cls: Node, v: str) -> tuple[str, ...]:
        return ("class", v, str(cls), self.instance(v, cls)) if pred == _S["class"] else ()

    # ---------------------------------------------------------------- assembly

    def _reporter(self, shape: Node, parent: dict) -> dict:
        severity = self.g.value(shape, _S["severity"])
        rule = self.g.value(shape, URIRef(FM.rule))
        return {
            "shape": str(shape) if isinstance(shape, URIRef) else parent.get("shape", ""),
            "rule": str(rule) if rule is not None else parent.get("rule", "shape"),
            "severity": (
                SEVERITY_OF_SH.get(str(severity), "violation")
                if severity is not None
                else parent.get("severity", "violation")
            ),
            "message": str(self.g.value(shape, _S["message"]) or parent.get("message", "")),
            "fix": str(self.g.value(shape, URIRef(FM.fix)) or parent.get("fix", "")),
            "path": parent.get("path", ""),
            "scope": parent.get("scope", ["?this"]),
        }

    @staticmethod
    def _inside(ctx: dict, value: str) -> dict:
        """The context inside sh:node: report the outer value node, whatever fails inside."""
        return {
            **ctx,
            "scope": [*ctx["scope"], value],
            "report": ctx.get("report", value),
            "component": ctx.get("component", "node"),
        }

    def _select(
        self,
        ctx: dict,
        component: str,
        body: str,
        value: str | None,
        *,
        pattern: str = "",
        test: str = "",
        lookup: tuple[str, ...] = (),
        classes: tuple[str, ...] = (),
    ) -> CoreQuery:
        reported = ctx.get("report", value)
        if "report" not in ctx and component in ("minCount", "maxCount"):
            reported = None
        projection = f" ({reported} AS ?value)" if reported else ""
        return CoreQuery(
            shape=ctx.get("shape", ""),
            component=ctx.get("component", component),
            rule=ctx.get("rule", "shape"),
            severity=ctx.get("severity", "violation"),
            message=ctx.get("message", ""),
            fix=ctx.get("fix", ""),
            path=ctx.get("path", ""),
            query=f"SELECT DISTINCT ?this{projection} WHERE {{ {body} }}",
            pattern=pattern if test else "",
            reported=reported or "",
            test=test,
            joined=self.joined.get(pattern, "") if test else "",
            lookup=lookup if test else (),
            targets=self.chains[pattern][0] if test and pattern in self.chains else (),
            steps=self.chains[pattern][1] if test and pattern in self.chains else (),
            chain=self.chains[pattern][2] if test and pattern in self.chains else (),
            classes=classes if test else (),
        )


def shape_classes(shapes: Graph) -> list[str]:
    """Every class the shapes name (targets and sh:class), whose subclasses the data may define."""
    return sorted(
        {str(c) for p in (_S["targetClass"], _S["class"]) for c in shapes.objects(None, p) if isinstance(c, URIRef)}
    )


def compile_core(
    shapes: Graph, closure: dict[str, tuple[str, ...]] | None = None, whole: bool = True
) -> list[CoreQuery]:
    """Every core constraint of every targeted shape, as SPARQL: one query each, or one for the
    constraints that test the same rows (:func:`merge_constraints`).

    Two plans for the same findings. Over the whole store (``whole``: the full check), the
    tests on one pattern's rows are asked by :func:`hashed_query`: each step of the pattern and
    each count or class a scan, joined by hashing, several times faster over the whole store
    than look-ups per row (docs/performance.md, "Scale"). For a
    few focus nodes (``check --changed``) the store binds each node first, where a look-up is
    cheap and a scan of the store is not: the merged query of look-ups per row.

    ``closure`` maps each class of :func:`shape_classes` to itself and its subclasses in the data
    (ask the store once); without it, queries use ``rdf:type/rdfs:subClassOf*`` paths.
    """
    compiler = _Compiler(shapes, closure)
    queries: list[CoreQuery] = []
    seen: set[Node] = set()
    for kind in (_S["NodeShape"], _S["PropertyShape"]):
        for shape in sorted(shapes.subjects(RDF.type, kind), key=str):
            if shape in seen or shapes.value(shape, _S["deactivated"]) == Literal(True):
                continue
            seen.add(shape)
            target = compiler.targets(shape, "?this")
            if target is None:
                continue  # only reached through sh:node / sh:property of a targeted shape
            # A single target stays in the query's group, so that a focus list (``VALUES ?this``) binds it;
            # a UNION of targets is one group.
            pattern = "{ " + target + " }" if target.startswith("{") else target
            compiler.joined[pattern] = f"{{ SELECT ?this WHERE {{ {pattern} }} }}"
            compiler.chains[pattern] = (compiler.target_specs(shape), (), ("?this",))
            if shapes.value(shape, _S["path"]) is not None:
                queries += compiler.property_constraints(shape, pattern, "?this", {"scope": ["?this"]})
            else:
                queries += compiler.node_constraints(shape, pattern, "?this", compiler._reporter(shape, {}))
    return merge_constraints(queries, whole)
