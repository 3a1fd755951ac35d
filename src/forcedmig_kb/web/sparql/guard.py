"""What a read-only, offline SPARQL endpoint refuses, found by parsing the query.

The query is parsed with rdflib's SPARQL 1.1 parser (https://www.w3.org/TR/sparql11-query/#grammar)
and its syntax tree walked; nothing is matched with regular expressions, so a keyword in a
string, an IRI or a comment is never mistaken for an operation. Refused, with
:class:`~forcedmig_kb.errors.QueryRefused`:

- SPARQL 1.1 Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...): the endpoint is read-only
  (https://www.w3.org/TR/sparql11-protocol/#update-operation is not offered);
- ``SERVICE`` anywhere, ``SILENT`` or not: federated query (https://www.w3.org/TR/sparql11-federated-query/)
  would make the server open a connection on a client's behalf;
- ``FROM`` / ``FROM NAMED`` and the protocol's ``default-graph-uri`` / ``named-graph-uri`` naming
  a graph that is not one of the knowledge base's own named graphs: a dataset IRI only ever
  selects stored graphs, it is never fetched, and an unknown one is refused rather than
  silently read as empty.

The guard runs inside the query worker processes (:mod:`.workers`), under the
query's deadline, so that even a query that is slow to parse is stopped.

>>> inspect("PREFIX g: <https://w3id.org/forcedmig/graph/> ASK FROM g:claims { ?s ?p ?o }",
...         allowed_graphs={"https://w3id.org/forcedmig/graph/claims"})
Inspection(form='ASK', default_graph=('https://w3id.org/forcedmig/graph/claims',), named_graphs=())
>>> inspect("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
forcedmig_kb.errors.QueryRefused: SERVICE <http://127.0.0.1:9/> is refused: this endpoint never fetches data from elsewhere...
>>> inspect("SELECT * { ?s ?p 'SERVICE <http://x/>' } # SERVICE <http://y/>").form
'SELECT'
>>> inspect("SELECT * WHERE " + "{" * 500 + " ?s ?p ?o " + "}" * 500)
Traceback (most recent call last):
...
forcedmig_kb.errors.QuerySyntaxError: the query is nested more deeply than this endpoint's parser allows...
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from ...errors import QueryRefused, QuerySyntaxError

Form = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
_FORMS: dict[str, Form] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_CACHED_QUERY_CHARS = 8192  # repeated small queries skip the parse; big ones are not kept


@dataclass(frozen=True, slots=True)
class Inspection:
    """What the guard learnt of an accepted query: its form and its own dataset (``FROM``)."""

    form: Form
    default_graph: tuple[str, ...] | None = None  # FROM, when the query has a dataset clause
    named_graphs: tuple[str, ...] | None = None  # FROM NAMED, idem

    @property
    def tabular(self) -> bool:
        """True for SELECT and ASK (SPARQL results formats), False for CONSTRUCT and DESCRIBE (RDF)."""
        return self.form in ("SELECT", "ASK")


def inspect(query: str, *, allowed_graphs: Collection[str] = ()) -> Inspection:
    """Parse ``query`` and refuse what the endpoint never does; the form and dataset if accepted."""
    if len(query) <= _CACHED_QUERY_CHARS:
        return _inspect_cached(query, frozenset(allowed_graphs))
    return _inspect(query, frozenset(allowed_graphs))


@lru_cache(maxsize=512)
def _inspect_cached(query: str, allowed: frozenset[str]) -> Inspection:
    return _inspect(query, allowed)


def _inspect(query: str, allowed: frozenset[str]) -> Inspection:
    if not query.strip():
        raise QuerySyntaxError(
            "the query does not parse: it is empty at line 1, column 1",
            hint="send a SELECT, ASK, CONSTRUCT or DESCRIBE query",
        )
    try:
        tree = parseQuery(query)
    except RecursionError:  # rdflib's parser recurses per level of nesting: a few hundred are enough
        raise QuerySyntaxError(
            "the query is nested more deeply than this endpoint's parser allows",
            hint="flatten it: fewer nested groups, parentheses or sub-queries",
        ) from None
    except ParseException as exc:
        if _is_update(query):
            raise QueryRefused(
                "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, ...) is refused: this endpoint is read-only",
                hint="send only SELECT, ASK, CONSTRUCT or DESCRIBE queries",
            ) from None
        raise QuerySyntaxError(
            f"the query does not parse: {_parser_message(exc)}", hint="check the query at the line and column given"
        ) from None
    prologue, body = tree[0], tree[1]
    for node in _nodes(body):
        if node.name == "ServiceGraphPattern":
            target = node["term"] if "term" in node else "?"
            raise QueryRefused(
                f"SERVICE {_show(target)} is refused: this endpoint never fetches data from elsewhere",
                hint="query the remote endpoint yourself and this one separately, or ask without SERVICE",
            )
    form = _FORMS.get(body.name)
    if form is None:  # pragma: no cover - the grammar has only these four forms
        raise QuerySyntaxError(f"unknown query form {body.name}")
    clauses = body["datasetClause"] if "datasetClause" in body else []
    if not clauses:
        return Inspection(form)
    resolver = translatePrologue(prologue, None)
    default: list[str] = []
    named: list[str] = []
    for clause in clauses:
        if "named" in clause:
            named.append(str(resolver.absolutize(clause["named"])))
        else:
            default.append(str(resolver.absolutize(clause["default"])))
    check_dataset(default, named, allowed_graphs=allowed, what=("FROM", "FROM NAMED"))
    return Inspection(form, tuple(default), tuple(named))


def check_dataset(
    default_graph: Collection[str] | None,
    named_graphs: Collection[str] | None,
    *,
    allowed_graphs: Collection[str],
    what: tuple[str, str] = ("default-graph-uri", "named-graph-uri"),
) -> None:
    """Refuse a dataset that names a graph the knowledge base does not hold.

    >>> check_dataset(["http://127.0.0.1:9/x.ttl"], None, allowed_graphs={"https://w3id.org/forcedmig/graph/claims"})
    Traceback (most recent call last):
    ...
    forcedmig_kb.errors.QueryRefused: default-graph-uri <http://127.0.0.1:9/x.ttl> is refused: ...
    """
    for label, iris in zip(what, (default_graph or (), named_graphs or ())):
        for iri in iris:
            if iri not in allowed_graphs:
                known = ", ".join(f"<{g}>" for g in sorted(allowed_graphs)) or "(none)"
                raise QueryRefused(
                    f"{label} <{iri}> is refused: it is not a graph of this knowledge base, and graphs "
                    "are never fetched from elsewhere",
                    hint=f"name one of the graphs the service description lists: {known}",
                )


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseException, RecursionError):
        return False
    return True


def _nodes(root: object) -> Iterator[CompValue]:
    """Every node of an rdflib SPARQL syntax tree, depth first."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _show(term: object) -> str:
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{term['prefix'] if 'prefix' in term else ''}:{term['localname'] if 'localname' in term else ''}"
    text = str(term)
    return f"<{text}>" if ":" in text and not text.startswith("?") else text


def _parser_message(exc: ParseException) -> str:
    return f"{exc.msg} at line {exc.lineno}, column {exc.col}"
