"""The store protocol: the only way the API, the CLI and the check reach RDF data.

A store answers SPARQL 1.1 queries (https://www.w3.org/TR/sparql11-query/) over a default
graph that is the union of its named graphs, and loads RDF into named graphs. Results come
back as backend-neutral :class:`Term` values, so that callers never import rdflib or
pyoxigraph.

A store also says what it is as far as its callers care, so that none of them tests its class:
where its data lives (:attr:`~Store.location`, :attr:`~Store.address`, :attr:`~Store.remote`), the
manifest of what a load put in it, how another process opens it (:meth:`~Store.opener`) and
whether check workers may read it in parallel. An in-memory store answers with the defaults each
member documents. A store that is not remote is also a :class:`LocalStore`, whose content the
loader builds itself.

>>> t = Term("literal", "2014", XSD_GYEAR)
>>> t.python()
2014
>>> Table(["n"], [(Term("literal", "3", XSD_INTEGER),)]).records()
[{'n': 3}]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from ..namespaces import iri_ref, string_literal

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
XSD_DECIMAL = XSD + "decimal"
XSD_DOUBLE = XSD + "double"
XSD_BOOLEAN = XSD + "boolean"
XSD_GYEAR = XSD + "gYear"
_INTEGERS = {
    XSD + n
    for n in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {XSD_DOUBLE, XSD + "float"}

TermKind = Literal["uri", "literal", "bnode", "triple"]


@dataclass(frozen=True, slots=True)
class Term:
    """One RDF term, as the SPARQL 1.1 JSON results format describes it."""

    kind: TermKind
    value: str
    datatype: str | None = None
    lang: str | None = None

    def python(self) -> Any:
        """The term as a plain Python value: numbers, booleans and years become numbers."""
        if self.kind != "literal" or self.datatype is None:
            return self.value
        try:
            if self.datatype in _INTEGERS:
                return int(self.value)
            if self.datatype == XSD_DECIMAL:
                d = Decimal(self.value)
                return int(d) if d == d.to_integral_value() and "." not in self.value else float(d)
            if self.datatype in _FLOATS:
                return float(self.value)
            if self.datatype == XSD_BOOLEAN:
                return self.value in ("true", "1")
            if self.datatype == XSD_GYEAR:
                return int(self.value[:5] if self.value.startswith("-") else self.value[:4])
        except (ValueError, ArithmeticError):
            return self.value
        return self.value

    def n3(self) -> str:
        """The term in N-Triples / SPARQL syntax."""
        if self.kind == "uri":
            return iri_ref(self.value)
        if self.kind == "bnode":
            return f"_:{self.value}"
        body = string_literal(self.value)
        if self.lang:
            return f"{body}@{self.lang}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{body}^^{iri_ref(self.datatype)}"
        return body


Triple = tuple[Term, Term, Term]


@dataclass(slots=True)
class Table:
    """The answer to a SELECT query: its variables and its rows (``None`` where unbound)."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values."""
        names = self.variables
        return [{n: (t.python() if t is not None else None) for n, t in zip(names, row)} for row in self.rows]

    def terms(self) -> list[dict[str, Term | None]]:
        """Rows as dicts of terms."""
        return [dict(zip(self.variables, row)) for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """What every backend (embedded Oxigraph, a remote SPARQL 1.1 endpoint) offers."""

    @property
    def engine(self) -> str:
        """The engine that answers, in lower case (``"oxigraph"``, ``"virtuoso"``; ``""`` while
        unknown): the check writes its queries for Oxigraph's planner only where Oxigraph answers."""
        ...

    #: Whether writes are refused (an in-memory store: ``False``).
    read_only: bool

    # -- where the data lives, and what a persistent store records -----------------------------

    @property
    def location(self) -> Path | None:
        """The directory on this machine that holds the data (an on-disk store); ``None`` in
        memory or on a server. What is derived from the data is saved there."""
        ...

    @property
    def address(self) -> str:
        """Where the data lives, as messages name it: a directory, a query URL, ``"memory"``."""
        ...

    @property
    def remote(self) -> bool:
        """Whether the data lives on a server: a load is built here and sent graph by graph
        (see :mod:`forcedmig_kb.loading.staging`), and whoever opens the store needs the network.
        ``False`` for a :class:`LocalStore`."""
        ...

    @property
    def cache_key(self) -> str | None:
        """A name for the data, the same in every process that opens this store: derived data
        of a store without a :attr:`location` is cached under it. ``None`` in memory."""
        ...

    @property
    def parallel_reads(self) -> bool:
        """Whether other processes may open the store now (:meth:`opener`) and read it while
        this one does: the check then shares its queries among worker processes. ``False`` in
        memory."""
        ...

    @property
    def concurrent_queries(self) -> bool:
        """Whether threads of this process may query the store at once, each query evaluated
        without Python's lock (embedded Oxigraph): the check of a store in memory shares its
        queries among threads."""
        ...

    def manifest(self) -> dict | None:
        """What the last load recorded (the corpus's fingerprints and counts), or ``None``: a
        store that outlives this process and already holds a corpus is used as it is."""
        ...

    def write_manifest(self, manifest: dict) -> None:
        """Record ``manifest`` for the content as it now is."""
        ...

    def reopen_read_only(self) -> None:
        """Hold the store read-only from now on, so that other processes may open it too (an
        on-disk store: RocksDB lets many processes read, none while one may write). Does nothing
        where there is nothing to reopen (in memory, on a server)."""
        ...

    def opener(self) -> Callable[[], Store] | None:
        """A picklable function that opens this store read-only in another process; ``None``
        when the data lives only in this process (a worker must be given a copy)."""
        ...

    def shared(self, directory: Path) -> Callable[[], Store]:
        """A picklable function that opens this store's data read-only in another process: the
        :meth:`opener` when there is one, else (the data live only in this process) a copy
        written once under ``directory``, which every such process then reads."""
        ...

    # -- queries ----------------------------------------------------------------------------

    def select(self, query: str) -> Table:
        """Run a SELECT query; the default graph is the union of all named graphs."""
        ...

    def solutions(self, query: str) -> Iterator[dict[str, Term | None]]:
        """Run a SELECT query and yield its solutions one at a time, as dicts of terms (an
        embedded store as it evaluates them: a million rows are never held at once)."""
        ...

    def ask(self, query: str) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def answer(
        self,
        query: str,
        *,
        media_type: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
    ) -> bytes:
        """Run any query form and return its result already written in ``media_type``.

        SELECT and ASK results in a SPARQL results format (``application/sparql-results+json``,
        ``…+xml``, ``text/csv``, ``text/tab-separated-values``); CONSTRUCT and DESCRIBE results in
        an RDF format (``text/turtle``, ``application/n-triples``, ``application/ld+json``,
        ``application/rdf+xml``). The dataset is the union of the named graphs as default graph
        and every named graph, unless ``default_graph`` / ``named_graphs`` give the graph IRIs
        (as the SPARQL 1.1 Protocol's ``default-graph-uri`` / ``named-graph-uri`` do; an empty
        list is an empty default graph / no named graph). More than ``max_rows`` solutions or
        triples raise :class:`~forcedmig_kb.errors.QueryTooLarge`; a media type that does not
        fit the query form raises :class:`~forcedmig_kb.errors.ResultNotAcceptable`; a query
        that does not parse raises :class:`~forcedmig_kb.errors.QuerySyntaxError`.

        A remote adapter sends the query with ``Accept: media_type`` and the dataset parameters
        and returns the response body.
        """
        ...

    def load(self, data: bytes, *, format: str, graph: str | None = None) -> None:
        """Add RDF (``format``: a media type such as ``text/turtle``) to the named graph.

        With ``graph=None`` the data must be a dataset format (N-Quads, TriG) whose quads name
        their graphs; a blank node then stays one node across the graphs it appears in, which
        loading graph by graph cannot promise on a remote store.
        """
        ...

    def clear(self, graph: str | None = None) -> None:
        """Empty one named graph, or the whole store."""
        ...

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs that hold data."""
        ...

    def dump(self, *, format: str, graph: str | None = None, merged: bool = False) -> bytes:
        """Serialise one named graph, or all of them, in a media type.

        All graphs go out as quads in a format that carries graphs (N-Quads, TriG, JSON-LD),
        unless ``merged``: then, as in any format that does not, as the merged graph, each
        triple once. A remote adapter reads in pages, so a server's row cap cuts nothing.
        """
        ...

    def __len__(self) -> int:
        """The number of quads held."""
        ...


@runtime_checkable
class LocalStore(Store, Protocol):
    """A store this process holds (embedded pyoxigraph): the loader builds and edits its content
    natively, in a pyoxigraph store. Every store that is not :attr:`~Store.remote` is one."""

    @property
    def native(self) -> Any:
        """The underlying ``pyoxigraph.Store`` (for the loader, which edits it in place)."""
        ...

    def rebuild(self, build: Callable[[Any, bool], dict]) -> None:
        """Make new content with ``build(native, bulk)`` in a fresh pyoxigraph store and swap it
        in; ``build`` returns the manifest to record. If it raises, the store is left as it was."""
        ...
