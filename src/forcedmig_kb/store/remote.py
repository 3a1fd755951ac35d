"""A remote SPARQL 1.1 endpoint behind the Store protocol: Virtuoso, Oxigraph server, Fuseki, ...

Queries follow the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/): sent as a
form POST (section 2.1.2, *query via URL-encoded POST*) naming the store's graphs as the dataset
(section 2.1.4), answered in the SPARQL 1.1 JSON results format
(https://www.w3.org/TR/sparql11-results-json/) or, for CONSTRUCT, in N-Triples. Loading uses
SPARQL 1.1 Update (https://www.w3.org/TR/sparql11-update/) or, when a ``gsp_url`` is given, the
Graph Store HTTP Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/, POST to
``?graph=IRI``). The store is the named graphs under ``graph_prefix``, less the server's own.

Servers differ; each difference is handled where its note is, and ``docs/stores.md`` lists them
by server (Oxigraph, Virtuoso, any).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from ..errors import QuerySyntaxError, QueryTimeout, QueryTooLarge, RdfSyntaxError, ResultNotAcceptable, StoreError
from .formats import ox_term, rdf_format, rdf_format_or_none, results_format, syntax_reason, write_graph, write_results
from .protocol import XSD_BOOLEAN, XSD_DECIMAL, XSD_STRING, Table, Term, Triple

__all__ = ["SYSTEM_GRAPHS", "SparqlStore"]

#: Graphs a server keeps for itself (IRI, or IRI prefix when it ends in ``*``): never the store's data.
SYSTEM_GRAPHS: tuple[str, ...] = (
    "http://www.openlinksw.com/*",          # Virtuoso: virtrdf# (its RDF views), and others
    "http://www.w3.org/ns/ldp#",             # Virtuoso: the LDP vocabulary it ships
    "http://localuriqaserver/*",             # Virtuoso: service description, [URIQA] DefaultHost unset
    "http://localhost:8890/sparql",          # Virtuoso: service description, Debian's DefaultHost
    "http://localhost:8890/DAV/*",           # Virtuoso: WebDAV metadata
)

_NO_GRAPH = "urn:x-forcedmig:no-graph"  # names an empty dataset: no server holds this graph
_JSON = "application/sparql-results+json"
_GRAPH_FORMATS = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_BNODE_LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
_RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
#: How servers say they stopped a query, or would not start one (Virtuoso: "The estimated execution
#: time 2294493 (sec) exceeds the limit of 400 (sec)", its MaxQueryCostEstimationTime).
_TIMEOUT_MARKERS = ("S1T00", "timeout", "timed out", "estimated execution time", "has been cancelled")


class SparqlStore:
    """A :class:`~forcedmig_kb.store.protocol.Store` over a SPARQL 1.1 endpoint.

    ``query_url`` answers queries; ``update_url`` (default: the same URL) runs updates;
    ``gsp_url``, if given, takes loads by the Graph Store Protocol. ``auth`` is anything httpx
    accepts (``("user", "password")`` for basic, ``httpx.DigestAuth(...)`` for digest).
    ``graph_prefix`` scopes the store to the named graphs under it (``graphs``, when the caller
    knows them already, saves asking the server for them); ``read_only`` refuses writes.
    ``dataset="explicit"`` (default) names the store's graphs in every query (default-graph-uri and
    named-graph-uri), which works on any server; ``dataset="server"`` names none and relies on the
    server's default graph being the union of its graphs (``oxigraph serve --union-default-graph``,
    Virtuoso): much faster on Oxigraph, which evaluates every pattern once per named graph.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        *,
        auth: httpx.Auth | tuple[str, str] | None = None,
        timeout: float = 60.0,
        graph_prefix: str = "",
        system_graphs: Sequence[str] = SYSTEM_GRAPHS,
        chunk_size: int = 1000,
        blank_chunk_size: int = 200,
        page_size: int = 10_000,
        graphs_ttl: float = 60.0,
        read_only: bool = False,
        dataset: str = "explicit",
        graphs: Sequence[str] | None = None,
    ) -> None:
        if dataset not in ("explicit", "server"):
            raise ValueError(f"dataset is 'explicit' or 'server', not {dataset!r}")
        self.dataset = dataset
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.gsp_url = gsp_url
        self.graph_prefix = graph_prefix
        self.system_graphs = tuple(system_graphs)
        self.chunk_size = chunk_size
        self.blank_chunk_size = blank_chunk_size
        self.page_size = page_size
        self.graphs_ttl = graphs_ttl
        self.read_only = read_only
        self._graphs: list[str] | None = sorted(graphs) if graphs is not None else None  # known: not asked
        self._graphs_at = time.monotonic()  # for graphs_ttl
        self.engine = ""  # the server's product, from the Server header of its answers
        self._row_cap: int | None = None  # the server's row cap (Virtuoso's ResultSetMaxRows), once seen
        self._row_cap_probed = False
        self._auth, self._timeout = auth, timeout
        self._client = httpx.Client(auth=auth, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                    headers={"User-Agent": "forcedmig-kb"})

    def __repr__(self) -> str:
        return f"SparqlStore({self.query_url!r}, update_url={self.update_url!r}, graph_prefix={self.graph_prefix!r})"

    def options(self) -> dict[str, Any]:
        """The arguments that open this store again, read-only (in the service's query workers)."""
        return dict(query_url=self.query_url, update_url=self.update_url, gsp_url=self.gsp_url, auth=self._auth,
                    timeout=self._timeout, graph_prefix=self.graph_prefix, system_graphs=self.system_graphs,
                    chunk_size=self.chunk_size, blank_chunk_size=self.blank_chunk_size, page_size=self.page_size,
                    graphs_ttl=self.graphs_ttl, read_only=True, dataset=self.dataset, graphs=self._graphs)

    # -- where the data lives (see the Store protocol) ------------------------------------------

    remote = True
    location: Path | None = None  # on a server: no directory here
    parallel_reads = False  # the check's worker processes read on-disk stores only

    @property
    def address(self) -> str:
        return self.query_url

    @property
    def cache_key(self) -> str | None:
        """A digest of the query URL and the graph prefix: one cache per server and scope."""
        return hashlib.sha256(f"{self.query_url}\0{self.graph_prefix}".encode()).hexdigest()[:16]

    def opener(self) -> Callable[[], "SparqlStore"]:
        """Opens this store again, read-only, with the same options (:meth:`options`)."""
        return partial(SparqlStore, **self.options())

    def reopen_read_only(self) -> None:
        """Nothing to reopen: a server shares its data already."""

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def __enter__(self) -> "SparqlStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries -------------------------------------------------------------------------

    def select(self, query: str) -> Table:
        """All the solutions, even past the server's row cap: a result the server cut is asked
        again in pages (:meth:`_pages`)."""
        _expect(query, "SELECT")
        response = self._query(query, accept=_JSON, cut=True)
        data = self._json(response)
        if "boolean" in data or "results" not in data:
            raise QuerySyntaxError("expected a SELECT query", hint=f"the server at {self.query_url} answered another query form")
        names = list(data.get("head", {}).get("vars", []))
        rows = _solutions(data, names)
        cap = response.headers.get("x-sparql-maxrows")
        if cap is not None and names and len(rows) >= int(cap):
            rows = self._pages(query, names, int(cap))
        return Table(names, rows)

    def _pages(self, query: str, names: list[str], size: int, *, whole_server: bool = False) -> list[tuple[Term | None, ...]]:
        """The solutions of ``query``, ``size`` at a time, ordered by every variable it projects
        (over the store's dataset, or with none named when ``whole_server``).

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
            response = (self._form(self.query_url, [("query", page)], accept=_JSON) if whole_server
                        else self._query(page, accept=_JSON, cut=True))
            batch = _solutions(self._json(response), names)
            rows += batch
            cap = response.headers.get("x-sparql-maxrows")
            if cap is not None and int(cap) < size:  # the server's cap is below the page: pages of the cap
                size = int(cap)
            elif len(batch) < size:
                return rows

    def solutions(self, query: str) -> Iterator[dict[str, Term | None]]:
        """The solutions of :meth:`select`, one at a time (read whole from the server first)."""
        yield from self.select(query).terms()

    def ask(self, query: str) -> bool:
        _expect(query, "ASK")
        data = self._results(query)
        if "boolean" not in data:
            raise QuerySyntaxError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str) -> list[Triple]:
        _expect(query, "CONSTRUCT", "DESCRIBE")
        response = self._query(query, accept=_GRAPH_FORMATS)
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media in (_JSON, "application/sparql-results+xml"):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        triples = self._triples(response)
        self._refuse_cut_graph(query, len(triples))
        return [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in triples]

    def _triples(self, response: httpx.Response) -> list[ox.Triple]:
        media = response.headers.get("content-type", "").split(";")[0].strip()
        return [ox.Triple(q.subject, q.predicate, q.object)
                for q in self._parse(response.content, media if media not in ("", "text/plain") else "application/n-triples")]

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
                     "the whole knowledge base is at /export/kb.nt, read in pages")

    def _graph_cap(self) -> int | None:
        """Virtuoso's row cap: seen in a header, or learnt once by a SELECT of 100,000 generated
        rows, which it cuts at the cap and marks. ``None`` for other servers, or no cap that low."""
        if self._row_cap is None and not self._row_cap_probed and self.engine == "virtuoso":
            self._row_cap_probed = True
            rows = " ".join(f"VALUES ?{v} {{ 0 1 2 3 4 5 6 7 8 9 }}" for v in "abcde")
            self._form(self.query_url, [("query", f"SELECT ?a WHERE {{ {rows} }}")], accept="text/tab-separated-values")
        return self._row_cap

    def answer(self, query: str, *, media_type: str, default_graph: Sequence[str] | None = None,
               named_graphs: Sequence[str] | None = None, max_rows: int | None = None) -> bytes:
        """Any query form, written in ``media_type`` as the embedded store writes it (see
        :meth:`Store.answer`).

        The server answers in SPARQL JSON (tables) or N-Triples (graphs), which every server
        writes by the specification, and Oxigraph writes ``media_type`` from them: Virtuoso's own
        TSV has no ``?`` in its header, no ``<>`` round IRIs and no language tags, and its JSON
        says ``typed-literal``. The dataset is the store's graphs unless ``default_graph`` /
        ``named_graphs`` say otherwise.
        """
        tabular = results_format(media_type) is not None
        if not tabular and rdf_format_or_none(media_type) is None:
            raise ResultNotAcceptable(f"no SPARQL result is written as {media_type}")
        form = query_form(query)
        if form is not None and tabular != (form in ("SELECT", "ASK")):
            kind = "a SELECT or ASK" if form in ("SELECT", "ASK") else "a CONSTRUCT or DESCRIBE"
            raise ResultNotAcceptable(f"{kind} result cannot be written as {media_type}")
        if default_graph is None and named_graphs is None:
            dataset = self._dataset()
        else:
            dataset = ([("default-graph-uri", g) for g in default_graph or [_NO_GRAPH]]
                       + [("named-graph-uri", g) for g in named_graphs or [_NO_GRAPH]])
        response = self._form(self.query_url, [("query", query), *dataset], accept=_JSON if tabular else _GRAPH_FORMATS)
        _refuse_cut(response, self.query_url)
        if tabular:
            content = response.content
            if b'"bnode"' in content:  # Virtuoso's blank nodes are "nodeID://b10007": not a label Oxigraph reads
                data = self._json(response)
                for binding in data.get("results", {}).get("bindings", []):
                    for term in binding.values():
                        if term.get("type") == "bnode":
                            term["value"] = _bnode(term["value"])
                content = json.dumps(data).encode()
            try:  # read as it is written: a server that gives up half-way is seen here
                return write_results(ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON),
                                     media_type, max_rows)
            except SyntaxError as exc:
                _refuse_cancelled(content, self.query_url)
                raise StoreError(f"the SPARQL endpoint {self.query_url} sent malformed SPARQL JSON results: "
                                 f"{syntax_reason(exc)}") from exc
        triples = self._triples(response)
        self._refuse_cut_graph(query, len(triples))
        return write_graph(triples, media_type, max_rows)

    def _results(self, query: str) -> dict[str, Any]:
        return self._json(self._query(query, accept=_JSON))

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            return json.loads(response.content)
        except ValueError as exc:
            _refuse_cancelled(response.content, self.query_url)
            media = response.headers.get("content-type", "?")
            raise QuerySyntaxError(f"expected SPARQL JSON results, got {media}",
                                   hint="SELECT and ASK answer in tables; CONSTRUCT and DESCRIBE in graphs") from exc

    def _query(self, query: str, *, accept: str, cut: bool = False) -> httpx.Response:
        """The server's answer; one it cut at its row cap only when ``cut`` (the caller pages)."""
        # A form POST: every server takes it (Virtuoso hangs on a direct application/sparql-query
        # POST), and unlike GET it has no URL length limit for long queries and dataset lists.
        response = self._form(self.query_url, [("query", query), *self._dataset()], accept=accept)
        if not cut:
            _refuse_cut(response, self.query_url)
        return response

    def _dataset(self) -> list[tuple[str, str]]:
        if self.dataset == "server":
            return []
        graphs = self._scope() or [_NO_GRAPH]
        return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]

    # -- graphs --------------------------------------------------------------------------

    def _owns(self, graph: str) -> bool:
        if not graph.startswith(self.graph_prefix) or graph == self.manifest_graph:
            return False
        for pattern in self.system_graphs:
            if graph == pattern or (pattern.endswith("*") and graph.startswith(pattern[:-1])):
                return False
        return True

    def _graph_sizes(self) -> dict[str, int]:
        """The store's graphs and their sizes, read from the server (no dataset restriction)."""
        rows = self._pages("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", ["g", "n"],
                           self.page_size, whole_server=True)  # a server of more graphs than its row cap
        sizes = {}
        for g, n in rows:
            if g is not None and n is not None and g.kind == "uri" and self._owns(g.value):
                sizes[g.value] = int(n.value)
        self._graphs, self._graphs_at = sorted(sizes), time.monotonic()
        return sizes

    def _scope(self) -> list[str]:
        if self._graphs is None or time.monotonic() - self._graphs_at > self.graphs_ttl:
            self._graph_sizes()
        return self._graphs or []

    def named_graphs(self) -> list[str]:
        return sorted(self._graph_sizes())

    def __len__(self) -> int:
        return sum(self._graph_sizes().values())

    # -- the loader's manifest --------------------------------------------------------------

    @property
    def manifest_graph(self) -> str:
        """The graph that records what the store holds (:meth:`manifest`); not one of its graphs."""
        return (self.graph_prefix or "urn:forcedmig-kb:") + "fmkb-manifest"

    def manifest(self) -> dict | None:
        """What the last load recorded (the corpus's hashes and counts), or ``None``: a server
        that holds the corpus already is used as it is, as an on-disk store is."""
        graph = self.manifest_graph
        query = f"SELECT ?m WHERE {{ GRAPH <{graph}> {{ <{graph}> <{_RDF_VALUE}> ?m }} }}"
        rows = _solutions(self._json(self._form(self.query_url, [("query", query)], accept=_JSON)), ["m"])
        try:
            return json.loads(rows[0][0].value) if len(rows) == 1 and rows[0][0] is not None else None
        except ValueError:
            return None

    def write_manifest(self, manifest: dict | None) -> None:
        """Record ``manifest`` for the content as it now is; ``None`` while it is being replaced."""
        self._writable()
        graph = self.manifest_graph
        self.update(f"DROP SILENT GRAPH <{graph}>")
        if manifest is not None:
            value = Term("literal", json.dumps(manifest, separators=(",", ":")), _RDF_JSON).n3()
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <{_RDF_VALUE}> {value} }} }}")

    # -- writes --------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.query_url} is open read-only")

    def load(self, data: bytes, *, format: str, graph: str | None = None, path: str | None = None) -> None:
        self._writable()
        fmt = rdf_format(format)
        if graph is None and not fmt.supports_datasets:
            raise StoreError(f"{format} holds triples only: say which graph to load them into")
        try:
            quads = list(ox.parse(data, format=fmt))
        except SyntaxError as exc:
            raise RdfSyntaxError(syntax_reason(exc), path=path, line=exc.lineno, column=exc.offset) from exc
        if graph is not None:
            target = ox.NamedNode(graph)
            quads = [ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                raise StoreError("a quad in the default graph: the store holds named graphs only",
                                 hint="give every triple a graph (N-Quads, TriG), or pass graph=")
            if not self._owns(q.graph_name.value):
                raise StoreError(f"graph <{q.graph_name.value}> is outside this store's graphs "
                                 f"(prefix {self.graph_prefix!r})")
        try:
            for chunk in blank_node_chunks(quads, self.chunk_size, self.blank_chunk_size):
                self._write_chunk(chunk)
        finally:
            self._graphs = None

    def _write_chunk(self, chunk: list[ox.Quad]) -> None:
        graphs = {q.graph_name for q in chunk}
        if self.gsp_url and len(graphs) == 1:
            (graph,) = graphs
            body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in chunk],
                                format=ox.RdfFormat.N_TRIPLES)
            self._send("POST", self.gsp_url, params={"graph": graph.value}, content=body,
                       headers={"Content-Type": "application/n-triples"})
            return
        try:
            self.update(insert_update(chunk))
        except QuerySyntaxError as exc:
            # Virtuoso compiles an update into SQL and refuses one longer than 10,000 lines, which
            # some 1,500 typed literals can reach: halve the chunk (blank node groups kept whole).
            half = max(1, len(chunk) // 2)
            parts = blank_node_chunks(chunk, half, half)
            if "exceeded" not in str(exc) or len(parts) < 2:
                raise
            for part in parts:
                self._write_chunk(part)

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update on the update endpoint (form-encoded, section 2.2.1)."""
        self._writable()
        self._form(self.update_url, [("update", update)], accept=f"{_JSON}, */*;q=0.1")

    def clear(self, graph: str | None = None) -> None:
        """Drop the store's graphs (or one): ``SILENT``, since Oxigraph server fails ``CLEAR
        GRAPH`` on a graph it does not hold."""
        self._writable()
        if graph is not None and not self._owns(graph):
            raise StoreError(f"graph <{graph}> is outside this store's graphs (prefix {self.graph_prefix!r})")
        graphs = [graph] if graph is not None else [*self.named_graphs(), self.manifest_graph]
        try:
            if graphs:
                self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
        finally:
            self._graphs = None

    # -- dump ----------------------------------------------------------------------------

    def dump(self, *, format: str, graph: str | None = None, merged: bool = False) -> bytes:
        fmt = rdf_format(format)
        graphs = [graph] if graph is not None else self._scope()
        quads: list[ox.Quad] = []
        for g in graphs:
            quads += self._graph_quads(g)
        if fmt.supports_datasets and not merged:
            return ox.serialize(quads, format=fmt)
        return write_graph((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format)

    def _graph_quads(self, graph: str) -> list[ox.Quad]:
        """One graph's quads, read in pages of ``page_size`` (or of the server's row cap, if lower)."""
        name = ox.NamedNode(graph)
        rows = self._pages(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", ["s", "p", "o"],
                           self.page_size)
        return [ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in rows]  # type: ignore[arg-type]

    # -- HTTP ----------------------------------------------------------------------------

    def _form(self, url: str, fields: list[tuple[str, str]], *, accept: str) -> httpx.Response:
        """POST form fields (repeated names allowed, as the dataset parameters need), UTF-8."""
        return self._send("POST", url, content=urlencode(fields).encode("ascii"),
                          headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise QueryTimeout(f"the SPARQL endpoint {url} did not answer in time ({type(exc).__name__})",
                               hint="raise FMKB_STORE_TIMEOUT, or make the query cheaper") from exc
        except httpx.TransportError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}",
                             hint="is the server running, and is the URL (FMKB_STORE) right?") from exc
        if server := response.headers.get("server"):
            self.engine = _engine(server)
        if cap := response.headers.get("x-sparql-maxrows"):
            self._row_cap = int(cap)
        if response.is_success:
            return response
        message = _message(response)
        status = response.status_code
        if status == 400:
            raise QuerySyntaxError(f"the SPARQL endpoint {url} refused the request: {message}")
        if status == 406:  # e.g. a SELECT sent to construct(): no graph format for a table
            raise QuerySyntaxError(f"the SPARQL endpoint {url} cannot answer this query form as asked: {message}",
                                   hint="SELECT and ASK answer in tables; CONSTRUCT and DESCRIBE in graphs")
        if status in (401, 403) or "SR186" in message:
            raise StoreError(f"the SPARQL endpoint {url} refused the request ({status}): {message}",
                             hint="set FMKB_STORE_USER and FMKB_STORE_PASSWORD for a user that may update "
                                  "(Virtuoso: the /sparql-auth endpoint with digest auth, a user with "
                                  "SPARQL_UPDATE), and the update URL (FMKB_STORE_UPDATE_URL)")
        if any(marker in message for marker in _TIMEOUT_MARKERS):
            raise QueryTimeout(f"the SPARQL endpoint {url} stopped the query: {message}",
                               hint="narrow the query (more selective patterns, LIMIT); the server's own "
                                    "time limit stopped it (or its estimate of the time)")
        raise StoreError(f"the SPARQL endpoint {url} failed ({status}): {message}")

    def _parse(self, data: bytes, media: str) -> Iterable[ox.Quad]:
        try:
            return list(ox.parse(data, format=rdf_format(media)))
        except SyntaxError as exc:
            _refuse_cancelled(data, self.query_url)
            raise StoreError(f"the SPARQL endpoint {self.query_url} sent malformed {media}: {syntax_reason(exc)}") from exc


_SKIPPED = re.compile(r'<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                      r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
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
    head, rest = names[:_MAX_SORT_KEYS - 1], names[_MAX_SORT_KEYS - 1:]
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
            hint="add LIMIT/OFFSET to the query, or raise the server's cap (Virtuoso: [SPARQL] ResultSetMaxRows)")


def _refuse_cancelled(body: bytes, url: str) -> None:
    """Raise :class:`QueryTimeout` when a body broke off where the server gave up on the query.

    Oxigraph's server, past its ``--timeout-s``, writes "The SPARQL operation has been
    cancelled" into a result it has begun (status 200, the JSON left open).
    """
    tail = body[-300:].decode("utf-8", "replace")
    if any(marker in tail for marker in _TIMEOUT_MARKERS):
        raise QueryTimeout(f"the SPARQL endpoint {url} gave up on the query half-way: {tail.strip()[-120:]}",
                           hint="narrow the query (more selective patterns, LIMIT); the server's own time "
                                "limit stopped it")


def split_prologue(query: str) -> tuple[str, str]:
    """A query's prologue (``BASE``, ``PREFIX``, comments) and the rest, from its form on.

    >>> split_prologue('PREFIX s: <http://ex/select#> # SELECT\\nSELECT ?x WHERE { ?x s:p "SELECT" }')
    ('PREFIX s: <http://ex/select#> # SELECT\\n', 'SELECT ?x WHERE { ?x s:p "SELECT" }')
    """
    m = _FORM.search(_SKIPPED.sub(lambda skipped: " " * len(skipped.group()), query))
    return (query[:m.start()], query[m.start():]) if m else ("", query)


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


def blank_node_chunks(quads: list[ox.Quad], size: int, blank_size: int | None = None) -> list[list[ox.Quad]]:
    """Quads in chunks of one graph each, every blank node's quads in one chunk.

    A blank node label only means the same node within one request, so the quads that share
    blank nodes (a claim's period, a quote's selector) must travel together. Quads without blank
    nodes come first, ``size`` of one graph to a chunk (sent by the Graph Store Protocol, or as
    ``INSERT DATA``); the blank node groups follow, about ``blank_size`` quads of one graph to a
    chunk (by the Graph Store Protocol, or as an ``INSERT`` template: Virtuoso compiles a
    template into SQL and refuses one of 1,500 quads, or one with blank nodes in two graphs).
    Only a blank node shared by two graphs makes a chunk of two graphs.

    >>> b = ox.BlankNode("x"); g = ox.NamedNode("http://ex/g"); p = ox.NamedNode("http://ex/p")
    >>> qs = [ox.Quad(ox.NamedNode(f"http://ex/{i}"), p, b if i in (0, 3) else ox.Literal(i), g) for i in range(5)]
    >>> [[q.subject.value[-1] for q in c] for c in blank_node_chunks(qs, 2)]
    [['1', '2'], ['4'], ['0', '3']]
    """
    blank_size = blank_size or size
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for q in quads:
        ids = [t.value for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)]
        if len(ids) == 2:
            a, b = root(ids[0]), root(ids[1])
            if a != b:
                parent[a] = b
    plain: dict[str, list[list[ox.Quad]]] = {}
    groups: dict[str, list[ox.Quad]] = {}
    for q in quads:
        node = q.subject if isinstance(q.subject, ox.BlankNode) else q.object
        if isinstance(node, ox.BlankNode):
            groups.setdefault(root(node.value), []).append(q)
        else:
            plain.setdefault(q.graph_name.value, []).append([q])
    by_graphs: dict[tuple[str, ...], list[list[ox.Quad]]] = {}
    for group in groups.values():  # one template, one graph: see the Virtuoso quirk in the module doc
        by_graphs.setdefault(tuple(sorted({q.graph_name.value for q in group})), []).append(group)
    return ([c for same in plain.values() for c in _pack(same, size)]
            + [c for same in by_graphs.values() for c in _pack(same, blank_size)])


def _pack(groups: list[list[ox.Quad]], size: int) -> list[list[ox.Quad]]:
    chunks: list[list[ox.Quad]] = []
    current: list[ox.Quad] = []
    for group in groups:
        if current and len(current) + len(group) > size:
            chunks.append(current)
            current = []
        current += group
    if current:
        chunks.append(current)
    return chunks


def insert_update(quads: list[ox.Quad]) -> str:
    """A SPARQL Update that adds ``quads``: ``INSERT DATA``, or ``INSERT ... WHERE {}`` with blank nodes.

    >>> g = ox.NamedNode("http://ex/g"); p = ox.NamedNode("http://ex/p")
    >>> print(insert_update([ox.Quad(p, p, ox.Literal("a"), g)]))
    INSERT DATA {
    GRAPH <http://ex/g> {
    <http://ex/p> <http://ex/p> "a" .
    }
    }
    >>> insert_update([ox.Quad(ox.BlankNode("b"), p, p, g)]).splitlines()[-1]
    '} WHERE {}'
    """
    by_graph: dict[str, list[str]] = {}
    blank = False
    for q in quads:
        blank = blank or isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {_sparql_term(q.object)} .")
    body = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
    if blank:  # Virtuoso refuses blank nodes in INSERT DATA; a template mints them fresh everywhere
        return "INSERT {\n" + body + "\n} WHERE {}"
    return "INSERT DATA {\n" + body + "\n}"


_XSD_DECIMAL = ox.NamedNode(XSD_DECIMAL)


def _sparql_term(term: object) -> str:
    """A term in SPARQL syntax; a decimal always with its point.

    Virtuoso reads ``"4"^^xsd:decimal`` in an update as the integer 4 and answers ``xsd:integer``
    ever after; ``"4.0"^^xsd:decimal`` is the same value and stays a decimal.

    >>> _sparql_term(ox.Literal("4", datatype=_XSD_DECIMAL))
    '"4.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    if isinstance(term, ox.Literal) and term.datatype == _XSD_DECIMAL and "." not in term.value:
        return str(ox.Literal(term.value + ".0", datatype=_XSD_DECIMAL))
    return str(term)


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


def _ox_term(node: object) -> Term:
    """A parsed pyoxigraph term as a protocol term (blank node labels as in JSON results)."""
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", _bnode(node.value))
    if isinstance(node, ox.Literal):
        if node.language:
            return Term("literal", node.value, None, node.language)
        return Term("literal", node.value, node.datatype.value)
    return Term("triple", str(node))

