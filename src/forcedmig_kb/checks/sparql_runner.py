"""Run the check's queries on the store: the shapes' SHACL-SPARQL constraints (compiled by
:mod:`.sparql_rules`, each one query over all its focus nodes, each solution one validation result)
and the compiled core ones; tests hold the results equal to pySHACL's on the chapter and on every
fixture. The core constraints compiled by :mod:`~forcedmig_kb.checks.core_compiler` run here
too (:func:`run_core_queries`), and both kinds can run in worker processes that open an
on-disk store read-only (:func:`run_in_processes`), or in threads of this process over a store
that evaluates queries without holding Python's lock (:func:`run_in_threads`: embedded Oxigraph,
in memory too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from ..namespaces import local_name
from ..store import Store, Term
from ..store.protocol import XSD_GYEAR, XSD_STRING
from .core_queries import CoreQuery
from .findings import Finding
from .sparql_rules import SparqlRule, bind_parameters, block_end, list_variables, sorted_lists

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
        end = block_end(query, m.end() - 1)
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
