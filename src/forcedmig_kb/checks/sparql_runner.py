"""Run the check's queries on the store: the shapes' SHACL-SPARQL constraints and the compiled core ones.

SHACL-SPARQL (https://www.w3.org/TR/shacl/#sparql-constraints) pre-binds ``$this`` to each focus
node and runs the constraint's SELECT once per node. Here each constraint is one query over all
focus nodes at once: the shape's targets become a triple pattern on ``?this`` (in SPARQL,
``$this`` and ``?this`` are the same variable), put first in the WHERE clause, and each solution
is one validation result; tests hold the results equal to pySHACL's on the chapter and on every
fixture. The core constraints compiled by :mod:`~forcedmig_kb.checks.core_compiler` run here
too (:func:`run_core_queries`), and both kinds can run in worker processes that open an
on-disk store read-only (:func:`run_in_processes`), or in threads of this process over a store
that evaluates queries without holding Python's lock (:func:`run_in_threads`: embedded Oxigraph,
in memory too).

Convention for constraint authors: write the query as ``SELECT $this ... WHERE { ... }`` with
``$this`` (and ``?value``, ``?path`` where wanted) projected; no VALUES (SHACL forbids it),
no nested SELECT that needs ``$this`` from outside.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import FM, RDF, RDFS, SH, local_name
from ..store import Store, Term
from ..store.protocol import XSD_GYEAR, XSD_STRING
from .core_queries import CoreQuery
from .findings import SEVERITY_OF_SH, Finding, Severity

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


def _block_end(text: str, start: int) -> int:
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
        end = _block_end(query, brace)
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


_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def _empty(term: Term) -> bool:
    """An empty string: what GROUP_CONCAT gives over no values (and some engines leave unbound)."""
    return term.kind == "literal" and term.value == "" and term.datatype in (None, "", XSD_STRING)


def _render(template: str, row: dict[str, Term | None]) -> str:
    """The message with its ``{?var}`` placeholders filled. A variable the row leaves unbound where an
    aggregate over nothing was asked reads as the empty string it stands for (Virtuoso leaves
    GROUP_CONCAT over no values unbound); any other unbound placeholder stays as printed."""

    def value(m: re.Match[str]) -> str:
        term = row.get(m.group(1))
        if term is None:
            return "" if m.group(1) in row else m.group(0)
        if term.kind == "uri":
            return local_name(term.value)
        value = term.python()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and term.datatype != XSD_GYEAR:
            if value >= 1e200:  # an open bound (1e300), or a figure computed from one
                return "no limit"
            if float(value).is_integer():  # years stay 2019, large counts get separators
                return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.0f}"
            return f"{value:,.4g}"
        return term.value

    return _PLACEHOLDER.sub(value, template)


_PARAMETER = re.compile(r"\$(?!this\b)([A-Za-z_]\w*)")


def bind_parameters(query: str, parameters: Mapping[str, int | float]) -> str:
    """Replace the check's parameters (``$name``, other than ``$this``) by their values.

    >>> bind_parameters("FILTER(?a > COALESCE($staleAfterYears, 5) && $this)", {"staleAfterYears": 8})
    'FILTER(?a > COALESCE(8, 5) && $this)'
    """
    return _PARAMETER.sub(lambda m: repr(parameters[m.group(1)]) if m.group(1) in parameters else m.group(0), query)


def run_sparql_rules(
    store: Store,
    rules: list[SparqlRule],
    parameters: Mapping[str, int | float] | None = None,
    only: Iterable[str] | None = None,
    advance: Callable[[int], None] | None = None,
) -> list[Finding]:
    """Run compiled constraints on the store (parameters bound; ``only``: these focus nodes;
    ``advance(1)`` after each rule, for a progress bar)."""
    findings = []
    for rule in rules:
        findings += rule_findings(store, rule, parameters, only)
        if advance is not None:
            advance(1)
    return findings


def rule_findings(
    store: Store,
    rule: SparqlRule,
    parameters: Mapping[str, int | float] | None = None,
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """The findings of one compiled SHACL-SPARQL constraint."""
    findings = []
    lists = list_variables(rule.query)
    query = bind_parameters(rule.query, parameters or {})
    for row in _rows(store, query, only):
        row = sorted_lists(row, lists)
        focus = row.get("this")
        if focus is None:
            continue
        value = row.get("value")
        path = row.get("path")
        findings.append(
            Finding(
                rule=rule.rule,
                severity=rule.severity,
                focus=focus.value if focus.kind == "uri" else f"_:{focus.value}",
                message=_render(rule.message, row),
                fix=rule.fix,
                shape=rule.shape,
                path=path.value if path is not None else "",
                value=_term_text(value) if value is not None else _term_text(focus),
                evidence={
                    k: _evidence(t)
                    for k, t in row.items()
                    if k not in ("this", "value", "path") and t is not None and not _empty(t)
                },
            )
        )
    return findings


def _evidence(term: Term):
    value = term.python()
    if isinstance(value, float):
        return round(value, 4) if value < 1e299 else None
    return value


def _term_text(term: Term | None) -> str:
    if term is None:
        return ""
    return term.value if term.kind != "bnode" else f"_:{term.value}"


def run_core_queries(
    store: Store,
    compiled: list[CoreQuery],
    only: Iterable[str] | None = None,
    advance: Callable[[int], None] | None = None,
) -> list[Finding]:
    """Run compiled core constraints (:mod:`forcedmig_kb.checks.core_compiler`) on the store (``only``:
    these focus nodes; ``advance(1)`` after each constraint, for a progress bar)."""
    findings = []
    for q in compiled:
        findings += core_findings(store, q, only)
        if advance is not None:
            advance(1)
    return findings


def core_findings(store: Store, q: CoreQuery, only: Iterable[str] | None = None) -> list[Finding]:
    """The findings of one compiled core constraint; of a merged one (``q.flags``), of each
    constraint whose flag is true, once per focus and value, as if each were asked alone."""
    findings, seen = [], set()
    for row in _rows(store, q.query, only):
        focus = row.get("this")
        if focus is None:
            continue
        for i, c in enumerate(q.flags) if q.flags else ((None, q),):
            if i is None:
                value = _term_text(row.get("value"))
            else:
                flag = row.get(f"fm{i}")
                if flag is None or flag.value not in ("true", "1"):  # (Virtuoso answers 1 and 0)
                    continue
                value = _term_text(row.get(c.reported[1:])) if c.reported else ""
                if (i, focus, value) in seen:
                    continue
                seen.add((i, focus, value))
            findings.append(
                Finding(
                    rule=c.rule,
                    severity=c.severity,
                    focus=focus.value if focus.kind == "uri" else f"_:{focus.value}",
                    message=c.message,
                    fix=c.fix,
                    shape=c.shape,
                    path=c.path,
                    value=value,
                )
            )
    return findings


# Up to this many focus nodes, a focused check asks once per node: with one IRI in ``VALUES ?this``
# a store binds it and looks up only that node's triples, whereas a longer VALUES list is joined
# with the whole of the first pattern, a cost that grows with the store (docs/performance.md).
PER_NODE_LIMIT = 64


def _rows(store: Store, query: str, only: Iterable[str] | None):
    """The rows of ``query`` (its solutions' terms), over every focus node or only over ``only``."""
    if only is None:
        yield from store.select(query).terms()
        return
    nodes = sorted(only)
    if len(nodes) > PER_NODE_LIMIT:
        yield from store.select(focus_query(query, nodes)).terms()
        return
    template = focus_query(query, [_SLOT])  # rewritten once, then filled in per node
    for node in nodes:
        yield from store.select(template.replace(f"<{_SLOT}>", Term("uri", node).n3())).terms()


_SLOT = "urn:x-forcedmig:focus-node"


_WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def focus_query(query: str, iris: Iterable[str]) -> str:
    """Restrict a compiled constraint to the focus nodes ``iris`` (for ``check --changed``).

    ``VALUES ?this`` goes first in every group that mentions ``?this`` (the query and the
    subqueries that group by it), and the anti-joins go back to ``FILTER NOT EXISTS``, which is
    cheap once ``?this`` is bound (MINUS would scan the whole store for each of them).

    >>> focus_query("SELECT ?this WHERE { ?this a ?c MINUS { ?this <p> ?v } }", ["http://ex/a"])
    'SELECT ?this WHERE { VALUES ?this { <http://ex/a> } ?this a ?c FILTER NOT EXISTS { ?this <p> ?v } }'
    """
    values = "VALUES ?this { " + " ".join(Term("uri", iri).n3() for iri in sorted(iris)) + " } "
    query = re.sub(r"\bMINUS\s*\{", "FILTER NOT EXISTS {", query)
    out, pos = [], 0
    for m in _WHERE_OPEN.finditer(query):
        end = _block_end(query, m.end() - 1)
        if re.search(r"[?$]this\b", query[m.end() : end]):
            out += [query[pos : m.end()], " ", values.rstrip()]
            pos = m.end()
    out.append(query[pos:])
    return "".join(out)


_worker_store: Store | None = None  # in a check process: the store, opened read-only once


def _open_worker_store(opener: Callable[[], Store]) -> None:
    global _worker_store
    _worker_store = opener()


def _run_one(task: tuple) -> list[dict]:
    """One constraint, in a check process: its findings as dicts."""
    kind, item, parameters = task
    assert _worker_store is not None  # opened by the process's initializer
    found = core_findings(_worker_store, item) if kind == "core" else rule_findings(_worker_store, item, parameters)
    return [f.as_dict() for f in found]


def run_in_processes(
    opener: Callable[[], Store],
    core: list[CoreQuery],
    rules: list[SparqlRule],
    parameters: Mapping[str, int | float],
    processes: int,
    advance: Callable[[int], None] | None = None,
) -> list[Finding]:
    """Run the compiled constraints in ``processes`` processes, each reading the store that
    ``opener`` opens (:meth:`~forcedmig_kb.store.protocol.Store.opener`, for a store whose
    :attr:`~forcedmig_kb.store.protocol.Store.parallel_reads` allows it).

    RocksDB lets any number of processes read one on-disk store, so the queries of a
    million-claim check are shared out instead of queued: each process opens the store once and
    takes the next constraint when it is done with one (``advance(1)`` as each comes back). The
    findings come in the order of the constraints, as in one process.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from ..errors import StoreError

    tasks = [("core", q, parameters) for q in core] + [("rule", r, parameters) for r in rules]
    findings: list[Finding] = []
    # (an executor, not multiprocessing.Pool: when a process dies, killed for memory say, the
    # Pool waits for its answer forever; the executor says so)
    with ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=_open_worker_store,
        initargs=(opener,),
    ) as pool:
        try:
            for part in pool.map(_run_one, tasks):
                findings += [Finding(**f) for f in part]
                if advance is not None:
                    advance(1)
        except BrokenProcessPool as exc:
            raise StoreError(
                "a check process ended before it answered (killed for lack of memory?)",
                hint="lower FMKB_CHECK_JOINED_UP_TO (look-ups instead of joins held in memory) or FMKB_CHECK_WORKERS",
            ) from exc
    return findings


def run_in_threads(
    store: Store,
    core: list[CoreQuery],
    rules: list[SparqlRule],
    parameters: Mapping[str, int | float],
    threads: int,
    advance: Callable[[int], None] | None = None,
) -> list[Finding]:
    """Run the compiled constraints in ``threads`` threads of this process, all reading ``store``.

    For a store that evaluates a query without holding Python's lock
    (:attr:`~forcedmig_kb.store.protocol.Store.concurrent_queries`: embedded Oxigraph, whose
    in-memory store no other process can open): while one thread's query runs in Oxigraph,
    another's can too, and the Python left (a finding per row) is small beside it. The findings
    come in the order of the constraints, as in one thread.
    """
    from concurrent.futures import ThreadPoolExecutor

    def one(task: tuple[str, CoreQuery | SparqlRule]) -> list[Finding]:
        kind, item = task
        if kind == "core":
            assert isinstance(item, CoreQuery)
            return core_findings(store, item)
        assert isinstance(item, SparqlRule)
        return rule_findings(store, item, parameters)

    tasks: list[tuple[str, CoreQuery | SparqlRule]] = [("core", q) for q in core] + [("rule", r) for r in rules]
    findings: list[Finding] = []
    with ThreadPoolExecutor(threads, thread_name_prefix="fmkb-check") as pool:
        for part in pool.map(one, tasks):
            findings += part
            if advance is not None:
                advance(1)
    return findings
