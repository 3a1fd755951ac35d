"""Evaluate the compiled core constraints column-wise: each predicate's triples read once.

The SPARQL plan (:mod:`~forcedmig_kb.checks.core_compiler`) asks the store one query per
pattern of rows, and each query walks the focus nodes again: about 140 joins over every claim
at 100,000 claims. Here the triples of every predicate the constraints read are asked once each
(``SELECT ?s ?o``, written by Oxigraph as SPARQL TSV, without holding Python's lock) into a
polars frame, and each constraint becomes joins of those frames:

- the focus nodes: the targets' rows (``rdf:type`` one of the class's subclasses in the data,
  the subjects or objects of a predicate, a node);
- the rows of a path: the focus nodes joined with each step's triples, one column per step;
- ``sh:minCount 1``: the rows whose last node is no subject of the predicate (an anti-join);
- ``sh:maxCount 1``: the rows whose last node has two values or more;
- ``sh:class``: the rows whose last node has no ``rdf:type`` among the class and its subclasses
  in the data (an anti-join with those types' triples, read once for the targets and the tests);
- another test on a value (``sh:datatype``, ``sh:nodeKind``, lengths, ``sh:pattern``, ``sh:in``,
  ``sh:or`` of datatypes): the compiled FILTER expression itself, evaluated by the store on each
  triple of the predicate in its scan (the marks of the tests it fails), so that its meaning is
  SPARQL's, as in the SPARQL plan; the rows whose last step is a failing triple.

A term is its SPARQL TSV text (N-Triples syntax; the store writes one text per term), which
the joins compare; a reported focus or value is read back from it as the SPARQL plan reports
it. A constraint in another form (``sh:lessThanOrEquals``, ``sh:or`` of cardinalities, counts
other than one, a test on the focus node itself) or a shape whose targets are written otherwise
is asked as SPARQL, as before (:func:`~forcedmig_kb.checks.sparql_runner.core_findings`): none
is skipped. The findings come in the order of the compiled queries, then the SPARQL rules, as
:func:`~forcedmig_kb.checks.sparql_runner.run_in_threads` gives them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl
import pyoxigraph as ox

from ..namespaces import RDF
from .core_queries import CoreQuery
from .findings import Finding
from .sparql_rules import SparqlRule
from .sparql_runner import core_findings, rule_findings

_TYPE = f"<{RDF.type}>"
_VARIABLE = re.compile(r"[?$](\w+)")


@dataclass(frozen=True, slots=True)
class _Plan:
    """One constraint (a member of a compiled query) as columns: what it tests and reports."""

    constraint: CoreQuery
    kind: str  # "min", "max", "class" or "test"
    predicate: str  # N-Triples form of the predicate the test reads (the last step's, for "class" and "test")
    test: int  # the index of its FILTER expression among the predicate's (for "test")
    reported: int | None  # the chain variable reported as the value (None: no value)


def _plan(c: CoreQuery, tests: dict[str, list[str]]) -> _Plan | None:
    """The columnar plan of a constraint, or None when it is asked as SPARQL. ``tests`` collects
    each predicate's value tests (the FILTER expression on ``?o``)."""
    if not c.targets or not c.chain or not c.test:
        return None
    reported = c.chain.index(c.reported) if c.reported in c.chain else None
    if c.reported and reported is None:
        return None
    last = c.chain[-1]
    if c.lookup and c.lookup[0] == "count":
        if c.lookup[1] != last:
            return None
        return _Plan(c, c.lookup[3], c.lookup[2], -1, reported)
    if not c.steps:
        return None  # a test on the focus node itself
    if c.classes:  # an instance of one of these classes: an anti-join with their rdf:type triples
        return _Plan(c, "class", c.steps[-1], -1, reported) if c.lookup[1:2] == (last,) else None
    names = set(_VARIABLE.findall(c.test))
    if names & {v[1:] for v in c.chain} != {last[1:]} or "o" in names:
        return None
    expression = re.sub(rf"[?$]{re.escape(last[1:])}\b", "?o", c.test)
    predicate = c.steps[-1]
    known = tests.setdefault(predicate, [])
    if expression not in known:
        known.append(expression)
    return _Plan(c, "test", predicate, known.index(expression), reported)


def _scan_query(predicate: str, expressions: list[str]) -> str:
    """Every triple of ``predicate``, with the marks ``<i>`` of the tests it fails in ``?x``.

    A test in error is no violation, as in a FILTER: ``COALESCE(IF(...), "")``.
    """
    if not expressions:
        return f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"
    marks = ", ".join(f'COALESCE(IF({e}, "<{i}>", ""), "")' for i, e in enumerate(expressions))
    return f"SELECT ?s ?o ?x WHERE {{ ?s {predicate} ?o BIND(CONCAT({marks}) AS ?x) }}"


def _frame(data: bytes, columns: list[str]) -> pl.DataFrame:
    """A SPARQL TSV answer as a frame of term texts (its header line dropped)."""
    body = data[data.index(b"\n") + 1 :]
    if not body.strip():
        return pl.DataFrame({c: [] for c in columns}, schema={c: pl.String for c in columns})
    return pl.read_csv(
        body,
        separator="\t",
        has_header=False,
        quote_char=None,
        schema={c: pl.String for c in columns},
    )  # (an unbound ?x, no test failed: null)


def _text(term: str) -> str:
    """The value a finding reports for a term written in TSV: an IRI, ``_:label``, a literal's
    lexical form (as :func:`~forcedmig_kb.checks.sparql_runner.core_findings` reports it)."""
    if term.startswith("<"):
        return term[1:-1]
    if term.startswith("_:"):
        return term
    quad = next(iter(ox.parse(f"<urn:x:s> <urn:x:p> {term} .".encode(), format=ox.RdfFormat.TURTLE)))
    return quad.object.value


def _focus_text(term: str) -> str:
    """The focus a finding reports: an IRI, or ``_:`` and the node's value."""
    if term.startswith("<"):
        return term[1:-1]
    return term if term.startswith("_:") else "_:" + _text(term)


class _Columns:
    """The frames of one check: each predicate's triples, the targets and the rows of each path.

    The rows of a path have one column per step, ``n0`` (the focus node), ``n1``...: the
    constraints that walk the same path from the same targets share them.
    """

    def __init__(self, scans: Mapping[str, Future[pl.DataFrame]]) -> None:
        self.scans = scans  # each read in a worker thread: waited for when first needed
        self.memo: dict[tuple, pl.DataFrame] = {}
        self.by_class: dict[str, pl.DataFrame] | None = None

    def scan(self, predicate: str) -> pl.DataFrame:
        return self.scans[predicate].result()

    def _kept(self, key: tuple, make: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def edges(self, predicate: str) -> pl.DataFrame:
        return self._kept(("edges", predicate), lambda: self.scan(predicate).select("s", "o").unique())

    def focus(self, targets: tuple[tuple[str, ...], ...]) -> pl.DataFrame:
        parts = []
        for kind, *nodes in targets:
            if kind == "class":
                parts.append(self.instances(nodes).select(pl.col("s").alias("n0")))
            elif kind == "subjectsOf":
                parts.append(self.scan(f"<{nodes[0]}>").select(pl.col("s").alias("n0")))
            elif kind == "objectsOf":
                parts.append(self.scan(f"<{nodes[0]}>").select(pl.col("o").alias("n0")))
            else:
                parts.append(pl.DataFrame({"n0": [f"<{nodes[0]}>"]}, schema={"n0": pl.String}))
        return pl.concat(parts).unique()

    def path(self, targets: tuple[tuple[str, ...], ...], steps: tuple[str, ...]) -> pl.DataFrame:
        """The rows of the pattern: the focus nodes, then each step's triples joined on."""
        if not steps:
            return self._kept(("path", targets, steps), lambda: self.focus(targets))

        def extend() -> pl.DataFrame:
            k = len(steps)
            step = self.edges(steps[-1]).rename({"s": f"n{k - 1}", "o": f"n{k}"})
            return self.path(targets, steps[:-1]).join(step, on=f"n{k - 1}", how="inner")

        return self._kept(("path", targets, steps), extend)

    def instances(self, classes: tuple[str, ...] | list[str]) -> pl.DataFrame:
        """The nodes whose rdf:type is one of ``classes`` (a column ``s``)."""

        def make() -> pl.DataFrame:
            if self.by_class is None:  # the rdf:type triples by class, split once
                split = self.scan(_TYPE).partition_by("o", as_dict=True)
                self.by_class = {str(key[0]): part.select("s") for key, part in split.items()}
            parts = [self.by_class[f"<{c}>"] for c in classes if f"<{c}>" in self.by_class]
            return pl.concat(parts).unique() if parts else pl.DataFrame({"s": []}, schema={"s": pl.String})

        return self._kept(("instances", tuple(classes)), make)

    def subjects(self, predicate: str) -> pl.DataFrame:
        return self._kept(("subjects", predicate), lambda: self.edges(predicate).select("s").unique())

    def several(self, predicate: str) -> pl.DataFrame:
        """The subjects with two values or more of ``predicate``."""

        def make() -> pl.DataFrame:
            return self.edges(predicate).group_by("s").len().filter(pl.col("len") > 1).select("s")

        return self._kept(("several", predicate), make)

    def failing(self, predicate: str, test: int) -> pl.DataFrame:
        """The triples of ``predicate`` whose object fails its test number ``test``."""
        return (
            self.scan(predicate).filter(pl.col("x").str.contains(f"<{test}>", literal=True)).select("s", "o").unique()
        )

    def violations(self, plan: _Plan) -> list[tuple[str, str]]:
        """The (focus, value) pairs the constraint reports, as term texts (no value: "")."""
        c = plan.constraint
        rows = self.path(c.targets, c.steps)
        k = len(c.steps)
        if plan.kind == "min":
            bad = rows.join(self.subjects(plan.predicate), left_on=f"n{k}", right_on="s", how="anti")
        elif plan.kind == "max":
            bad = rows.join(self.several(plan.predicate), left_on=f"n{k}", right_on="s", how="semi")
        elif plan.kind == "class":
            bad = rows.join(self.instances(c.classes), left_on=f"n{k}", right_on="s", how="anti")
        else:
            failing = self.failing(plan.predicate, plan.test)
            bad = rows.join(failing, left_on=[f"n{k - 1}", f"n{k}"], right_on=["s", "o"], how="semi")
        if plan.reported is None:
            return [(focus, "") for focus in bad.get_column("n0").unique().to_list()]
        value = f"n{plan.reported}"
        pairs = (
            bad.select("n0", value).unique().rows()
            if value != "n0"
            else [(f, f) for f in bad.get_column("n0").unique().to_list()]
        )
        return [(focus, _text(term)) for focus, term in pairs]


def _findings(plan: _Plan, pairs: list[tuple[str, str]]) -> list[Finding]:
    c = plan.constraint
    return [
        Finding(
            rule=c.rule,
            severity=c.severity,
            focus=_focus_text(focus),
            message=c.message,
            fix=c.fix,
            shape=c.shape,
            path=c.path,
            value=value,
        )
        for focus, value in sorted(pairs)
    ]


def run_columnar(
    store,
    core: list[CoreQuery],
    rules: list[SparqlRule],
    parameters: Mapping[str, int | float],
    threads: int,
    advance: Callable[[int], None] | None = None,
) -> list[Finding]:
    """The findings of the compiled core constraints and of the SPARQL rules (``store``: an
    embedded Oxigraph store; ``advance(1)`` after each compiled query and rule).

    ``threads`` threads ask the store for the predicates' triples and read them into frames,
    then ask the other queries and the rules as SPARQL; meanwhile the queries whose constraints
    all have a columnar plan are evaluated on the frames in this thread. The findings come in the order of the queries, then
    the rules, as :func:`~forcedmig_kb.checks.sparql_runner.run_in_threads` gives them.
    """
    tests: dict[str, list[str]] = {}
    plans: dict[int, list[_Plan]] = {}
    for i, q in enumerate(core):
        planned = [_plan(c, tests) for c in q.flags or (q,)]
        if all(p is not None for p in planned):
            plans[i] = [p for p in planned if p is not None]
    read = set(tests)
    classes: set[str] = set()
    for plan in (p for ps in plans.values() for p in ps):
        read |= {plan.predicate, *plan.constraint.steps}
        classes |= set(plan.constraint.classes)
        for kind, *nodes in plan.constraint.targets:
            if kind == "class":
                classes |= set(nodes)
            elif kind in ("subjectsOf", "objectsOf"):
                read.add(f"<{nodes[0]}>")
    native = store.native

    def scan(query: str, columns: list[str]) -> pl.DataFrame:
        """One scan's answer, written by Oxigraph as TSV and read by polars (both without Python's
        lock), in a worker thread: the text is dropped as soon as it is read."""
        answer = native.query(query, use_default_graph_as_union=True)
        return _frame(answer.serialize(format=ox.QueryResultsFormat.TSV), columns)

    scans: dict[str, Future[pl.DataFrame]] = {}
    with ThreadPoolExecutor(max(threads, 1), thread_name_prefix="fmkb-check") as pool:
        if classes and _TYPE not in read:  # only the targets' types
            values = " ".join(f"<{c}>" for c in sorted(classes))
            query = f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {values} }} ?s {_TYPE} ?o }}"
            scans[_TYPE] = pool.submit(scan, query, ["s", "o"])
        for predicate in sorted(read):
            columns = ["s", "o", "x"] if tests.get(predicate) else ["s", "o"]
            scans[predicate] = pool.submit(scan, _scan_query(predicate, tests.get(predicate, [])), columns)
        asked = {i: pool.submit(core_findings, store, q) for i, q in enumerate(core) if i not in plans}
        answered = [pool.submit(rule_findings, store, r, parameters) for r in rules]
        frames = _Columns(scans)
        findings: list[Finding] = []
        for i in range(len(core)):
            if i in plans:
                for plan in plans[i]:
                    findings += _findings(plan, frames.violations(plan))
            else:
                findings += asked[i].result()
            if advance is not None:
                advance(1)
        for answer in answered:
            findings += answer.result()
            if advance is not None:
                advance(1)
    return findings
