"""A compiled core constraint as a query (:class:`CoreQuery`), and the constraints that test the same rows
asked as one query: merged flags over look-ups per row (:func:`merge_constraints`), or, over the whole
store, joins of grouped scans by hashing (:func:`hashed_query`). :mod:`.core_compiler` makes them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .findings import Severity


@dataclass(frozen=True, slots=True)
class CoreQuery:
    """One compiled constraint: its query lists ``?this`` (focus) and, where SHACL reports one, ``?value``.

    A query that tests several constraints on the same rows (see :func:`merge_constraints`)
    holds them in ``flags`` and projects ``?fm0``, ``?fm1``...: each true flag is one result of
    that constraint, reported as that constraint says.
    """

    shape: str  # the shape that reports it (the outermost property or node shape)
    component: str  # e.g. 'minCount', 'node/datatype'
    rule: str
    severity: Severity
    message: str
    fix: str
    path: str
    query: str
    flags: tuple[CoreQuery, ...] = ()
    # A test on rows, kept so that tests on the same rows can be merged: the rows' pattern, the
    # variable reported as ?value, and the FILTER expression true on a violation.
    pattern: str = ""
    reported: str = ""
    test: str = ""
    # For the whole-store plan (see :func:`~.core_compiler.compile_core`): the rows' pattern as a join of
    # subqueries, and what the test looks up, if it can be asked as one grouped scan instead:
    # ("count", node, path, "min" or "max") for a count of one, ("class", node, class, pattern).
    joined: str = ""
    lookup: tuple[str, ...] = ()
    # For the columnar plan (:mod:`~forcedmig_kb.checks.columnar`): the rows' pattern as its
    # shape's targets (each ("class", IRI...), ("subjectsOf", IRI), ("objectsOf", IRI) or
    # ("node", IRI); empty when a target is written otherwise), the predicates stepped along
    # from ``?this`` and the variable each step binds, ``?this`` first.
    targets: tuple[tuple[str, ...], ...] = ()
    steps: tuple[str, ...] = ()
    chain: tuple[str, ...] = ()
    # For a sh:class test with the class closure known: the class and its subclasses in the data.
    classes: tuple[str, ...] = ()


def merge_constraints(queries: list[CoreQuery], whole: bool = False) -> list[CoreQuery]:
    """One query for all the constraints that test the same rows (``whole``: planned for the
    whole store, :func:`hashed_query`).

    Every constraint on a focus node's values, and every count of one on a node, is a test on
    the rows of one pattern (a shape's targets, or the values along a path): datatype, length,
    pattern, ``sh:in``, ``sh:class`` (``NOT EXISTS``), ``sh:minCount 1`` (``NOT EXISTS``),
    ``sh:maxCount 1`` (``EXISTS`` of a second value). Asked one by one, each walked every focus
    node again; merged, the rows are read once and each test is a projected flag
    (``(test AS ?fm0)``), true where it fails, each flag reporting as its own constraint would.
    The FILTER keeps the rows where any test fails: SPARQL's ``||`` is true if either side is,
    and an expression in error is no violation in either form, so the results are the same.
    """
    groups: dict[str, list[CoreQuery]] = {}
    order: list[str | CoreQuery] = []
    for q in queries:
        if not q.test:
            order.append(q)
            continue
        if q.pattern not in groups:
            groups[q.pattern] = []
            order.append(q.pattern)
        groups[q.pattern].append(q)
    merged = []
    for item in order:
        if isinstance(item, CoreQuery):
            merged.append(item)
            continue
        members = groups[item]
        if whole and members[0].joined:
            merged += [hashed_query(part) for part in _by_joins(members)]
            continue
        if len(members) == 1:
            merged.append(members[0])
            continue
        reported = " ".join(dict.fromkeys(q.reported for q in members if q.reported not in ("", "?this")))
        flags = " ".join(f"(({q.test}) AS ?fm{i})" for i, q in enumerate(members))
        any_fails = " || ".join(f"({q.test})" for q in members)
        first = members[0]
        merged.append(
            replace(
                first,
                component="+".join(q.component for q in members),
                flags=tuple(members),
                query=f"SELECT DISTINCT ?this {reported} {flags} WHERE {{ {item} FILTER({any_fails}) }}",
                pattern="",
                reported="",
                test="",
            )
        )  # (its members keep theirs)
    return merged


def _by_joins(members: list[CoreQuery]) -> list[list[CoreQuery]]:
    """The members in parts that each look up one grouped scan (a count's minimum and maximum
    share theirs); the tests on the row alone go with the first part.

    The store holds each join's side in memory at once, so eleven counts on the claims in one
    query hold eleven scans of them (docs/performance.md, "Scale"); one scan a query holds one,
    and the target is scanned again for each, which is cheap.
    """
    parts: dict[tuple[str, ...], list[CoreQuery]] = {}
    for q in members:
        parts.setdefault(q.lookup[:3] if q.lookup else (), []).append(q)
    plain = parts.pop((), [])
    scans = list(parts.values())
    return [plain + scans[0], *scans[1:]] if scans else [plain]


def hashed_query(members: list[CoreQuery]) -> CoreQuery:
    """The tests on one pattern's rows as one query for the whole store, joined by hashing.

    The rows come from the pattern's subqueries (:attr:`CoreQuery.joined`). A count of one
    along a path is a left join with that path's triples grouped by subject (unbound: none;
    above one: several), a ``sh:class`` test a left join with the class's instances: each is
    one scan, where ``EXISTS`` looked up triples for every row. Other tests are expressions on
    the row, as in the merged query. Flags as in :func:`merge_constraints`.
    """
    joins: dict[tuple[str, ...], str] = {}  # what is looked up -> its variable
    parts, tests = [], []
    for q in members:
        kind = q.lookup[0] if q.lookup else ""
        if kind in ("count", "class"):
            key = q.lookup[:3]
            if key not in joins:
                var = joins[key] = f"?fmj{len(joins)}"
                node = q.lookup[1]
                parts.append(
                    f"OPTIONAL {{ SELECT {node} (COUNT(DISTINCT ?fmx) AS {var}) WHERE {{ {node} {q.lookup[2]} ?fmx }} "
                    f"GROUP BY {node} }}"
                    if kind == "count"
                    else f"OPTIONAL {{ SELECT DISTINCT {node} (true AS {var}) WHERE {{ {q.lookup[3]} }} }}"
                )
            var = joins[key]
            tests.append(f"COALESCE({var} > 1, false)" if q.lookup[-1] == "max" else f"!BOUND({var})")
        else:
            tests.append(q.test)
    reported = " ".join(dict.fromkeys(q.reported for q in members if q.reported not in ("", "?this")))
    flags = " ".join(f"(({t}) AS ?fm{i})" for i, t in enumerate(tests))
    any_fails = " || ".join(f"({t})" for t in tests)
    query = f"SELECT DISTINCT ?this {reported} {flags} WHERE {{ {members[0].joined} {' '.join(parts)} FILTER({any_fails}) }}"
    return replace(
        members[0],
        component="+".join(q.component for q in members),
        flags=tuple(members),
        query=query,
        pattern="",
        reported="",
        test="",
        joined="",
        lookup=(),
    )
