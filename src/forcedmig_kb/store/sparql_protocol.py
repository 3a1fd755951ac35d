"""The SPARQL 1.1 Protocol over HTTP: queries and updates sent, answers and errors read.

https://www.w3.org/TR/sparql11-protocol/: a query is a form POST (section 2.1.2, *query via
URL-encoded POST*) that names its dataset (section 2.1.4) and is answered in the SPARQL 1.1 JSON
results format (https://www.w3.org/TR/sparql11-results-json/) or, for CONSTRUCT and DESCRIBE, in
N-Triples; an update is a form POST too (section 2.2.1). Servers differ; each difference is
handled where its note is, and ``docs/stores.md`` lists them by server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, cast
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from ..errors import QuerySyntaxError, QueryTimeout, QueryTooLarge, ResultNotAcceptable, StoreError
from .formats import rdf_format, rdf_format_or_none, results_format, syntax_reason, term_of, write_graph, write_results
from .protocol import XSD_BOOLEAN, XSD_STRING, Table, Term, Triple

__all__ = ["NO_GRAPH", "Dataset", "SparqlClient", "query_form", "split_prologue"]

#: The dataset parameters of a request (``default-graph-uri``, ``named-graph-uri``); none: the server's.
Dataset = list[tuple[str, str]]

NO_GRAPH = "urn:x-forcedmig:no-graph"  # names an empty dataset: no server holds this graph
_JSON = "application/sparql-results+json"
_GRAPH_FORMATS = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_BNODE_LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
#: How servers say they stopped a query, or would not start one (Virtuoso: "The estimated execution
#: time 2294493 (sec) exceeds the limit of 400 (sec)", its MaxQueryCostEstimationTime).
_TIMEOUT_MARKERS = ("S1T00", "timeout", "timed out", "estimated execution time", "has been cancelled")


class SparqlClient:
    """One SPARQL 1.1 endpoint over HTTP, reached through ``client``: every query form, updates,
    Graph Store POSTs, and the server's errors as :mod:`forcedmig_kb.errors`.

    It learns two things of the server from its answers: :attr:`engine`, the product of its
    ``Server`` header, and :attr:`row_cap`, Virtuoso's ``X-SPARQL-MaxRows``.
    """

    def __init__(self, query_url: str, client: httpx.Client) -> None:
        self.query_url = query_url
        self.engine = ""  # the server's product, from the Server header of its answers
        self.row_cap: int | None = None  # the server's row cap (Virtuoso's ResultSetMaxRows), once seen
        self._row_cap_probed = False
        self._client = client

    # -- queries -------------------------------------------------------------------------

    def select(self, query: str, dataset: Dataset) -> Table:
        """All the solutions, even past the server's row cap: a result the server cut is asked
        again in pages (:meth:`pages`)."""
        _expect(query, "SELECT")
        response = self.query(query, dataset, accept=_JSON, cut=True)
        data = self.json(response)
        if "boolean" in data or "results" not in data:
            raise QuerySyntaxError(
                "expected a SELECT query", hint=f"the server at {self.query_url} answered another query form"
            )
        names = list(data.get("head", {}).get("vars", []))
        rows = _solutions(data, names)
        cap = response.headers.get("x-sparql-maxrows")
        if cap is not None and names and len(rows) >= int(cap):
            rows = self.pages(query, names, int(cap), dataset)
        return Table(names, rows)

    def pages(self, query: str, names: list[str], size: int, dataset: Dataset) -> list[tuple[Term | None, ...]]:
        """The solutions of ``query``, ``size`` at a time, ordered by every variable it projects.

        Virtuoso cuts a result at its ``ResultSetMaxRows`` (Debian: 10,000) and says so in an
        ``X-SPARQL-MaxRows`` header (and an audit rule may find more claims than that).
        ``ORDER BY`` with ``OFFSET`` past its ``MaxSortedTopRows`` fails ("SR353: Sorted TOP
        clause"), but an ordered subquery paged from outside does not, so the query is wrapped
        twice: ordered inside, paged outside. A page as long as the cap carries the header too,
        and is whole.
        """
        prologue, body = split_prologue(query)
        projection = " ".join(f"?{name}" for name in names)
        ordered = f"SELECT {projection} WHERE {{ {{\n{body}\n}} }} ORDER BY {_sort_keys(names)}"
        rows: list[tuple[Term | None, ...]] = []
        while True:
            page = f"{prologue}SELECT {projection} WHERE {{ {{ {ordered} }} }} LIMIT {size} OFFSET {len(rows)}"
            response = self.query(page, dataset, accept=_JSON, cut=True)
            batch = _solutions(self.json(response), names)
            rows += batch
            cap = response.headers.get("x-sparql-maxrows")
            if cap is not None and int(cap) < size:  # the server's cap is below the page: pages of the cap
                size = int(cap)
            elif len(batch) < size:
                return rows

    def ask(self, query: str, dataset: Dataset) -> bool:
        _expect(query, "ASK")
        data = self.json(self.query(query, dataset, accept=_JSON))
        if "boolean" not in data:
            raise QuerySyntaxError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str, dataset: Dataset) -> list[Triple]:
        _expect(query, "CONSTRUCT", "DESCRIBE")
        response = self.query(query, dataset, accept=_GRAPH_FORMATS)
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media in (_JSON, "application/sparql-results+xml"):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        triples = self._triples(response)
        self._refuse_cut_graph(query, len(triples))
        return [(_protocol_term(t.subject), _protocol_term(t.predicate), _protocol_term(t.object)) for t in triples]

    def answer(self, query: str, dataset: Dataset, *, media_type: str, max_rows: int | None = None) -> bytes:
        """Any query form, written in ``media_type`` as the embedded store writes it (see
        :meth:`Store.answer`).

        The server answers in SPARQL JSON (tables) or N-Triples (graphs), which every server
        writes by the specification, and Oxigraph writes ``media_type`` from them: Virtuoso's own
        TSV has no ``?`` in its header, no ``<>`` round IRIs and no language tags, and its JSON
        says ``typed-literal``.
        """
        tabular = results_format(media_type) is not None
        if not tabular and rdf_format_or_none(media_type) is None:
            raise ResultNotAcceptable(f"no SPARQL result is written as {media_type}")
        form = query_form(query)
        if form is not None and tabular != (form in ("SELECT", "ASK")):
            kind = "a SELECT or ASK" if form in ("SELECT", "ASK") else "a CONSTRUCT or DESCRIBE"
            raise ResultNotAcceptable(f"{kind} result cannot be written as {media_type}")
        response = self.query(query, dataset, accept=_JSON if tabular else _GRAPH_FORMATS)
        if tabular:
            content = response.content
            if b'"bnode"' in content:  # Virtuoso's blank nodes are "nodeID://b10007": not a label Oxigraph reads
                data = self.json(response)
                for binding in data.get("results", {}).get("bindings", []):
                    for term in binding.values():
                        if term.get("type") == "bnode":
                            term["value"] = _bnode(term["value"])
                content = json.dumps(data).encode()
            try:  # read as it is written: a server that gives up half-way is seen here
                return write_results(
                    ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON),
                    media_type,
                    max_rows,
                    again=lambda: cast(
                        ox.QuerySolutions, ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)
                    ),
                )
            except SyntaxError as exc:
                _refuse_cancelled(content, self.query_url)
                raise StoreError(
                    f"the SPARQL endpoint {self.query_url} sent malformed SPARQL JSON results: {syntax_reason(exc)}"
                ) from exc
        triples = self._triples(response)
        self._refuse_cut_graph(query, len(triples))
        return write_graph(triples, media_type, max_rows)

    def query(self, query: str, dataset: Dataset, *, accept: str, cut: bool = False) -> httpx.Response:
        """The server's answer; one it cut at its row cap only when ``cut`` (the caller pages)."""
        # A form POST: every server takes it (Virtuoso hangs on a direct application/sparql-query
        # POST), and unlike GET it has no URL length limit for long queries and dataset lists.
        response = self._form(self.query_url, [("query", query), *dataset], accept=accept)
        if not cut:
            _refuse_cut(response, self.query_url)
        return response

    def json(self, response: httpx.Response) -> dict[str, Any]:
        """A response's SPARQL JSON results."""
        try:
            return json.loads(response.content)
        except ValueError as exc:
            _refuse_cancelled(response.content, self.query_url)
            media = response.headers.get("content-type", "?")
            raise QuerySyntaxError(
                f"expected SPARQL JSON results, got {media}",
                hint="SELECT and ASK answer in tables; CONSTRUCT and DESCRIBE in graphs",
            ) from exc

    def _triples(self, response: httpx.Response) -> list[ox.Triple]:
        media = response.headers.get("content-type", "").split(";")[0].strip()
        return [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self._parse(
                response.content, media if media not in ("", "text/plain") else "application/n-triples"
            )
        ]

    def _refuse_cut_graph(self, query: str, triples: int) -> None:
        """Raise when a CONSTRUCT came back as long as the server's row cap.

        Virtuoso writes at most ``ResultSetMaxRows`` triples for a CONSTRUCT and, unlike for a
        SELECT, sends no ``X-SPARQL-MaxRows`` header: a graph exactly as long as the cap is taken
        for a cut one. (A DESCRIBE is not checked: its length says nothing of a cut, since Virtuoso
        describes more of each resource than its own triples: 6,602 triples for the chapter's 4,325.)
        """
        cap = self._graph_cap()
        if cap is not None and triples >= cap and query_form(query) == "CONSTRUCT":
            raise QueryTooLarge(
                f"the SPARQL endpoint {self.query_url} cut the graph at its cap of {cap} triples",
                hint="narrow the query, or raise the server's cap (Virtuoso: [SPARQL] ResultSetMaxRows); "
                "the whole knowledge base is at /export/kb.nt, read in pages",
            )

    def _graph_cap(self) -> int | None:
        """Virtuoso's row cap: seen in a header, or learnt once by a SELECT of 100,000 generated
        rows, which it cuts at the cap and marks. ``None`` for other servers, or no cap that low."""
        if self.row_cap is None and not self._row_cap_probed and self.engine == "virtuoso":
            self._row_cap_probed = True
            rows = " ".join(f"VALUES ?{v} {{ 0 1 2 3 4 5 6 7 8 9 }}" for v in "abcde")
            self._form(self.query_url, [("query", f"SELECT ?a WHERE {{ {rows} }}")], accept="text/tab-separated-values")
        return self.row_cap

    # -- updates and Graph Store POSTs ----------------------------------------------------

    def update(self, update_url: str, update: str) -> None:
        """Run a SPARQL 1.1 Update at ``update_url`` (form-encoded, section 2.2.1)."""
        self._form(update_url, [("update", update)], accept=f"{_JSON}, */*;q=0.1")

    def post_graph(self, gsp_url: str, graph: str, ntriples: bytes | None) -> None:
        """Add N-Triples to ``graph`` by the Graph Store HTTP Protocol
        (https://www.w3.org/TR/sparql11-http-rdf-update/, POST to ``?graph=IRI``)."""
        self._send(
            "POST",
            gsp_url,
            params={"graph": graph},
            content=ntriples,
            headers={"Content-Type": "application/n-triples"},
        )

    # -- HTTP ----------------------------------------------------------------------------

    def _form(self, url: str, fields: list[tuple[str, str]], *, accept: str) -> httpx.Response:
        """POST form fields (repeated names allowed, as the dataset parameters need), UTF-8."""
        return self._send(
            "POST",
            url,
            content=urlencode(fields).encode("ascii"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise QueryTimeout(
                f"the SPARQL endpoint {url} did not answer in time ({type(exc).__name__})",
                hint="raise FMKB_STORE_TIMEOUT, or make the query cheaper",
            ) from exc
        except httpx.TransportError as exc:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url}: {exc}",
                hint="is the server running, and is the URL (FMKB_STORE) right?",
            ) from exc
        if server := response.headers.get("server"):
            self.engine = _engine(server)
        if cap := response.headers.get("x-sparql-maxrows"):
            self.row_cap = int(cap)
        if response.is_success:
            return response
        message = _message(response)
        status = response.status_code
        if status == 400:
            raise QuerySyntaxError(f"the SPARQL endpoint {url} refused the request: {message}")
        if status == 406:  # e.g. a SELECT sent to construct(): no graph format for a table
            raise QuerySyntaxError(
                f"the SPARQL endpoint {url} cannot answer this query form as asked: {message}",
                hint="SELECT and ASK answer in tables; CONSTRUCT and DESCRIBE in graphs",
            )
        if status in (401, 403) or "SR186" in message:
            raise StoreError(
                f"the SPARQL endpoint {url} refused the request ({status}): {message}",
                hint="set FMKB_STORE_USER and FMKB_STORE_PASSWORD for a user that may update "
                "(Virtuoso: the /sparql-auth endpoint with digest auth, a user with "
                "SPARQL_UPDATE), and the update URL (FMKB_STORE_UPDATE_URL)",
            )
        if any(marker in message for marker in _TIMEOUT_MARKERS):
            raise QueryTimeout(
                f"the SPARQL endpoint {url} stopped the query: {message}",
                hint="narrow the query (more selective patterns, LIMIT); the server's own "
                "time limit stopped it (or its estimate of the time)",
            )
        raise StoreError(f"the SPARQL endpoint {url} failed ({status}): {message}")

    def _parse(self, data: bytes, media: str) -> Iterable[ox.Quad]:
        try:
            return list(ox.parse(data, format=rdf_format(media)))
        except SyntaxError as exc:
            _refuse_cancelled(data, self.query_url)
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent malformed {media}: {syntax_reason(exc)}"
            ) from exc


_SKIPPED = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*"
)
_FORM = re.compile(r"(?<![\w:])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.IGNORECASE)


#: Virtuoso sorts on at most 20 keys ("SQ186: Over 20 keys in group by or hash join").
_MAX_SORT_KEYS = 20


def _sort_keys(names: list[str]) -> str:
    """An ``ORDER BY`` that orders solutions of ``names`` totally in at most 20 keys: past the
    19th variable, one key joins the rest as strings (rows equal there differ at most in a
    term's type, and a page boundary may fall between them only then).

    >>> _sort_keys(["a", "b"])
    '?a ?b'
    >>> print(_sort_keys([f"v{i}" for i in range(21)]).split()[-1])
    (CONCAT(COALESCE(STR(?v19),""),"\\u0001",COALESCE(STR(?v20),"")))
    """
    if len(names) <= _MAX_SORT_KEYS:
        return " ".join(f"?{name}" for name in names)
    head, rest = names[: _MAX_SORT_KEYS - 1], names[_MAX_SORT_KEYS - 1 :]
    joined = ',"\\u0001",'.join(f'COALESCE(STR(?{name}),"")' for name in rest)
    return " ".join(f"?{name}" for name in head) + f" (CONCAT({joined}))"


def _solutions(data: dict[str, Any], names: list[str]) -> list[tuple[Term | None, ...]]:
    """The rows of SPARQL JSON results, a term (or ``None`` where unbound) per variable of ``names``."""
    return [tuple(_term(b[n]) if n in b else None for n in names) for b in data["results"]["bindings"]]


def _refuse_cut(response: httpx.Response, url: str) -> None:
    """Raise when the server cut the result at its row cap (Virtuoso's ``X-SPARQL-MaxRows``)."""
    cap = response.headers.get("x-sparql-maxrows")
    if cap is not None:
        raise QueryTooLarge(
            f"the SPARQL endpoint {url} cut the result at {cap} rows",
            hint="add LIMIT/OFFSET to the query, or raise the server's cap (Virtuoso: [SPARQL] ResultSetMaxRows)",
        )


def _refuse_cancelled(body: bytes, url: str) -> None:
    """Raise :class:`QueryTimeout` when a body broke off where the server gave up on the query.

    Oxigraph's server, past its ``--timeout-s``, writes "The SPARQL operation has been
    cancelled" into a result it has begun (status 200, the JSON left open).
    """
    tail = body[-300:].decode("utf-8", "replace")
    if any(marker in tail for marker in _TIMEOUT_MARKERS):
        raise QueryTimeout(
            f"the SPARQL endpoint {url} gave up on the query half-way: {tail.strip()[-120:]}",
            hint="narrow the query (more selective patterns, LIMIT); the server's own time limit stopped it",
        )


def split_prologue(query: str) -> tuple[str, str]:
    """A query's prologue (``BASE``, ``PREFIX``, comments) and the rest, from its form on.

    >>> split_prologue('PREFIX s: <http://ex/select#> # SELECT\\nSELECT ?x WHERE { ?x s:p "SELECT" }')
    ('PREFIX s: <http://ex/select#> # SELECT\\n', 'SELECT ?x WHERE { ?x s:p "SELECT" }')
    """
    m = _FORM.search(_SKIPPED.sub(lambda skipped: " " * len(skipped.group()), query))
    return (query[: m.start()], query[m.start() :]) if m else ("", query)


def query_form(query: str) -> str | None:
    """The form of a SPARQL query, read past its prologue, IRIs, strings and comments.

    Servers answer a query of the wrong form in ways of their own (Oxigraph 406, Virtuoso a
    table written as N-Triples), so the adapter tells the form itself, as the embedded store does.

    >>> query_form('PREFIX ask: <http://ex/select#> # construct\\nSELECT ?x WHERE { ?x ask:p "ASK" }')
    'SELECT'
    """
    m = _FORM.search(_SKIPPED.sub(" ", query))
    return m.group(1).upper() if m else None


def _expect(query: str, *forms: str) -> None:
    form = query_form(query)
    if form is not None and form not in forms:
        raise QuerySyntaxError(f"expected a {' or '.join(forms)} query, not {form}")


def _engine(server: str) -> str:
    """The product of a ``Server`` header, in lower case.

    >>> _engine("Virtuoso/07.20.3235 (Linux) x86_64-pc-linux-gnu"), _engine("Oxigraph/0.5.13")
    ('virtuoso', 'oxigraph')
    """
    return server.strip().split("/", 1)[0].split(" ", 1)[0].lower()


def _message(response: httpx.Response) -> str:
    """The server's error message, trimmed (Virtuoso repeats the whole query after it)."""
    text = response.text.strip()
    text = text.split("\n\nSPARQL query:", 1)[0].strip()
    return text[:2000] or response.reason_phrase


def _bnode(value: str) -> str:
    """A blank node label as the embedded store writes it: Virtuoso says ``nodeID://b10001`` in
    JSON results and ``_:b10001`` in N-Triples, both ``b10001`` here."""
    label = value.removeprefix("nodeID://").removeprefix("_:")
    if _BNODE_LABEL.match(label):
        return label
    return "x" + label.encode("utf-8").hex()


def _term(binding: dict[str, Any]) -> Term:
    """A term of the SPARQL 1.1 JSON results format (and Virtuoso's pre-2013 ``typed-literal``).

    A plain literal without a datatype is ``xsd:string`` (RDF 1.1), as the embedded store says;
    Virtuoso's ``"1"``/``"0"`` booleans become the canonical ``"true"``/``"false"``."""
    kind = binding["type"]
    value = binding["value"]
    if kind == "uri":
        return Term("uri", value)
    if kind == "bnode":
        return Term("bnode", _bnode(value))
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        if lang:
            return Term("literal", value, None, lang.lower())
        datatype = binding.get("datatype") or XSD_STRING
        if datatype == XSD_BOOLEAN and value in ("1", "0"):
            value = "true" if value == "1" else "false"
        return Term("literal", value, datatype)
    if kind == "triple":
        return Term("triple", json.dumps(value, sort_keys=True))
    raise StoreError(f"unknown term type {kind!r} in SPARQL JSON results")


def _protocol_term(node: object) -> Term:
    """A term parsed from the server's N-Triples, its blank node labels as in JSON results."""
    term = term_of(node)
    return Term("bnode", _bnode(term.value)) if term.kind == "bnode" else term
