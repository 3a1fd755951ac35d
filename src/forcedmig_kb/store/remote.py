"""A remote SPARQL 1.1 endpoint behind the Store protocol: Virtuoso, Oxigraph server, Fuseki, ...

The store is the named graphs under ``graph_prefix``, less the server's own; every query names
them as its dataset. Queries travel by the SPARQL 1.1 Protocol (:mod:`.sparql_protocol`), loads
by SPARQL 1.1 Update or the Graph Store Protocol (:mod:`.sparql_update`). Servers differ; each
difference is handled where its note is, and ``docs/stores.md`` lists them by server (Oxigraph,
Virtuoso, any).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, cast

import httpx
import pyoxigraph as ox

from ..errors import RdfSyntaxError, StoreError
from .formats import ox_term, rdf_format, syntax_reason, write_graph
from .protocol import Table, Term, Triple
from .sparql_protocol import NO_GRAPH, Dataset, SparqlClient
from .sparql_update import send_quads

__all__ = ["SYSTEM_GRAPHS", "SparqlStore"]

#: Graphs a server keeps for itself (IRI, or IRI prefix when it ends in ``*``): never the store's data.
SYSTEM_GRAPHS: tuple[str, ...] = (
    "http://www.openlinksw.com/*",  # Virtuoso: virtrdf# (its RDF views), and others
    "http://www.w3.org/ns/ldp#",  # Virtuoso: the LDP vocabulary it ships
    "http://localuriqaserver/*",  # Virtuoso: service description, [URIQA] DefaultHost unset
    "http://localhost:8890/sparql",  # Virtuoso: service description, Debian's DefaultHost
    "http://localhost:8890/DAV/*",  # Virtuoso: WebDAV metadata
)

_RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
_RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"


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
        self._auth, self._timeout = auth, timeout
        self._client = httpx.Client(
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": "forcedmig-kb"},
        )
        self._http = SparqlClient(query_url, self._client)

    def __repr__(self) -> str:
        return f"SparqlStore({self.query_url!r}, update_url={self.update_url!r}, graph_prefix={self.graph_prefix!r})"

    def options(self) -> dict[str, Any]:
        """The arguments that open this store again, read-only (in the service's query workers)."""
        return dict(
            query_url=self.query_url,
            update_url=self.update_url,
            gsp_url=self.gsp_url,
            auth=self._auth,
            timeout=self._timeout,
            graph_prefix=self.graph_prefix,
            system_graphs=self.system_graphs,
            chunk_size=self.chunk_size,
            blank_chunk_size=self.blank_chunk_size,
            page_size=self.page_size,
            graphs_ttl=self.graphs_ttl,
            read_only=True,
            dataset=self.dataset,
            graphs=self._graphs,
        )

    @property
    def engine(self) -> str:
        """The server's product, from the ``Server`` header of its answers (``""`` before any)."""
        return self._http.engine

    # -- where the data lives (see the Store protocol) ------------------------------------------

    remote = True
    location: Path | None = None  # on a server: no directory here
    parallel_reads = False  # the check's worker processes read on-disk stores only
    concurrent_queries = False  # one HTTP client, used from one thread

    @property
    def address(self) -> str:
        return self.query_url

    @property
    def cache_key(self) -> str | None:
        """A digest of the query URL and the graph prefix: one cache per server and scope."""
        return hashlib.sha256(f"{self.query_url}\0{self.graph_prefix}".encode()).hexdigest()[:16]

    def opener(self) -> Callable[[], SparqlStore]:
        """Opens this store again, read-only, with the same options (:meth:`options`)."""
        return partial(SparqlStore, **self.options())

    def shared(self, directory: Path) -> Callable[[], SparqlStore]:
        """The :meth:`opener`: a server shares its data already (nothing is written in ``directory``)."""
        return self.opener()

    def reopen_read_only(self) -> None:
        """Nothing to reopen: a server shares its data already."""

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def __enter__(self) -> SparqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries -------------------------------------------------------------------------

    def select(self, query: str) -> Table:
        """All the solutions, even past the server's row cap (read in pages)."""
        return self._http.select(query, self._dataset())

    def solutions(self, query: str) -> Iterator[dict[str, Term | None]]:
        """The solutions of :meth:`select`, one at a time (read whole from the server first)."""
        yield from self.select(query).terms()

    def ask(self, query: str) -> bool:
        return self._http.ask(query, self._dataset())

    def construct(self, query: str) -> list[Triple]:
        return self._http.construct(query, self._dataset())

    def answer(
        self,
        query: str,
        *,
        media_type: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
    ) -> bytes:
        """Any query form, written in ``media_type`` as the embedded store writes it (see
        :meth:`Store.answer`). The dataset is the store's graphs unless ``default_graph`` /
        ``named_graphs`` say otherwise."""
        if default_graph is None and named_graphs is None:
            dataset = self._dataset()
        else:
            dataset = [("default-graph-uri", g) for g in default_graph or [NO_GRAPH]] + [
                ("named-graph-uri", g) for g in named_graphs or [NO_GRAPH]
            ]
        return self._http.answer(query, dataset, media_type=media_type, max_rows=max_rows)

    def _dataset(self) -> Dataset:
        if self.dataset == "server":
            return []
        graphs = self._scope() or [NO_GRAPH]
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
        rows = self._http.pages(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", ["g", "n"], self.page_size, []
        )  # a server of more graphs than its row cap
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
        rows = self._http.select(query, []).rows
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
                raise StoreError(
                    "a quad in the default graph: the store holds named graphs only",
                    hint="give every triple a graph (N-Quads, TriG), or pass graph=",
                )
            if not self._owns(q.graph_name.value):
                raise StoreError(
                    f"graph <{q.graph_name.value}> is outside this store's graphs (prefix {self.graph_prefix!r})"
                )
        try:
            send_quads(
                self._http,
                quads,
                update_url=self.update_url,
                gsp_url=self.gsp_url,
                chunk_size=self.chunk_size,
                blank_chunk_size=self.blank_chunk_size,
            )
        finally:
            self._graphs = None

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update on the update endpoint."""
        self._writable()
        self._http.update(self.update_url, update)

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
            return cast(bytes, ox.serialize(quads, format=fmt))  # bytes when no output is given (stubs: | None)
        return write_graph((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format)

    def _graph_quads(self, graph: str) -> list[ox.Quad]:
        """One graph's quads, read in pages of ``page_size`` (or of the server's row cap, if lower)."""
        name = ox.NamedNode(graph)
        rows = self._http.pages(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
            ["s", "p", "o"],
            self.page_size,
            self._dataset(),
        )
        return [ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in rows]  # type: ignore[arg-type]
