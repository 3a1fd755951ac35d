"""What a read-only, offline SPARQL endpoint refuses, found by reading the query's tokens.

Refused, with :class:`~forcedmig_kb.errors.QueryRefused`:

- SPARQL 1.1 Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...): the endpoint is read-only
  (https://www.w3.org/TR/sparql11-protocol/#update-operation is not offered);
- ``SERVICE`` anywhere, ``SILENT`` or not: federated query (https://www.w3.org/TR/sparql11-federated-query/)
  would make the server open a connection on a client's behalf;
- ``FROM`` / ``FROM NAMED`` and the protocol's ``default-graph-uri`` / ``named-graph-uri`` naming
  a graph that is not one of the knowledge base's own named graphs: a dataset IRI only ever
  selects stored graphs, it is never fetched, and an unknown one is refused rather than
  silently read as empty (``GRAPH <iri>`` in a pattern is left alone: it only selects among the
  stored graphs, and an unknown one matches nothing, as SPARQL says);
- a query nested more deeply than :data:`MAX_DEPTH` brackets: Oxigraph's parser recurses per
  level and would overflow its stack (and end its worker) on some thousands.

How, in time linear in the query's length and with the loops in the regular-expression engine
rather than in Python (a federation engine's bind join sends ``VALUES`` blocks of thousands of
rows, :func:`inspect`):

1. The query is cut into the terminals of the SPARQL 1.1 grammar
   (https://www.w3.org/TR/sparql11-query/#terminals): comments, the four kinds of string,
   ``IRIREF`` (with its ``\\u`` escapes), variables, blank node labels, language tags,
   prefixed names (with their ``\\``-escapes), numbers, punctuation, and bare words. Only a bare
   word can be a keyword; a keyword inside a string, an IRI, a comment, a prefixed name
   (``ex:SERVICE``), a variable or a language tag is not one. Every bare word is compared to
   the keywords without regard to case, as the grammar does.
2. One thing the terminals alone do not settle: ``<`` is both the start of an ``IRIREF`` and the
   less-than operator, and ``FILTER(?a<?b)SERVICE?x#>`` is, to Oxigraph, a comparison, then a
   ``SERVICE``, then a comment. A span ``<...>`` is read as an IRI without doubt when, read as
   operators instead, it could not belong to any query that parses: when it starts with
   ``scheme://`` (``http:`` then ``//`` is no expression), or when it holds none of ``)``
   (the only way out of the expression a ``<`` operator sits in, as ``{`` and ``}`` cannot occur
   in an ``IRIREF``), ``'`` (a string that would run on past the ``>``) and ``#`` (a comment
   that would). A query with any other span (say ``<#me>`` or ``<urn:x(1)>``) is inspected the
   slow way, by rdflib's full parser (:func:`_inspect_parsed`), as before.
3. SPARQL 1.1 section 19.2 lets ``\\u`` escapes stand anywhere in a query; Oxigraph reads them
   only inside strings and IRIs, other engines (a remote store's) everywhere, so a query that
   holds any is read both ways and refused if either reading finds an operation.
4. What is accepted is then parsed by Oxigraph itself, which rejects syntax errors with its
   line and column (and is what evaluates the query after).

The guard runs inside the query worker processes (:mod:`.worker`), under the
query's deadline, so that even a query that is slow to inspect is stopped.

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

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Literal
from urllib.parse import urljoin

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from ...errors import QueryRefused, QuerySyntaxError
from ...store.oxigraph import query_syntax_error

Form = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
_FORMS: dict[str, Form] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_FORM_WORDS: dict[str, Form] = {"SELECT": "SELECT", "ASK": "ASK", "CONSTRUCT": "CONSTRUCT", "DESCRIBE": "DESCRIBE"}
#: The words an update request can begin with (https://www.w3.org/TR/sparql11-query/#rUpdate1).
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_CACHED_QUERY_CHARS = 8192  # repeated small queries skip the inspection; big ones are not kept
#: Most brackets (``{``, ``(``, ``[``) open at once; past it, 400 (Oxigraph's parser recurses per level).
MAX_DEPTH = 256
_READ_ONLY = "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, ...) is refused: this endpoint is read-only"

# ------------------------------------------------------------------ the terminals
# Written as "unrolled loops" (a run of plain characters, then the rare special one) so that the
# regular-expression engine takes one step per run rather than one alternation per character.
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRI_RUN = r"[^<>\"{}|^`\\\x00-\x20]*+"
_IRIREF = rf"<{_IRI_RUN}(?:(?:{_UCHAR}){_IRI_RUN})*+>"
_COMMENT = r"\#[^\r\n]*+"
_STRINGS = (
    r"'''[^'\\]*+(?:(?:'(?!'')|''(?!')|\\[\s\S])[^'\\]*+)*+'''"
    r'|"""[^"\\]*+(?:(?:"(?!"")|""(?!")|\\[\s\S])[^"\\]*+)*+"""'
    r"|'[^'\\\n\r]*+(?:\\[^\n\r][^'\\\n\r]*+)*+'"
    r'|"[^"\\\n\r]*+(?:\\[^\n\r][^"\\\n\r]*+)*+"'
)
_PN = r"[\w\-.\u00B7]"  # a little wider than PN_CHARS: a longer name can only hide a non-keyword
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PNAME = rf"(?:[^\W\d_]{_PN}*+)?:(?:{_PN}|:|{_PLX})*+"
#: Whatever cannot hold a keyword: plain punctuation, then the tokens that begin with a special
#: character, longest first; last, a lone character of any other kind (``<`` the operator, a
#: quote that opens no string). What is left begins with a letter or ``_``: a bare word.
_SKIP = (
    rf"\s++|[^\w\s#'\"<?$@:\\]++|{_IRIREF}|{_COMMENT}|{_STRINGS}|[?$]\w*+|_:{_PN}*+"
    rf"|@[A-Za-z]++(?:-[A-Za-z0-9]++)*+|{_PNAME}|\d++(?:\.\d*+)?(?:[eE][+-]?\d++)?|\\[\s\S]|[^\w]"
)
_WORDS = re.compile(rf"(?:{_SKIP})*+(?:(?P<word>[^\W\d]\w*+)|(?P<odd>[\s\S])|\Z)")
#: Everything but the brackets of the query's own syntax (those in strings, IRIs, comments go too).
_NOT_BRACKETS = re.compile(rf"(?:[^(){{}}\[\]#'\"<\\]++|{_IRIREF}|{_COMMENT}|{_STRINGS}|\\[\s\S]|['\"<])++")
_DEPTH = {"(": 1, "{": 1, "[": 1, ")": -1, "}": -1, "]": -1}
_NOT_IRI_END = r"[^<>\"{}|^`\\\x00-\x20)'#]*+"
#: An ``IRIREF`` that, read as operators, might belong to a query that parses (see the module's docstring).
_AMBIGUOUS_IRI = re.compile(
    rf"<(?![A-Za-z][A-Za-z0-9+.\-]*+://){_NOT_IRI_END}(?:(?:{_UCHAR}){_NOT_IRI_END})*+"
    rf"[)'#]{_IRI_RUN}(?:(?:{_UCHAR}){_IRI_RUN})*+>"
)
_GAP = r"(?:\s|#[^\r\n]*+)*+"
_PREFIX_DECL = re.compile(rf"{_GAP}(?P<prefix>(?:[^\W\d_]{_PN}*+)?):{_GAP}(?P<iri>{_IRIREF})")
_BASE_DECL = re.compile(rf"{_GAP}(?P<iri>{_IRIREF})")
_FROM_CLAUSE = re.compile(rf"{_GAP}(?P<named>[Nn][Aa][Mm][Ee][Dd](?!\w))?{_GAP}(?P<term>{_IRIREF}|{_PNAME})")
_SERVICE_TARGET = re.compile(rf"{_GAP}(?:[Ss][Ii][Ll][Ee][Nn][Tt](?!\w){_GAP})?(?P<term>{_IRIREF}|{_PNAME}|[?$]\w*+)")
_UCHAR_RE = re.compile(_UCHAR)
_PLX_ESCAPE = re.compile(r"\\(.)")
_PARSER = ox.Store()  # empty: Oxigraph's parser, nothing to evaluate on


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


def inspect(query: str, *, allowed_graphs: Collection[str] = (), parse: bool = True) -> Inspection:
    """Refuse what the endpoint never does, and what does not parse; the form and dataset if accepted.

    ``parse=False`` leaves the syntax to whoever evaluates the query next with Oxigraph
    (:meth:`~forcedmig_kb.store.OxigraphStore.answer` parses it anyway, with the same message),
    so that a large query is not parsed twice.
    """
    if len(query) <= _CACHED_QUERY_CHARS:
        return _inspect_cached(query, frozenset(allowed_graphs), parse)
    return _inspect(query, frozenset(allowed_graphs), parse)


@lru_cache(maxsize=512)
def _inspect_cached(query: str, allowed: frozenset[str], parse: bool) -> Inspection:
    return _inspect(query, allowed, parse)


def _inspect(query: str, allowed: frozenset[str], parse: bool = True) -> Inspection:
    if not query.strip():
        raise QuerySyntaxError(
            "the query does not parse: it is empty at line 1, column 1",
            hint="send a SELECT, ASK, CONSTRUCT or DESCRIBE query",
        )
    if _AMBIGUOUS_IRI.search(query):
        return _inspect_parsed(query, allowed)
    readings = [query]
    if "\\u" in query or "\\U" in query:
        readings.append(_UCHAR_RE.sub(lambda m: chr(int(m.group()[2:], 16)), query))
    scans = [_scan(text) for text in readings]
    if any(scan.odd for scan in scans):  # pragma: no cover - every character is a terminal or a word
        return _inspect_parsed(query, allowed)
    for scan in scans:
        if scan.first in _UPDATE_WORDS:
            raise QueryRefused(_READ_ONLY, hint="send only SELECT, ASK, CONSTRUCT or DESCRIBE queries")
        if scan.service is not None:
            raise _service_refused(scan.service)
        if scan.depth > MAX_DEPTH:
            raise _too_deep()
    for scan in scans[1:]:
        check_dataset(scan.default, scan.named, allowed_graphs=allowed, what=("FROM", "FROM NAMED"))
    scan = scans[0]
    form = _FORM_WORDS.get(scan.first or "")
    if parse or form is None:
        _parse(query)
    if form is None:  # pragma: no cover - what Oxigraph parses begins with one of the four forms
        raise QuerySyntaxError("the query does not parse: it does not begin with SELECT, ASK, CONSTRUCT or DESCRIBE")
    if not scan.default and not scan.named:
        return Inspection(form)
    check_dataset(scan.default, scan.named, allowed_graphs=allowed, what=("FROM", "FROM NAMED"))
    return Inspection(form, tuple(scan.default), tuple(scan.named))


@dataclass(slots=True)
class _Scan:
    """What one reading of a query's tokens holds."""

    first: str | None = None  # the first word after the prologue (BASE, PREFIX), upper case
    service: str | None = None  # the target of the first SERVICE, as written
    default: list[str] = field(default_factory=list)  # FROM, absolute
    named: list[str] = field(default_factory=list)  # FROM NAMED, absolute
    depth: int = 0  # most brackets open at once
    odd: bool = False  # a character no terminal took (cannot happen: see _SKIP)


def _scan(text: str) -> _Scan:
    scan = _Scan(depth=_depth(text))
    base: str | None = None
    prefixes: dict[str, str] = {}
    for match in _WORDS.finditer(text):
        word = match["word"]
        if word is None:
            scan.odd = scan.odd or match["odd"] is not None
            continue
        upper = word.upper()
        if upper == "SERVICE":
            target = _SERVICE_TARGET.match(text, match.end())
            scan.service = target["term"] if target else "?"
            return scan
        if upper == "FROM":
            clause = _FROM_CLAUSE.match(text, match.end())
            if clause is not None:  # (else Oxigraph says what is wrong)
                iri = _absolute(clause["term"], base, prefixes)
                (scan.named if clause["named"] else scan.default).append(iri)
        elif scan.first is None:
            if upper == "BASE":
                decl = _BASE_DECL.match(text, match.end())
                if decl is not None:
                    base = _absolute(decl["iri"], base, prefixes)
            elif upper == "PREFIX":
                decl = _PREFIX_DECL.match(text, match.end())
                if decl is not None:
                    prefixes[decl["prefix"]] = _absolute(decl["iri"], base, prefixes)
            else:
                scan.first = upper
    return scan


def _depth(text: str) -> int:
    """The most brackets of the query's syntax open at once."""
    if sum(map(text.count, "({[")) <= MAX_DEPTH:  # cannot be deeper than it has brackets
        return 0
    brackets = _NOT_BRACKETS.sub("", text)
    return max(accumulate(map(_DEPTH.__getitem__, brackets)), default=0)


def _absolute(term: str, base: str | None, prefixes: dict[str, str]) -> str:
    """The IRI an ``IRIREF`` or a prefixed name stands for (unknown prefix: as written, for Oxigraph to refuse)."""
    if term.startswith("<"):
        iri = _UCHAR_RE.sub(lambda m: chr(int(m.group()[2:], 16)), term[1:-1])
        return urljoin(base, iri) if base else iri
    prefix, _, local = term.partition(":")
    namespace = prefixes.get(prefix)
    return term if namespace is None else namespace + _PLX_ESCAPE.sub(r"\1", local)


def _parse(query: str) -> None:
    """Oxigraph's parser on the query: a syntax error, with its line and column, as :class:`QuerySyntaxError`."""
    try:
        _PARSER.query(query)  # an empty store: a SELECT, CONSTRUCT or DESCRIBE is not even begun
    except SyntaxError as exc:
        raise query_syntax_error(exc) from None


def _service_refused(target: str) -> QueryRefused:
    return QueryRefused(
        f"SERVICE {target} is refused: this endpoint never fetches data from elsewhere",
        hint="query the remote endpoint yourself and this one separately, or ask without SERVICE",
    )


def _too_deep() -> QuerySyntaxError:
    return QuerySyntaxError(
        "the query is nested more deeply than this endpoint's parser allows",
        hint=f"flatten it: fewer nested groups, parentheses or sub-queries (at most {MAX_DEPTH} open at once)",
    )


# ------------------------------------------------------------------ the slow way: rdflib's full parse


def _inspect_parsed(query: str, allowed: frozenset[str]) -> Inspection:
    """Inspect by rdflib's full parse and a walk of its syntax tree (for the few queries whose
    tokens alone do not settle it; and the tests' reference)."""
    try:
        tree = parseQuery(query)
    except RecursionError:  # rdflib's parser recurses per level of nesting: a few hundred are enough
        raise _too_deep() from None
    except ParseException as exc:
        if _is_update(query):
            raise QueryRefused(_READ_ONLY, hint="send only SELECT, ASK, CONSTRUCT or DESCRIBE queries") from None
        raise QuerySyntaxError(
            f"the query does not parse: {_parser_message(exc)}", hint="check the query at the line and column given"
        ) from None
    prologue, body = tree[0], tree[1]
    for node in _nodes(body):
        if node.name == "ServiceGraphPattern":
            raise _service_refused(_show(node["term"]) if "term" in node else "?")
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
